import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createPostgresDb, type Database, type DbHandle } from '@copper/db/client';
import { artworks, collectionArtworks, collections, editions, impressions, siteProfile } from '@copper/db/schema';
import { createTestDatabaseServer, type TestDatabaseServer } from '@copper/db/testing';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogueStore, createCatalogueStore } from '../../src/adapters/catalogue-store.ts';
import { unheardArtworkEvents } from '../../src/domain/artwork-events.ts';
import { type Catalogue, createCatalogue } from '../../src/domain/catalogue.ts';
import {
  SAMPLE_ARTWORKS,
  SAMPLE_COLLECTIONS,
  SAMPLE_SITE,
  type SeedSummary,
  seedCatalogue,
} from '../../src/seed/catalogue.ts';

const repoRoot = resolve(import.meta.dirname, '../../../..');
const TOTAL = SAMPLE_ARTWORKS.length + SAMPLE_COLLECTIONS.length;

/** Every catalogue row's identity and version, so a second run that touched anything shows up. */
async function snapshot(db: Database) {
  const versioned = { id: true, version: true, updatedAt: true } as const;
  return {
    artworks: await db.query.artworks.findMany({ columns: { ...versioned, status: true }, orderBy: asc(artworks.id) }),
    editions: await db.query.editions.findMany({ columns: { ...versioned, status: true }, orderBy: asc(editions.id) }),
    impressions: await db.query.impressions.findMany({
      columns: { ...versioned, status: true },
      orderBy: asc(impressions.id),
    }),
    collections: await db.query.collections.findMany({ columns: versioned, orderBy: asc(collections.id) }),
    site: await db.select().from(siteProfile),
    placements: await db
      .select()
      .from(collectionArtworks)
      .orderBy(asc(collectionArtworks.collectionId), asc(collectionArtworks.position)),
  };
}

describe('seedCatalogue', () => {
  let server: TestDatabaseServer;
  let handle: DbHandle;
  let store: CatalogueStore;
  let catalogue: Catalogue;
  let first: SeedSummary;
  const progress: [number, number, string][] = [];

  beforeAll(async () => {
    server = await createTestDatabaseServer();
    handle = createPostgresDb({ url: server.url });
    store = createCatalogueStore(handle.db);
    catalogue = createCatalogue(store, unheardArtworkEvents);
    first = await seedCatalogue(catalogue, store, (done, total, label) => progress.push([done, total, label]));
  });

  afterAll(async () => {
    await handle?.close();
    await server?.close();
  });

  it('creates every sample artwork and collection, reporting each step up to the total', () => {
    expect(first).toEqual({ created: TOTAL, skipped: 0 });
    expect(progress.map(([done, total]) => [done, total])).toEqual(
      Array.from({ length: TOTAL }, (_, i) => [i + 1, TOTAL]),
    );
    expect(progress.map(([, , label]) => label)).toContain('Harbour at Low Tide');
  });

  it('holds at least 12 artworks with drafts and an archived one for the studio', async () => {
    const { items } = await catalogue.studioPage({ limit: 100 });
    expect(items.length).toBeGreaterThanOrEqual(12);
    const byStatus = Object.groupBy(items, (artwork) => artwork.status);
    expect(byStatus.draft?.length).toBeGreaterThanOrEqual(1);
    expect(byStatus.draft?.length).toBeLessThanOrEqual(2);
    expect(byStatus.archived?.length).toBe(1);
    expect(byStatus.published?.length).toBeGreaterThanOrEqual(10);
  });

  it('shows visitors the published artworks only, newest first, with their prices', async () => {
    const studio = (await catalogue.studioPage({ limit: 100 })).items;
    const published = studio.filter((artwork) => artwork.status === 'published').map((artwork) => artwork.slug);
    const { items, nextCursor } = await catalogue.publishedPage({ limit: 100 });
    expect(nextCursor).toBeNull();
    expect(items.map((item) => item.artwork.slug).sort()).toEqual(published.sort());
    expect(items[0]?.artwork.slug).toBe('night-ferry');
    const prices = items.flatMap((item) => (item.availability.lowestPrice ? [item.availability.lowestPrice] : []));
    expect(prices.length).toBeGreaterThan(items.length / 2);
    expect(prices.every((price) => price.currency === 'EUR' && price.amountMinor > 0)).toBe(true);
    expect(items.find((item) => item.artwork.slug === 'net-lofts')?.availability).toMatchObject({
      soldOut: true,
      available: 2,
    });
    const harbour = await catalogue.publishedArtwork('harbour-at-low-tide');
    expect(harbour.collections.map((c) => c.slug).sort()).toEqual(['ground-and-bite-2024', 'the-harbour']);
    await expect(catalogue.publishedArtwork('salt-marsh-study')).rejects.toThrow(/no artwork/);
    await expect(catalogue.publishedArtwork('quay-lamps')).rejects.toThrow(/no artwork/);
  });

  it('has editions open, partly sold, sold out and closed, each with a plate that fits its sheet', async () => {
    const studio = (await catalogue.studioPage({ limit: 100 })).items;
    const views = await Promise.all(studio.map((artwork) => catalogue.studioArtwork(artwork.id)));
    const all = views.flatMap((view) => view.editions);
    const untouched = all.filter(
      ({ edition, availability }) =>
        edition.status === 'open' && availability.availableCount === edition.size + edition.artistProofs,
    );
    const partly = all.filter(({ availability: a }) => !a.soldOut && (a.numbered.sold > 0 || a.numbered.reserved > 0));
    const soldOut = all.filter(({ availability }) => availability.soldOut);
    const closed = all.filter(({ edition }) => edition.status === 'closed');
    expect(untouched.length).toBeGreaterThanOrEqual(2);
    expect(partly.length).toBeGreaterThanOrEqual(2);
    expect(partly.some(({ availability }) => availability.numbered.reserved > 0)).toBe(true);
    expect(soldOut.length).toBeGreaterThanOrEqual(1);
    expect(closed.length).toBeGreaterThanOrEqual(1);
    for (const { edition, impressions: own } of all) {
      expect(own).toHaveLength(edition.size + edition.artistProofs);
      expect(edition.plateWidthMm).toBeLessThanOrEqual(edition.sheetWidthMm ?? 0);
      expect(edition.plateHeightMm).toBeLessThanOrEqual(edition.sheetHeightMm ?? 0);
    }
  });

  it('arranges three collections in the order the sample gives', async () => {
    const listed = await catalogue.collections();
    expect(listed.map((c) => c.slug).sort()).toEqual(SAMPLE_COLLECTIONS.map((c) => c.slug).sort());
    const slugOf = new Map((await catalogue.studioPage({ limit: 100 })).items.map((a) => [a.id, a.slug]));
    for (const sample of SAMPLE_COLLECTIONS) {
      const found = listed.find((c) => c.slug === sample.slug);
      if (!found) throw new Error(`collection ${sample.slug} missing`);
      const { artworkIds } = await catalogue.studioCollection(found.id);
      expect(artworkIds.map((id) => slugOf.get(id))).toEqual(sample.artworks);
    }
  });

  it('fills the site profile with the sample printmaker and her four featured prints, in order', async () => {
    const [profile] = await handle.db.select().from(siteProfile);
    expect(profile).toMatchObject({ artistName: SAMPLE_SITE.artistName, statement: SAMPLE_SITE.statement, version: 1 });
    const slugs = await Promise.all(
      (profile?.featuredArtworkIds ?? []).map(async (id) => (await store.artworkById(id))?.slug),
    );
    expect(slugs).toEqual([...SAMPLE_SITE.featured]);
  });

  it('creates and changes nothing when run again', async () => {
    const before = await snapshot(handle.db);
    const steps: number[] = [];
    const again = await seedCatalogue(catalogue, store, (done, total) => {
      expect(total).toBe(TOTAL);
      steps.push(done);
    });
    expect(again).toEqual({ created: 0, skipped: TOTAL });
    expect(steps.at(-1)).toBe(TOTAL);
    expect(await snapshot(handle.db)).toEqual(before);
  });

  it('leaves an artwork the artist already made under a sample slug alone', async () => {
    const other = await createTestDatabaseServer();
    const otherHandle = createPostgresDb({ url: other.url });
    try {
      const otherStore = createCatalogueStore(otherHandle.db);
      const otherCatalogue = createCatalogue(otherStore, unheardArtworkEvents);
      const own = await otherCatalogue.createArtwork({
        title: 'My Own Teasel',
        slug: 'teasel',
        techniques: ['drypoint'],
        description: '',
      });
      const summary = await seedCatalogue(otherCatalogue, otherStore, () => {});
      expect(summary).toEqual({ created: TOTAL - 1, skipped: 1 });
      expect(await otherStore.artworkBySlug('teasel')).toEqual(own);
    } finally {
      await otherHandle.close();
      await other.close();
    }
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `pnpm seed` as its script runs it; asynchronous, because the in-process PGlite server must keep answering. */
function seedScript(env: Record<string, string | undefined>): Promise<Run> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], {
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

describe('pnpm seed', () => {
  let server: TestDatabaseServer;

  beforeAll(async () => {
    server = await createTestDatabaseServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('seeds a fresh database with one progress line per step, then finds everything there', async () => {
    const first = await seedScript({ DATABASE_URL: server.url });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const steps = first.stdout.match(/^\[seed\] \d+\/\d+ .+$/gm) ?? [];
    expect(steps).toHaveLength(TOTAL);
    expect(steps[0]).toBe(`[seed] 1/${TOTAL} ${SAMPLE_ARTWORKS[0]?.title}`);
    expect(steps.at(-1)).toBe(`[seed] ${TOTAL}/${TOTAL} ${SAMPLE_COLLECTIONS.at(-1)?.title}`);
    expect(first.stdout).toContain(`[seed] sample catalogue: ${TOTAL} created, 0 already there`);
    // Nothing heard the seed's changes, so search's read model is rebuilt after it.
    const published = SAMPLE_ARTWORKS.filter((sample) => sample.status === 'published').length;
    expect(first.stdout).toContain(`[seed] search: ${published} published artworks searchable`);
    expect(first.stdout).not.toContain('\r');

    const handle = createPostgresDb({ url: server.url });
    try {
      const seeded = await snapshot(handle.db);
      expect(seeded.artworks).toHaveLength(SAMPLE_ARTWORKS.length);
      expect(seeded.collections).toHaveLength(SAMPLE_COLLECTIONS.length);

      const second = await seedScript({ DATABASE_URL: server.url });
      expect(second.code).toBe(0);
      expect(second.stdout).toContain(`[seed] 1/${TOTAL} ${SAMPLE_ARTWORKS[0]?.title} (already there)`);
      expect(second.stdout).toContain(`[seed] sample catalogue: 0 created, ${TOTAL} already there`);
      expect(second.stdout).not.toContain('[seed] search:');
      expect(await snapshot(handle.db)).toEqual(seeded);
    } finally {
      await handle.close();
    }
  });

  it('without DATABASE_URL, says where `pnpm dev` keeps its database and exits non-zero', async () => {
    const run = await seedScript({ DATABASE_URL: undefined, PGLITE_PORT: '5544' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('DATABASE_URL is not set');
    expect(run.stderr).toContain('postgres://postgres:postgres@127.0.0.1:5544/postgres?sslmode=disable');
  });

  it('names an unreachable database and exits non-zero', async () => {
    const run = await seedScript({ DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:9/none' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot reach the database at postgres://postgres:***@127.0.0.1:9/none');
    expect(run.stderr).not.toContain('secret');
  });
});
