// The API's OpenAPI 3.1 document, generated from the very zod schemas the handlers parse with.
// Every route content serves is listed here; a test holds this list against serverless.yml.

import {
  IdempotencyKey,
  Job,
  JobCreate,
  IdPath as JobIdPath,
  JobPage,
  JobsQuery,
} from '@copper/image-processing/http-schemas';
import { SearchQuery, SearchResults, Suggestions, SuggestQuery } from '@copper/search/http-schemas';
import * as z from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import {
  ArtworkActionPath,
  ArtworkCard,
  ArtworkCreate,
  ArtworkDetail,
  ArtworkSummary,
  ArtworkUpdate,
  Collection,
  CollectionArtworks,
  CollectionCreate,
  CollectionListItem,
  CollectionUpdate,
  Edition,
  EditionCreate,
  EditionUpdate,
  Health,
  IdPath,
  Impression,
  ImpressionActionPath,
  Inquiry,
  InquiryCreate,
  ListQuery,
  PageQuery,
  Problem,
  page,
  Site,
  SiteProfileUpdate,
  SlugPath,
  UploadRequest,
  UploadTicket,
} from './schemas.ts';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const problems = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      { description: 'A problem (RFC 9457)', content: { 'application/problem+json': { schema: Problem } } },
    ]),
  );
const ok = (status: number, description: string, schema?: z.ZodType) => ({
  [String(status)]: { description, ...(schema ? json(schema) : {}) },
});
const IfMatch = z.strictObject({
  'if-match': z.string().meta({ description: 'The ETag of the version the change is based on.' }),
});
const artist = { security: [{ artist: [] }] };
const write = (
  body: z.ZodType,
  status: number,
  response: z.ZodType,
  path?: z.ZodObject,
): ZodOpenApiOperationObject => ({
  ...artist,
  requestParams: { ...(path ? { path } : {}), header: IfMatch },
  requestBody: json(body),
  responses: { ...ok(status, 'Changed', response), ...problems(400, 401, 403, 404, 409, 412, 413, 415, 422, 428) },
});

/** A health route: 200 when the service and what it depends on answer, 503 naming what does not. */
const health = {
  get: { responses: { ...ok(200, 'Healthy', Health), ...ok(503, 'A dependency is unreachable', Health) } },
};

export const paths = {
  '/v1/health': health,
  '/v1/artworks': {
    get: {
      summary: 'Published artworks as cards, newest first',
      requestParams: { query: ListQuery },
      responses: { ...ok(200, 'A page of cards', page(ArtworkCard)), ...problems(422) },
    },
  },
  '/v1/artworks/{slug}': {
    get: {
      requestParams: { path: SlugPath },
      responses: { ...ok(200, 'The artwork with editions and availability', ArtworkDetail), ...problems(404, 422) },
    },
  },
  '/v1/artworks/{slug}/related': {
    get: {
      summary: 'Up to six published prints sharing a collection or a technique, most shared first',
      requestParams: { path: SlugPath },
      responses: {
        ...ok(200, 'Related prints as cards', z.object({ items: z.array(ArtworkCard) })),
        ...problems(404, 422),
      },
    },
  },
  '/v1/collections': {
    get: {
      responses: ok(200, 'Collections with their cover and count', z.object({ items: z.array(CollectionListItem) })),
    },
  },
  '/v1/site': {
    get: {
      summary: 'The artist’s name, statement and featured prints (ETag: the profile’s version)',
      responses: ok(200, 'The site profile', Site),
    },
  },
  '/v1/collections/{slug}': {
    get: {
      requestParams: { path: SlugPath },
      responses: {
        ...ok(
          200,
          'The collection and its published artworks',
          Collection.extend({ artworks: z.array(ArtworkSummary) }),
        ),
        ...problems(404, 422),
      },
    },
  },
  '/v1/inquiries': {
    post: {
      summary: 'Ask the artist about an artwork or an impression',
      requestBody: json(InquiryCreate),
      responses: {
        ...ok(202, 'Received', z.object({ status: z.literal('received') })),
        ...problems(400, 413, 415, 422),
      },
    },
    get: {
      ...artist,
      requestParams: { query: PageQuery },
      responses: { ...ok(200, 'Inquiries, newest first', page(Inquiry)), ...problems(401, 403, 422) },
    },
  },
  // The image service's routes, from its own schemas: the API is one document whoever serves it.
  '/v1/jobs/health': {
    get: { responses: { ...ok(200, 'Healthy (and sharp loads)', Health), ...ok(503, 'Unhealthy', Health) } },
  },
  '/v1/jobs': {
    post: {
      ...artist,
      summary: 'Process an uploaded scan into the artwork’s renditions, deep-zoom tiles and placeholder',
      requestParams: {
        header: z.object({
          'idempotency-key': IdempotencyKey.optional().meta({
            description: 'The same key with the same body returns the same job; with another body, 422.',
          }),
        }),
      },
      requestBody: json(JobCreate),
      responses: {
        ...ok(202, 'Accepted: the job, queued, with a link to poll', Job),
        ...problems(400, 401, 403, 413, 415, 422, 503),
      },
    },
    get: {
      ...artist,
      summary: 'Image jobs, newest first',
      requestParams: { query: JobsQuery },
      responses: { ...ok(200, 'A page of jobs', JobPage), ...problems(401, 403, 422) },
    },
  },
  '/v1/jobs/{id}': {
    get: {
      ...artist,
      requestParams: { path: JobIdPath },
      responses: { ...ok(200, 'The job with each step’s progress', Job), ...problems(401, 403, 404, 422) },
    },
  },
  '/v1/jobs/{id}/retry': {
    post: {
      ...artist,
      summary: 'Run a failed job again, reusing what it already made',
      requestParams: { path: JobIdPath },
      responses: { ...ok(202, 'Queued again', Job), ...problems(401, 403, 404, 409, 422, 503) },
    },
  },
  // The search service's routes, from its own schemas.
  '/v1/search/health': health,
  '/v1/search': {
    get: {
      summary: 'Search the published catalogue: words (typos, prefixes, synonyms), filters, facets',
      requestParams: { query: SearchQuery },
      responses: { ...ok(200, 'A page of hits with facet counts', SearchResults), ...problems(422) },
    },
  },
  '/v1/search/suggest': {
    get: {
      summary: 'Up to 8 completions (titles and words) of what the visitor is typing',
      requestParams: { query: SuggestQuery },
      responses: { ...ok(200, 'Suggestions', Suggestions), ...problems(422) },
    },
  },
  '/v1/uploads': {
    post: {
      ...artist,
      summary: 'A presigned POST for uploading one scan to the originals bucket',
      requestBody: json(UploadRequest),
      responses: { ...ok(201, 'Upload ticket', UploadTicket), ...problems(400, 401, 403, 413, 415, 422) },
    },
  },
  '/v1/studio/artworks': {
    get: {
      ...artist,
      requestParams: { query: PageQuery },
      responses: { ...ok(200, 'Every artwork, drafts included', page(ArtworkSummary)), ...problems(401, 403, 422) },
    },
    post: {
      ...artist,
      requestBody: json(ArtworkCreate),
      responses: { ...ok(201, 'Created draft', ArtworkSummary), ...problems(400, 401, 403, 409, 413, 415, 422) },
    },
  },
  '/v1/studio/artworks/{id}': {
    get: {
      ...artist,
      requestParams: { path: IdPath },
      responses: { ...ok(200, 'The artwork', ArtworkDetail), ...problems(401, 403, 404, 422) },
    },
    patch: write(ArtworkUpdate, 200, ArtworkSummary, IdPath),
  },
  '/v1/studio/artworks/{id}/{action}': {
    post: {
      ...artist,
      summary: 'publish, unpublish, archive or restore',
      requestParams: { path: ArtworkActionPath, header: IfMatch },
      responses: { ...ok(200, 'New status', ArtworkSummary), ...problems(401, 403, 404, 409, 412, 422, 428) },
    },
  },
  '/v1/studio/artworks/{id}/editions': {
    post: {
      ...artist,
      requestParams: { path: IdPath },
      requestBody: json(EditionCreate),
      responses: {
        ...ok(201, 'The edition with its impressions', Edition),
        ...problems(400, 401, 403, 404, 413, 415, 422),
      },
    },
  },
  '/v1/studio/editions/{id}': {
    get: {
      ...artist,
      requestParams: { path: IdPath },
      responses: { ...ok(200, 'The edition', Edition), ...problems(401, 403, 404, 422) },
    },
    patch: write(EditionUpdate, 200, Edition, IdPath),
    delete: {
      ...artist,
      requestParams: { path: IdPath, header: IfMatch },
      responses: { ...ok(204, 'Deleted'), ...problems(401, 403, 404, 409, 412, 422, 428) },
    },
  },
  '/v1/studio/impressions/{id}/{action}': {
    post: {
      ...artist,
      summary: 'reserve, release, sell, cancelSale, withhold or offer',
      requestParams: { path: ImpressionActionPath, header: IfMatch },
      responses: { ...ok(200, 'The impression', Impression), ...problems(401, 403, 404, 409, 412, 422, 428) },
    },
  },
  '/v1/studio/collections': {
    post: {
      ...artist,
      requestBody: json(CollectionCreate),
      responses: { ...ok(201, 'Created', Collection), ...problems(400, 401, 403, 409, 413, 415, 422) },
    },
  },
  '/v1/studio/collections/{id}': {
    get: {
      ...artist,
      requestParams: { path: IdPath },
      responses: {
        ...ok(200, 'The collection and its artwork order', Collection.extend({ artworkIds: z.array(z.uuid()) })),
        ...problems(401, 403, 404, 422),
      },
    },
    patch: write(CollectionUpdate, 200, Collection, IdPath),
  },
  '/v1/studio/collections/{id}/artworks': {
    put: write(CollectionArtworks, 200, Collection.extend({ artworkIds: z.array(z.uuid()) }), IdPath),
  },
  '/v1/studio/site': {
    put: write(SiteProfileUpdate, 200, Site),
  },
  '/v1/openapi.json': { get: { responses: ok(200, 'This document') } },
} satisfies ZodOpenApiPathsObject;

export function openApiDocument(version: string) {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Copper Print Gallery API',
      version,
      description: 'The catalogue of a printmaker: public reads, inquiries and the artist studio.',
    },
    components: {
      securitySchemes: {
        artist: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Auth0 access token of the artist',
        },
      },
    },
    paths,
  });
}
