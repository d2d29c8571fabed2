// GET /v1/search and GET /v1/search/suggest through the Lambda handler and its middleware, on a
// database reached by URL as in the cloud: the answers, and the bad-input list (422 naming the parameter).
import { createPostgresDb, type DbHandle } from '@copper/db/client';
import { createTestDatabaseServer, type TestDatabaseServer } from '@copper/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSearchStore } from '../../src/adapters/search-store.ts';
import { CATALOGUE, mediaFor } from '../support/catalogue.ts';
import { invoke } from '../support/invoke.ts';

let database: TestDatabaseServer;
let loader: DbHandle;
let handler: Awaited<typeof import('../../src/handlers/search.ts')>['handler'];

beforeAll(async () => {
  database = await createTestDatabaseServer();
  loader = createPostgresDb({ url: database.url });
  const store = createSearchStore(loader.db);
  await store.upsertArtworks(CATALOGUE);
  await store.applyMedia(mediaFor(CATALOGUE[0]?.artworkId ?? ''));
  vi.stubEnv('STAGE', 'test');
  vi.stubEnv('LOG_LEVEL', 'ERROR');
  vi.stubEnv('DATABASE_URL', database.url);
  vi.stubEnv('MEDIA_BASE_URL', 'https://media.example/base');
  handler = (await import('../../src/handlers/search.ts')).handler;
});

afterAll(async () => {
  await loader?.close();
  await database?.close();
});

const search = (query: Record<string, string | string[]> = {}) => invoke(handler, 'GET /v1/search', query);
const suggest = (query: Record<string, string | string[]> = {}) => invoke(handler, 'GET /v1/search/suggest', query);

describe('GET /v1/search', () => {
  it('answers hits with highlights and a thumbnail URL, facets, ranges, the total and the next cursor', async () => {
    const response = await search({ q: 'harbour', limit: '2' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['cache-control']).toMatch(/^public/);
    const { hits, facets, stats, total, nextCursor } = response.body;
    expect(total).toBe(9);
    expect(hits).toHaveLength(2);
    expect(hits[0]).toEqual({
      id: CATALOGUE[0]?.artworkId,
      slug: 'harbour-in-fog',
      title: 'Harbour in Fog',
      year: 2019,
      techniques: ['aquatint', 'etching'],
      collections: [{ slug: 'harbours-and-shores', title: 'Harbours & Shores' }],
      price: { minMinor: 38000, maxMinor: 42000, currency: 'EUR' },
      availability: 'available',
      plateSizeMm: { width: 300, height: 200 },
      size: 'medium',
      publishedAt: '2024-01-01T12:00:00.000Z',
      thumbnail: {
        url: expect.stringMatching(/^https:\/\/media\.example\/base\/media\/.+\/640\.webp$/),
        width: 640,
        height: 480,
        contentType: 'image/webp',
        alt: 'An etched plate',
        placeholder: { thumbhash: expect.any(String), dominantColour: '#6b5a48' },
      },
      highlight: {
        title: '<mark>Harbour</mark> in Fog',
        description: 'Fishing boats at anchor in the grey morning, worked in soft aquatint tones.',
      },
    });
    expect(hits[1].thumbnail).toBeNull();
    expect(facets.technique).toContainEqual({ value: 'etching', count: 4 });
    expect(Object.keys(facets)).toEqual(['technique', 'collection', 'availability', 'size']);
    expect(stats.year).toEqual({ min: expect.any(Number), max: expect.any(Number) });
    expect(nextCursor).toEqual(expect.any(String));
    const next = await search({ q: 'harbour', limit: '2', cursor: nextCursor });
    expect(next.status).toBe(200);
    expect(next.body.hits.map((hit: { slug: string }) => hit.slug)).not.toContain('harbour-in-fog');
  });

  it('takes a filter repeated or as a comma list alike', async () => {
    const repeated = await search({ technique: ['mezzotint', 'engraving'], availability: 'available' });
    const listed = await search({ technique: 'mezzotint, engraving', availability: 'available' });
    expect(repeated.status).toBe(200);
    expect(repeated.body.total).toBeGreaterThan(1);
    expect(listed.body).toEqual(repeated.body);
  });

  it('browses when q is empty, and ignores empty filter values', async () => {
    const response = await search({ q: '', technique: '', sort: 'newest' });
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(30);
    expect(response.body.hits).toHaveLength(20);
  });

  const hostile = [
    `'`,
    `"`,
    '\\',
    `'; drop table search.artworks; --`,
    '&|!:*()<>',
    'harbour:* | !fog',
    '<mark>x</mark>',
    '%00',
    '🚢',
    'x'.repeat(200),
  ];
  it.each(hostile)('searches %j as text', async (q) => {
    const response = await search({ q });
    expect(response.status).toBe(200);
    expect(response.body.hits).toEqual(expect.any(Array));
  });
});

describe('GET /v1/search/suggest', () => {
  it('answers up to 8 completions', async () => {
    const response = await suggest({ q: 'harb' });
    expect(response.status).toBe(200);
    expect(response.body.suggestions.length).toBeGreaterThan(0);
    expect(response.body.suggestions.length).toBeLessThanOrEqual(8);
    expect(response.body.suggestions[0]).toEqual({
      kind: 'title',
      text: expect.any(String),
      highlight: expect.stringContaining('<mark>'),
      slug: expect.any(String),
    });
    expect((await suggest()).body).toEqual({ suggestions: [] });
  });
});

describe('bad input: 422 naming the parameter', () => {
  const forgedCursor = Buffer.from(JSON.stringify({ s: 'relevance', f: '00000000', k: 1, i: 'x' })).toString(
    'base64url',
  );
  const cases: [string, Record<string, string | string[]>, string][] = [
    ['q over 200 characters', { q: 'x'.repeat(201) }, 'query.q'],
    ['q with a NUL', { q: 'harbour\u0000' }, 'query.q'],
    ['an unknown parameter', { query: 'harbour' }, 'query.query'],
    ['an unknown technique', { technique: 'woodcut' }, 'query.technique'],
    ['an unknown technique in a list', { technique: 'etching,woodcut' }, 'query.technique'],
    ['an unknown repeated technique', { technique: ['etching', 'linocut'] }, 'query.technique'],
    ['an unknown availability', { availability: 'maybe' }, 'query.availability'],
    ['an unknown size band', { size: 'huge' }, 'query.size'],
    ['a collection that is no slug', { collection: 'Not a slug!' }, 'query.collection'],
    ['an unknown sort', { sort: 'cheapest' }, 'query.sort'],
    ['a sort given twice', { sort: ['newest', 'price_asc'] }, 'query.sort'],
    ['a year that is no number', { yearFrom: 'last year' }, 'query.yearFrom'],
    ['years inverted', { yearFrom: '2020', yearTo: '2010' }, 'query.yearFrom'],
    ['prices inverted', { priceFrom: '50000', priceTo: '100' }, 'query.priceFrom'],
    ['a negative price', { priceFrom: '-1' }, 'query.priceFrom'],
    ['a fractional price', { priceTo: '10.5' }, 'query.priceTo'],
    ['a limit above the cap', { limit: '51' }, 'query.limit'],
    ['a limit of zero', { limit: '0' }, 'query.limit'],
    ['a limit in exponent notation', { limit: '1e1' }, 'query.limit'],
    ['a cursor it never handed out', { cursor: 'bm90LWEtY3Vyc29y' }, 'query.cursor'],
    ['a forged cursor', { cursor: forgedCursor }, 'query.cursor'],
    ['a cursor that is not base64url', { cursor: "' or 1=1 --" }, 'query.cursor'],
  ];

  it.each(cases)('%s', async (_, query, path) => {
    const response = await search(query);
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 422, title: 'Unprocessable Content' });
    expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual([path]);
  });

  it('refuses a cursor from another search', async () => {
    const first = await search({ q: 'harbour', limit: '2' });
    const response = await search({ q: 'boats', limit: '2', cursor: first.body.nextCursor });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      { path: 'query.cursor', message: expect.stringContaining('another search') },
    ]);
  });

  it.each([
    ['q over 200 characters', { q: 'x'.repeat(201) }, 'query.q'],
    ['an unknown parameter', { q: 'harb', limit: '3' }, 'query.limit'],
  ] as const)('suggest: %s', async (_, query, path) => {
    const response = await suggest(query);
    expect(response.status).toBe(422);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual([path]);
  });
});
