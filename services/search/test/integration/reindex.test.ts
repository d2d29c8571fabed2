import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createPostgresDb, type DbHandle, executeRows } from '@copper/db/client';
import { artworkMedia, artworks, searchArtworkDetails, searchArtworks, searchMedia } from '@copper/db/schema';
import { createTestDatabaseServer, type TestDatabaseServer } from '@copper/db/testing';
import type { MediaDocument } from '@copper/events';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reindexSearch } from '../../../../scripts/search/reindex.ts';
import { seedDatabase } from '../../../../scripts/seed/run.ts';
import { mediaDocument } from '../../../content/test/support/media-events.ts';
import { createSearchStore } from '../../src/adapters/search-store.ts';

// `pnpm search:reindex`: search's read model rebuilt from a catalogue no event ever told it about
// (the sample catalogue, seeded before anything listens), through content's projection and search's
// store. The catalogue's rows are read here as its tables hold them, to check the result against.

const repoRoot = resolve(import.meta.dirname, '../../../..');

let database: TestDatabaseServer;
let handle: DbHandle;
/** The sample's published artworks, as content holds them. */
let published: { slug: string; title: string }[];

beforeAll(async () => {
  database = await createTestDatabaseServer();
  handle = createPostgresDb({ url: database.url });
  await seedDatabase(database.url, { onProgress: () => {} });
  published = await handle.db
    .select({ slug: artworks.slug, title: artworks.title })
    .from(artworks)
    .where(eq(artworks.status, 'published'))
    .orderBy(asc(artworks.slug));
});

afterAll(async () => {
  await handle?.close();
  await database?.close();
});

async function idOf(slug: string): Promise<string> {
  const [row] = await handle.db.select({ id: artworks.id }).from(artworks).where(eq(artworks.slug, slug));
  if (!row) throw new Error(`no sample artwork ${slug}`);
  return row.id;
}

/** Content's copy of a media, as its mediaEvents function keeps it. */
async function keptByContent(media: MediaDocument) {
  await handle.db.insert(artworkMedia).values({
    mediaId: media.id,
    artworkId: media.artworkId,
    document: media,
    publishedAt: new Date(media.publishedAt),
  });
}

const searchable = async () =>
  (await handle.db.select({ slug: searchArtworks.slug }).from(searchArtworks)).map((row) => row.slug).sort();

describe('reindexSearch', () => {
  it('makes exactly the published artworks searchable, as content projects them, with their media', async () => {
    const harbour = await idOf('harbour-at-low-tide');
    const draft = await idOf('bramble-in-winter');
    await keptByContent(mediaDocument(harbour, { alt: 'the harbour at low tide' }));
    await keptByContent(mediaDocument(draft, { alt: 'a draft’s scan' }));
    // Left over from before: an artwork search holds but the catalogue no longer shows (archived).
    await createSearchStore(handle.db).upsertArtwork({
      artworkId: await idOf('quay-lamps'),
      slug: 'quay-lamps',
      status: 'published',
      title: 'Quay Lamps',
      description: '',
      techniques: ['etching'],
      collections: [],
      year: 2018,
      plateWidthMm: null,
      plateHeightMm: null,
      price: null,
      availability: 'sold-out',
      publishedAt: null,
      changedAt: new Date().toISOString(),
    });
    expect(await searchable()).toContain('quay-lamps');

    const progress: [number, number, string][] = [];
    const summary = await reindexSearch(database.url, {
      pageSize: 4,
      onProgress: (done, total, label) => progress.push([done, total, label]),
    });

    expect(published.length).toBeGreaterThan(4);
    expect(summary).toEqual({ artworks: published.length, media: 2 });
    expect(await searchable()).toEqual(published.map((artwork) => artwork.slug));
    expect(progress.map(([done, total]) => [done, total])).toEqual(published.map((_, i) => [i + 1, published.length]));
    expect(progress.map(([, , label]) => label).sort()).toEqual(published.map((artwork) => artwork.title).sort());

    // Each hit is content's projection of it, read afresh.
    const [netLofts] = await handle.db.select().from(searchArtworks).where(eq(searchArtworks.slug, 'net-lofts'));
    // Every numbered impression sold and the edition closed, but its two proofs are still offered.
    expect(netLofts).toMatchObject({ availability: 'available', priceMinMinor: 26_000, priceMaxMinor: 26_000 });
    const [atLowTide] = await handle.db
      .select()
      .from(searchArtworks)
      .where(eq(searchArtworks.slug, 'harbour-at-low-tide'));
    expect(atLowTide?.collectionSlugs.sort()).toEqual(['ground-and-bite-2024', 'the-harbour']);
    expect(atLowTide?.availability).toBe('available');

    const media = await handle.db.select().from(searchMedia);
    expect(media.map((m) => [m.artworkId, m.alt]).sort()).toEqual(
      [
        [harbour, 'the harbour at low tide'],
        [draft, 'a draft’s scan'],
      ].sort(),
    );
  });

  it('gives the same read model when run again', async () => {
    const readModel = async () =>
      (
        await handle.db
          .select()
          .from(searchArtworks)
          .innerJoin(searchArtworkDetails, eq(searchArtworkDetails.artworkId, searchArtworks.artworkId))
      ).map((row) => ({ ...row.artworks, ...row.artwork_details }));
    const before = await readModel();
    expect(before).toHaveLength(published.length);
    const again = await reindexSearch(database.url, { onProgress: () => {} });
    expect(again.artworks).toBe(published.length);
    const after = await readModel();
    // The sets' numbers depend on the order artworks came in; what they stand for is on the row.
    const strip = (rows: typeof before) =>
      rows.map(({ titleVector, document, facetSet, collectionSet, ...rest }) => ({
        ...rest,
        vectors: `${titleVector}|${document}`,
      }));
    expect(strip(after).sort(byId)).toEqual(strip(before).sort(byId));
    const [astray] = await executeRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from search.artworks a
        join search.facet_sets f on f.id = a.facet_set join search.collection_sets c on c.id = a.collection_set
        where f.techniques <> a.techniques or f.availability <> a.availability
          or f.size_band is distinct from a.size_band or c.collection_slugs <> a.collection_slugs`,
    );
    expect(astray?.n).toBe(0);
  });
});

const byId = (a: { artworkId: string }, b: { artworkId: string }) => a.artworkId.localeCompare(b.artworkId);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function reindexScript(env: Record<string, string | undefined>): Promise<Run> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/search-reindex.ts'], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', failed);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('pnpm search:reindex', () => {
  it('rebuilds the read model of DATABASE_URL, showing its progress', async () => {
    await handle.db.delete(searchArtworks);
    const run = await reindexScript({ DATABASE_URL: database.url });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\[reindex\] \d+\/\d+ .+$/m);
    expect(run.stdout).toContain(`[reindex] ${published.length}/${published.length} `);
    expect(run.stdout).toContain(`[reindex] ${published.length} published artworks searchable, 2 media applied`);
    expect(await searchable()).toEqual(published.map((artwork) => artwork.slug));
  });

  it('without DATABASE_URL, uses the database of `pnpm dev` and says so when it is not running', async () => {
    const run = await reindexScript({ DATABASE_URL: undefined, PGLITE_PORT: '9' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('postgres://postgres:***@127.0.0.1:9/postgres');
    expect(run.stderr).toContain('cannot reach the database at postgres://postgres:***@127.0.0.1:9/postgres');
    expect(run.stderr).toContain('Is `pnpm dev` running?');
  });
});
