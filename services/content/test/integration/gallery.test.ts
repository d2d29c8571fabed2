// What the public gallery's pages read, on the sample catalogue with a processed scan per print:
// cards in lists, the technique filter, related prints, collection covers and the site profile.
import { createPostgresDb, type DbHandle } from '@copper/db/client';
import { createTestDatabaseServer, type TestDatabaseServer } from '@copper/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCatalogueStore } from '../../src/adapters/catalogue-store.ts';
import { unheardArtworkEvents } from '../../src/domain/artwork-events.ts';
import { createCatalogue } from '../../src/domain/catalogue.ts';
import { SAMPLE_ARTWORKS, SAMPLE_COLLECTIONS, SAMPLE_SITE, seedCatalogue } from '../../src/seed/catalogue.ts';
import { invoke } from '../support/invoke.ts';
import { mediaPublishedEvent, processedScan } from '../support/media-events.ts';

// A CloudFront-length base URL, so the card sizes measured here are the ones visitors get.
const MEDIA_BASE_URL = 'https://d111111abcdef8.cloudfront.net/';

let database: TestDatabaseServer;
let handle: DbHandle;
let catalogue: Awaited<typeof import('../../src/handlers/catalogue.ts')>['handler'];
let studio: Awaited<typeof import('../../src/handlers/studio.ts')>['handler'];
let mediaEvents: Awaited<typeof import('../../src/handlers/media-events.ts')>['handler'];

interface Card {
  id: string;
  slug: string;
  techniques: string[];
  availability: { available: number; soldOut: boolean; lowestPrice: { amountMinor: number; currency: string } | null };
  image: {
    src: string;
    srcset: { avif: string | null; webp: string | null; jpeg: string | null };
    thumbhash: string;
  } | null;
}

const published = SAMPLE_ARTWORKS.filter((sample) => sample.status === 'published');
const slugsOf = (items: Card[]) => items.map((item) => item.slug);

beforeAll(async () => {
  database = await createTestDatabaseServer();
  handle = createPostgresDb({ url: database.url });
  vi.stubEnv('STAGE', 'test');
  vi.stubEnv('LOG_LEVEL', 'ERROR');
  vi.stubEnv('DATABASE_URL', database.url);
  vi.stubEnv('MEDIA_BASE_URL', MEDIA_BASE_URL);
  catalogue = (await import('../../src/handlers/catalogue.ts')).handler;
  studio = (await import('../../src/handlers/studio.ts')).handler;
  mediaEvents = (await import('../../src/handlers/media-events.ts')).handler;
});

afterAll(async () => {
  await handle?.close();
  await database?.close();
});

describe('the site profile of a fresh database', () => {
  it('answers a default until the artist saves one, at version 0', async () => {
    const site = await invoke(catalogue, 'GET /v1/site');
    expect(site.status).toBe(200);
    expect(site.body).toEqual({ artistName: 'The Artist', statement: '', featured: [], version: 0 });
    expect(site.headers.etag).toBe('"v0"');
  });
});

describe('the seeded gallery', () => {
  const ids = new Map<string, string>();

  beforeAll(async () => {
    const store = createCatalogueStore(handle.db);
    await seedCatalogue(createCatalogue(store, unheardArtworkEvents), store, () => {});
    for (const sample of SAMPLE_ARTWORKS) {
      const row = await store.artworkBySlug(sample.slug);
      if (!row) throw new Error(`the seed made no ${sample.slug}`);
      ids.set(sample.slug, row.id);
      // Every print but one gets a scan, so a card without an image is shown too.
      if (sample.slug === 'teasel') continue;
      const alt = `${sample.title}, ${sample.techniques.join(' and ')} on copper, by Mara Ellison`;
      await mediaEvents(mediaPublishedEvent({ media: processedScan(row.id, alt) }));
    }
  });

  const list = async (query: Record<string, string> = {}) => invoke(catalogue, 'GET /v1/artworks', { query });

  describe('GET /v1/artworks', () => {
    it('answers cards of at most 2 KB each, the full media staying on the artwork', async () => {
      const answer = await list({ limit: '100' });
      expect(answer.status).toBe(200);
      const items = answer.body.items as Card[];
      expect(items).toHaveLength(published.length);
      for (const item of items) {
        expect(Buffer.byteLength(JSON.stringify(item)), item.slug).toBeLessThanOrEqual(2048);
        expect(Object.keys(item).sort()).toEqual(
          ['availability', 'id', 'image', 'plateSizeMm', 'publishedAt', 'slug', 'techniques', 'title', 'year'].sort(),
        );
      }
      const withImage = items.filter((item) => item.image !== null);
      expect(withImage).toHaveLength(published.length - 1);
      expect(items.find((item) => item.slug === 'teasel')?.image).toBeNull();

      const harbour = items.find((item) => item.slug === 'harbour-at-low-tide');
      expect(harbour?.image?.src).toMatch(/^https:\/\/d111111abcdef8\.cloudfront\.net\/media\/.+\/640\.jpg$/);
      expect(harbour?.image?.srcset.jpeg).toMatch(/^https:\/\/\S+\/640\.jpg 640w, https:\/\/\S+\/960\.jpg 960w$/);
      expect(harbour?.image?.srcset.avif).toMatch(/^\S+\/640\.avif 640w, \S+\/960\.avif 960w$/);
      expect(harbour?.image?.srcset.webp).toMatch(/^\S+\/640\.webp 640w, \S+\/960\.webp 960w$/);

      const detail = await invoke(catalogue, 'GET /v1/artworks/{slug}', { params: { slug: 'harbour-at-low-tide' } });
      expect(detail.body.media[0].renditions).toHaveLength(18);
    });

    it('sums availability across editions and prices the cheapest open edition on offer', async () => {
      const items = (await list({ limit: '100' })).body.items as Card[];
      expect(items.find((item) => item.slug === 'net-lofts')?.availability).toMatchObject({
        soldOut: true,
        available: 2,
      });
      const detail = await invoke(catalogue, 'GET /v1/artworks/{slug}', { params: { slug: 'harbour-at-low-tide' } });
      const offered = (
        detail.body.editions as {
          status: string;
          price: { amountMinor: number };
          availability: { available: number };
        }[]
      ).filter((e) => e.status === 'open' && e.availability.available > 0);
      const card = items.find((item) => item.slug === 'harbour-at-low-tide');
      expect(card?.availability.lowestPrice).toEqual({
        amountMinor: Math.min(...offered.map((e) => e.price.amountMinor)),
        currency: 'EUR',
      });
    });

    it('filters by technique, any of several, and pages through the filtered list', async () => {
      const mezzotints = await list({ technique: 'mezzotint' });
      expect(slugsOf(mezzotints.body.items).sort()).toEqual(['dog-rose-hips', 'night-ferry']);

      const wanted = ['etching', 'drypoint'];
      const expected = published.filter((s) => s.techniques.some((t) => wanted.includes(t))).map((s) => s.slug);
      const all = await list({ technique: 'etching,drypoint', limit: '100' });
      expect(slugsOf(all.body.items).sort()).toEqual(expected.sort());

      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list({ technique: 'drypoint,etching', limit: '2', ...(cursor ? { cursor } : {}) });
        expect(page.status).toBe(200);
        walked.push(...slugsOf(page.body.items));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(walked).toEqual(slugsOf(all.body.items));
    });

    it('refuses an unknown technique and a non-numeric limit with 422 naming the parameter', async () => {
      for (const technique of ['nope', 'etching,nope', '', 'Etching']) {
        const refused = await list({ technique });
        expect(refused.status, technique).toBe(422);
        expect(refused.headers['content-type']).toBe('application/problem+json');
        expect(refused.body.errors).toEqual([{ path: 'query.technique', message: expect.any(String) }]);
      }
      const limit = await list({ limit: 'abc' });
      expect(limit.status).toBe(422);
      expect(limit.body.errors[0].path).toBe('query.limit');
    });

    it('refuses a cursor carried over to other filters, naming the cursor', async () => {
      const first = await list({ technique: 'aquatint', limit: '1' });
      const cursor = first.body.nextCursor as string;
      expect(cursor).toEqual(expect.any(String));
      const carriedOver: Record<string, string>[] = [
        { cursor },
        { cursor, technique: 'etching' },
        { cursor, technique: 'aquatint', collection: 'hedgerow' },
      ];
      for (const query of carriedOver) {
        const refused = await list(query);
        expect(refused.status, JSON.stringify(query)).toBe(422);
        expect(refused.body.errors).toEqual([{ path: 'query.cursor', message: expect.any(String) }]);
      }
      const unfiltered = (await list({ limit: '1' })).body.nextCursor as string;
      expect((await list({ cursor: unfiltered, collection: 'hedgerow' })).status).toBe(422);
      expect((await list({ cursor: unfiltered })).status).toBe(200);
    });
  });

  describe('GET /v1/artworks/{slug}/related', () => {
    it('answers up to six published cards sharing a collection or a technique, most shared first', async () => {
      const slug = 'harbour-at-low-tide';
      const self = SAMPLE_ARTWORKS.find((s) => s.slug === slug);
      const collectionsOf = (of: string) => SAMPLE_COLLECTIONS.filter((c) => c.artworks.includes(of));
      const shared = (other: string) => {
        const sample = published.find((s) => s.slug === other);
        const collections = collectionsOf(other).filter((c) => collectionsOf(slug).includes(c)).length;
        const techniques = (sample?.techniques ?? []).filter((t) => self?.techniques.includes(t)).length;
        return collections + techniques;
      };
      const related = await invoke(catalogue, 'GET /v1/artworks/{slug}/related', { params: { slug } });
      expect(related.status).toBe(200);
      const slugs = slugsOf(related.body.items);
      expect(slugs).toHaveLength(6);
      expect(slugs).not.toContain(slug);
      const scores = slugs.map(shared);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(scores.every((score) => score > 0)).toBe(true);
      // Nothing left out shares more than the last one shown.
      const leftOut = published.filter((s) => s.slug !== slug && !slugs.includes(s.slug)).map((s) => shared(s.slug));
      expect(Math.max(...leftOut)).toBeLessThanOrEqual(scores.at(-1) ?? 0);
      for (const item of related.body.items as Card[]) {
        expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThanOrEqual(2048);
      }
    });

    it('answers 404 for an unpublished or unknown print, and 422 for a malformed slug', async () => {
      for (const slug of ['salt-marsh-study', 'quay-lamps', 'no-such-print']) {
        const missing = await invoke(catalogue, 'GET /v1/artworks/{slug}/related', { params: { slug } });
        expect(missing.status, slug).toBe(404);
        expect(missing.headers['content-type']).toBe('application/problem+json');
      }
      const malformed = await invoke(catalogue, 'GET /v1/artworks/{slug}/related', { params: { slug: 'Not A Slug' } });
      expect(malformed.status).toBe(422);
      expect(malformed.body.errors[0].path).toBe('path.slug');
    });
  });

  describe('GET /v1/collections', () => {
    it('counts published artworks and covers each with its first published print’s card image', async () => {
      const cards = new Map(((await list({ limit: '100' })).body.items as Card[]).map((c) => [c.slug, c]));
      const answer = await invoke(catalogue, 'GET /v1/collections');
      expect(answer.status).toBe(200);
      for (const sample of SAMPLE_COLLECTIONS) {
        const item = answer.body.items.find((c: { slug: string }) => c.slug === sample.slug);
        const shown = sample.artworks.filter((slug) => cards.has(slug));
        expect(item.count, sample.slug).toBe(shown.length);
        const first = shown.find((slug) => cards.get(slug)?.image);
        expect(item.cover, sample.slug).toEqual(first ? cards.get(first)?.image : null);
      }
      // The archived quay-lamps heads nothing; the-harbour's cover is its first published print.
      const harbour = answer.body.items.find((c: { slug: string }) => c.slug === 'the-harbour');
      expect(harbour.cover.src).toBe(cards.get('harbour-at-low-tide')?.image?.src);
    });
  });

  describe('the site profile', () => {
    const site = () => invoke(catalogue, 'GET /v1/site');
    const put = (body: unknown, ifMatch?: string) =>
      invoke(studio, 'PUT /v1/studio/site', { body, headers: ifMatch ? { 'if-match': ifMatch } : {} });

    it('shows the seeded printmaker with four featured prints, in order, as cards', async () => {
      const answer = await site();
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ artistName: SAMPLE_SITE.artistName, statement: SAMPLE_SITE.statement });
      expect(slugsOf(answer.body.featured)).toEqual([...SAMPLE_SITE.featured]);
      expect(answer.headers.etag).toBe(`"v${answer.body.version}"`);
      expect(answer.headers['cache-control']).toBe('public, max-age=60');
    });

    it('needs If-Match (428) and refuses a stale one (412), changing nothing', async () => {
      const before = await site();
      const body = { artistName: 'Someone Else', statement: '', featuredArtworkIds: [] };
      const missing = await put(body);
      expect(missing.status).toBe(428);
      expect(missing.body.errors).toEqual([{ path: 'headers.if-match', message: expect.any(String) }]);
      const stale = await put(body, `"v${before.body.version - 1}"`);
      expect(stale.status).toBe(412);
      expect(stale.body.errors).toEqual([{ path: 'headers.if-match', message: 'is stale' }]);
      expect((await site()).body).toEqual(before.body);
    });

    it('refuses bad fields with 422 naming each, changing nothing', async () => {
      const before = await site();
      const ifMatch = before.headers.etag;
      const id = (slug: string) => ids.get(slug) ?? '';
      const cases: [unknown, string[]][] = [
        [{ artistName: '', statement: '', featuredArtworkIds: [] }, ['body.artistName']],
        [{ artistName: 'A', statement: 'x'.repeat(2001), featuredArtworkIds: [] }, ['body.statement']],
        [{ artistName: 'A', statement: '', featuredArtworkIds: ['not-a-uuid'] }, ['body.featuredArtworkIds.0']],
        [
          { artistName: 'A', statement: '', featuredArtworkIds: Array(13).fill(id('night-ferry')) },
          ['body.featuredArtworkIds'],
        ],
        [{ artistName: 'A', statement: '' }, ['body.featuredArtworkIds']],
        [{ artistName: 'A', statement: '', featuredArtworkIds: [], theme: 'dark' }, ['body.theme']],
        // A draft, an archived print, an unknown id and a repeat, each named by its place in the list.
        [
          {
            artistName: 'A',
            statement: '',
            featuredArtworkIds: [
              id('night-ferry'),
              id('salt-marsh-study'),
              id('quay-lamps'),
              '00000000-0000-4000-8000-000000000000',
              id('night-ferry'),
            ],
          },
          [
            'body.featuredArtworkIds.1',
            'body.featuredArtworkIds.2',
            'body.featuredArtworkIds.3',
            'body.featuredArtworkIds.4',
          ],
        ],
      ];
      for (const [body, paths] of cases) {
        const refused = await put(body, ifMatch);
        expect(refused.status, JSON.stringify(body).slice(0, 200)).toBe(422);
        expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(paths);
      }
      expect((await site()).body).toEqual(before.body);
    });

    it('saves a whole new profile at the next version, and shows featured prints only while published', async () => {
      const before = await site();
      const featured = ['dog-rose-hips', 'teasel', 'net-lofts'].map((slug) => ids.get(slug) ?? '');
      const saved = await put(
        { artistName: '  Mara Ellison  ', statement: 'Copper, acid, ink.', featuredArtworkIds: featured },
        before.headers.etag,
      );
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ artistName: 'Mara Ellison', statement: 'Copper, acid, ink.' });
      expect(saved.body.version).toBe(before.body.version + 1);
      expect(saved.headers.etag).toBe(`"v${saved.body.version}"`);
      expect(slugsOf(saved.body.featured)).toEqual(['dog-rose-hips', 'teasel', 'net-lofts']);
      expect(saved.body.featured[1].image).toBeNull();
      expect((await site()).body).toEqual(saved.body);

      const teasel = await invoke(studio, 'GET /v1/studio/artworks/{id}', { params: { id: ids.get('teasel') ?? '' } });
      const unpublished = await invoke(studio, 'POST /v1/studio/artworks/{id}/{action}', {
        params: { id: ids.get('teasel') ?? '', action: 'unpublish' },
        headers: { 'if-match': teasel.headers.etag ?? '' },
      });
      expect(unpublished.status).toBe(200);
      expect(slugsOf((await site()).body.featured)).toEqual(['dog-rose-hips', 'net-lofts']);
    });
  });
});
