import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { openApiDocument } from '../../src/http/openapi.ts';

interface HttpEvent {
  http?: { path: string; method: string };
}
interface ServerlessConfig {
  functions: Record<string, { events?: HttpEvent[] }>;
}

const document = openApiDocument('1.2.3');

describe('GET /v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document by an independent validator', async () => {
    const result = await validate(structuredClone(document) as Parameters<typeof validate>[0]);
    // On failure the validator's own list of errors is the useful message.
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(document.openapi).toBe('3.1.0');
  });

  it('lists every route the three services answer, and no other', async () => {
    const configs = await Promise.all(
      ['../../serverless.yml', '../../../image-processing/serverless.yml', '../../../search/serverless.yml'].map(
        async (file) => parse(await readFile(resolve(import.meta.dirname, file), 'utf8')) as ServerlessConfig,
      ),
    );
    const served = configs
      .flatMap((config) => Object.values(config.functions))
      .flatMap((fn) => fn.events ?? [])
      .flatMap((event) => (event.http ? [`${event.http.method.toUpperCase()} /${event.http.path}`] : []))
      .sort();
    const documented = Object.entries(document.paths ?? {})
      .flatMap(([path, item]) =>
        Object.keys(item ?? {})
          .filter((key) => ['get', 'post', 'put', 'patch', 'delete'].includes(key))
          .map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(served.length).toBeGreaterThan(15);
    expect(documented).toEqual(served);
  });

  it('marks exactly the artist routes as needing the artist bearer token', async () => {
    const configs = await Promise.all(
      ['../../serverless.yml', '../../../image-processing/serverless.yml', '../../../search/serverless.yml'].map(
        async (file) =>
          parse(await readFile(resolve(import.meta.dirname, file), 'utf8')) as {
            functions: Record<string, { events?: { http?: { path: string; method: string; authorizer?: unknown } }[] }>;
          },
      ),
    );
    const protectedRoutes = configs
      .flatMap((config) => Object.values(config.functions))
      .flatMap((fn) => fn.events ?? [])
      .flatMap((event) => (event.http?.authorizer ? [`${event.http.method} /${event.http.path}`] : []))
      .sort();
    const secured = Object.entries(document.paths ?? {})
      .flatMap(([path, item]) =>
        Object.entries(item ?? {})
          .filter(([, operation]) => Array.isArray((operation as { security?: unknown[] }).security))
          .map(([method]) => `${method} ${path}`),
      )
      .sort();
    expect(secured).toEqual(protectedRoutes);
    expect(protectedRoutes).toContain('post /v1/uploads');
    expect(protectedRoutes).toContain('get /v1/inquiries');
    expect(protectedRoutes).not.toContain('post /v1/inquiries');
    expect(protectedRoutes).toContain('post /v1/jobs');
  });

  it('describes request bodies from the same zod schemas the handlers parse with', () => {
    const schemas = document.components?.schemas ?? {};
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['ArtworkCreate', 'EditionCreate', 'InquiryCreate', 'UploadRequest']),
    );
    const upload = schemas.UploadRequest as {
      properties: { contentType: { enum: string[] } };
      additionalProperties: unknown;
    };
    expect(upload.properties.contentType.enum).toEqual(['image/jpeg', 'image/png', 'image/tiff', 'image/webp']);
    expect(upload.additionalProperties).toBe(false);
  });

  it('describes what the gallery’s pages read: cards, the technique filter, related prints, covers, the site', () => {
    const schemas = document.components?.schemas ?? {};
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['ArtworkCard', 'CardImage', 'CollectionListItem', 'Site', 'SiteProfileUpdate']),
    );
    const card = schemas.ArtworkCard as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(card.properties).sort()).toEqual(
      ['availability', 'id', 'image', 'plateSizeMm', 'publishedAt', 'slug', 'techniques', 'title', 'year'].sort(),
    );
    const list = document.paths?.['/v1/artworks']?.get as { parameters: { name: string; in: string }[] };
    expect(list.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['technique', 'collection', 'cursor']));
    const json = (path: string, method: 'get' | 'put') =>
      JSON.stringify(
        (document.paths?.[path]?.[method] as { responses: Record<string, unknown> } | undefined)?.responses['200'],
      );
    expect(json('/v1/artworks', 'get')).toContain('#/components/schemas/ArtworkCard');
    expect(json('/v1/artworks/{slug}/related', 'get')).toContain('#/components/schemas/ArtworkCard');
    expect(json('/v1/collections', 'get')).toContain('#/components/schemas/CollectionListItem');
    expect(json('/v1/site', 'get')).toContain('#/components/schemas/Site');
    expect(json('/v1/studio/site', 'put')).toContain('#/components/schemas/Site');
    const update = schemas.SiteProfileUpdate as { properties: { featuredArtworkIds: { maxItems: number } } };
    expect(update.properties.featuredArtworkIds.maxItems).toBe(12);
  });
});
