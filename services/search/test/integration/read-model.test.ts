// The read model as events keep it: late, repeated and reordered artwork changes and media, and
// a vocabulary that stays exactly the words of the searchable artworks.
import { executeRows } from '@copper/db/client';
import { createTestDatabase, type TestDatabase } from '@copper/db/testing';
import type { ArtworkProjection } from '@copper/events';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSearchStore } from '../../src/adapters/search-store.ts';
import type { SearchPort } from '../../src/domain/ports.ts';
import { createSearch, type Search } from '../../src/domain/search.ts';
import { byTitle, CATALOGUE, later, mediaFor } from '../support/catalogue.ts';
import { request } from '../support/search.ts';

let database: TestDatabase;
let store: SearchPort;
let search: Search;

beforeAll(async () => {
  database = await createTestDatabase();
  store = createSearchStore(database.db);
  search = createSearch(store);
});

beforeEach(async () => {
  await store.clear({ media: true });
});

afterAll(async () => {
  await database?.close();
});

const slugs = async (q = '') => (await search.search(request({ q }))).hits.map((hit) => hit.slug).sort();

/** The vocabulary as it should be: the words of the searchable artworks, with how many hold each. */
async function vocabularyDrift() {
  return executeRows<{ term: string; held: number | null; expected: number | null }>(
    database.db,
    sql`with expected as (
        select term, count(*)::int as documents from search.artwork_details, unnest(terms) as term group by term
      )
      select coalesce(t.term, e.term) as term, t.documents as held, e.documents as expected
      from search.terms t full join expected e on e.term = t.term
      where t.documents is distinct from e.documents`,
  );
}

const thistle = byTitle('Thistle');
const heron = byTitle('Grey Heron');

describe('artwork changes in any order', () => {
  it('stores a published artwork and removes it when it is no longer published', async () => {
    expect(await store.upsertArtwork(thistle)).toBe('stored');
    expect(await slugs('thistle')).toEqual(['thistle']);
    expect(await store.upsertArtwork({ ...thistle, status: 'draft', changedAt: later(thistle.changedAt, 1) })).toBe(
      'removed',
    );
    expect(await slugs('thistle')).toEqual([]);
    expect(await store.upsertArtwork({ ...thistle, status: 'published', changedAt: later(thistle.changedAt, 2) })).toBe(
      'stored',
    );
    expect(await store.upsertArtwork({ ...thistle, status: 'archived', changedAt: later(thistle.changedAt, 3) })).toBe(
      'removed',
    );
    expect(await slugs()).toEqual([]);
  });

  it('ignores a change older than the one it holds, even after a removal', async () => {
    const renamed = { ...thistle, title: 'Thistle Head', changedAt: later(thistle.changedAt, 10) };
    expect(await store.upsertArtwork(renamed)).toBe('stored');
    expect(await store.upsertArtwork(thistle)).toBe('stale');
    expect((await search.search(request({ q: 'thistle' }))).hits[0]?.title).toBe('Thistle Head');
    const unpublished = { ...thistle, status: 'draft' as const, changedAt: later(thistle.changedAt, 20) };
    expect(await store.upsertArtwork(unpublished)).toBe('removed');
    // The publish that preceded the unpublish arrives late: it must not bring the artwork back.
    expect(await store.upsertArtwork(renamed)).toBe('stale');
    expect(await slugs()).toEqual([]);
  });

  it('applies the same change twice as once', async () => {
    expect(await store.upsertArtwork(thistle)).toBe('stored');
    expect(await store.upsertArtwork(thistle)).toBe('stored');
    expect((await search.search(request())).total).toBe(1);
    expect(await vocabularyDrift()).toEqual([]);
  });

  it('applies the latest change of an artwork within a batch', async () => {
    const outcomes = await store.upsertArtworks([
      { ...heron, title: 'Heron, late', changedAt: later(heron.changedAt, 5) },
      heron,
      thistle,
    ]);
    expect(outcomes).toEqual(['stored', 'stale', 'stored']);
    expect((await search.search(request({ q: 'heron' }))).hits[0]?.title).toBe('Heron, late');
  });

  it('removes by id, and not when a newer change is held', async () => {
    await store.upsertArtwork(thistle);
    expect(await store.removeArtwork(thistle.artworkId, later(thistle.changedAt, -1))).toBe('stale');
    expect(await slugs()).toEqual(['thistle']);
    expect(await store.removeArtwork(thistle.artworkId)).toBe('removed');
    expect(await store.removeArtwork(thistle.artworkId)).toBe('absent');
    expect(await slugs()).toEqual([]);
  });
});

describe('media in any order', () => {
  it('keeps media that arrive before their artwork, and shows them once it is searchable', async () => {
    expect(await store.applyMedia(mediaFor(thistle.artworkId))).toBe('unknown-artwork');
    expect(await store.upsertArtwork(thistle)).toBe('stored');
    const [hit] = (await search.search(request({ q: 'thistle' }))).hits;
    expect(hit?.image?.thumbnail.key).toMatch(/640\.webp$/);
    expect(hit?.image?.placeholder.dominantColour).toBe('#6b5a48');
  });

  it('keeps the newest media, whatever order they come in, and takes a repeat as stored', async () => {
    await store.upsertArtwork(thistle);
    const newer = mediaFor(thistle.artworkId, {
      id: '30000000-0000-4000-8000-000000000001',
      publishedAt: '2025-03-01T00:00:00.000Z',
      widths: [800],
    });
    const older = mediaFor(thistle.artworkId, { publishedAt: '2025-02-01T00:00:00.000Z' });
    expect(await store.applyMedia(newer)).toBe('stored');
    expect(await store.applyMedia(older)).toBe('stale');
    expect(await store.applyMedia(newer)).toBe('stored');
    const [hit] = (await search.search(request({ q: 'thistle' }))).hits;
    expect(hit?.image?.thumbnail).toMatchObject({ width: 800, key: expect.stringContaining(newer.id) });
  });

  it('keeps media through an unpublish, for the next publish', async () => {
    await store.upsertArtwork(thistle);
    await store.applyMedia(mediaFor(thistle.artworkId));
    await store.upsertArtwork({ ...thistle, status: 'draft', changedAt: later(thistle.changedAt, 1) });
    await store.upsertArtwork({ ...thistle, changedAt: later(thistle.changedAt, 2) });
    expect((await search.search(request({ q: 'thistle' }))).hits[0]?.image).not.toBeNull();
  });
});

describe('the vocabulary', () => {
  it('holds exactly the words of the searchable artworks through edits and removals', async () => {
    await store.upsertArtworks(CATALOGUE);
    expect(await vocabularyDrift()).toEqual([]);
    await store.upsertArtwork({
      ...heron,
      title: 'Egret',
      description: 'A white egret.',
      changedAt: later(heron.changedAt, 1),
    });
    await store.upsertArtwork({ ...thistle, status: 'archived', changedAt: later(thistle.changedAt, 1) });
    await store.removeArtwork(byTitle('Boatyard').artworkId);
    expect(await vocabularyDrift()).toEqual([]);
    const [heronTerm] = await executeRows<{ count: number }>(
      database.db,
      sql`select count(*)::int as count from search.terms where term in ('heron', 'thistle', 'caulker')`,
    );
    expect(heronTerm?.count).toBe(0);
  });

  it('forgets a removed artwork’s words for typos and suggestions', async () => {
    await store.upsertArtworks(CATALOGUE);
    expect(await slugs('thistel')).toEqual(['thistle']);
    expect((await search.suggest('thist')).map((s) => s.text.toLowerCase())).toContain('thistle');
    await store.upsertArtwork({ ...thistle, status: 'draft', changedAt: later(thistle.changedAt, 1) });
    expect(await slugs('thistel')).toEqual([]);
    expect(await search.suggest('thist')).toEqual([]);
  });

  it('stays exact under concurrent writes sharing words', async () => {
    const copies: ArtworkProjection[] = Array.from({ length: 24 }, (_, i) => ({
      ...heron,
      artworkId: `40000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      slug: `heron-${i}`,
      title: `Heron ${i % 3 === 0 ? 'in reeds' : 'at dawn'}`,
    }));
    await Promise.all(copies.map((copy) => store.upsertArtwork(copy)));
    await Promise.all(
      copies
        .filter((_, i) => i % 2 === 0)
        .map((copy) => store.upsertArtwork({ ...copy, status: 'draft', changedAt: later(copy.changedAt, 1) })),
    );
    expect(await vocabularyDrift()).toEqual([]);
    expect((await search.search(request())).total).toBe(12);
  });
});

describe('clear and optimize', () => {
  it('empty the read model for a rebuild, keeping media unless asked', async () => {
    await store.upsertArtworks(CATALOGUE.slice(0, 3));
    await store.applyMedia(mediaFor(CATALOGUE[0]?.artworkId ?? ''));
    await store.clear();
    await store.optimize();
    expect((await search.search(request())).total).toBe(0);
    const [counts] = await executeRows<{ terms: number; versions: number; media: number }>(
      database.db,
      sql`select (select count(*)::int from search.terms) as terms,
        (select count(*)::int from search.artwork_versions) as versions,
        (select count(*)::int from search.media) as media`,
    );
    expect(counts).toEqual({ terms: 0, versions: 0, media: 1 });
    // A change older than one seen before the clear is applied: the rebuild is the truth now.
    expect(await store.upsertArtwork(CATALOGUE[0] as ArtworkProjection)).toBe('stored');
    expect((await search.search(request())).hits[0]?.image).not.toBeNull();
    await store.clear({ media: true });
    const [after] = await executeRows<{ media: number }>(
      database.db,
      sql`select count(*)::int as media from search.media`,
    );
    expect(after?.media).toBe(0);
  });
});
