import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { artworks } from '@copper/db/schema';
import {
  createTestDatabase,
  createTestDatabaseServer,
  type TestDatabase,
  type TestDatabaseServer,
} from '@copper/db/testing';
import { ArtworkChangedDetail, DETAIL_TYPES, SOURCES } from '@copper/events';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CatalogueStore, createCatalogueStore } from '../../src/adapters/catalogue-store.ts';
import { type Catalogue, createCatalogue } from '../../src/domain/catalogue.ts';
import { recordingArtworkEvents } from '../support/artwork-events.ts';
import { invoke } from '../support/invoke.ts';

// What the catalogue tells search: after each committed change, one ArtworkChanged per artwork the
// change could alter, carrying the artwork as it now is. Against a real database; the bus is a recorder.

describe('the catalogue announces its changes', () => {
  let database: TestDatabase;
  let store: CatalogueStore;
  let catalogue: Catalogue;
  const recorder = recordingArtworkEvents();

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createCatalogueStore(database.db);
    catalogue = createCatalogue(store, recorder.events);
  });

  afterAll(async () => {
    await database?.close();
  });

  beforeEach(() => {
    recorder.failWith(undefined);
    recorder.clear();
  });

  async function withEdition(
    title: string,
    edition: { size?: number; artistProofs?: number; priceMinor?: number } = {},
  ) {
    const artwork = await catalogue.createArtwork({
      title,
      techniques: ['aquatint', 'etching'],
      year: 2024,
      plateSizeMm: { width: 300, height: 200 },
      description: `${title}, bitten twice`,
    });
    const created = await catalogue.createEdition(artwork.id, {
      size: edition.size ?? 10,
      artistProofs: edition.artistProofs ?? 0,
      paper: 'Hahnemühle Copperplate 300 g',
      ink: 'black',
      priceMinor: edition.priceMinor ?? 38_000,
      currency: 'EUR',
    });
    return { artwork: await requireRow(artwork.id), edition: created };
  }

  async function requireRow(id: string) {
    const row = await store.artworkById(id);
    if (!row) throw new Error(`no artwork ${id}`);
    return row;
  }

  async function published(title: string, edition?: Parameters<typeof withEdition>[1]) {
    const made = await withEdition(title, edition);
    const artwork = await catalogue.changeArtworkStatus(made.artwork.id, made.artwork.version, 'publish');
    return { artwork, edition: made.edition };
  }

  it('tells of a publish once, with the artwork as search shows it', async () => {
    const { artwork } = await withEdition('Harbour Lights');
    recorder.clear();
    const row = await catalogue.changeArtworkStatus(artwork.id, artwork.version, 'publish');
    expect(recorder.sent).toHaveLength(1);
    const [told] = recorder.sent;
    expect(ArtworkChangedDetail.parse({ artwork: told })).toBeTruthy();
    expect(told).toEqual({
      artworkId: artwork.id,
      slug: 'harbour-lights',
      status: 'published',
      title: 'Harbour Lights',
      description: 'Harbour Lights, bitten twice',
      techniques: ['aquatint', 'etching'],
      collections: [],
      year: 2024,
      plateWidthMm: 300,
      plateHeightMm: 200,
      price: { minMinor: 38_000, maxMinor: 38_000, currency: 'EUR' },
      availability: 'available',
      publishedAt: row.publishedAt?.toISOString(),
      changedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
    });
    expect(recorder.untold).toEqual([]);
  });

  it('tells of every step of an artwork, each read later than the one before', async () => {
    const { artwork } = await withEdition('Three Steps');
    const steps = recorder.of(artwork.id);
    expect(steps.map((p) => [p.status, p.availability])).toEqual([
      ['draft', 'none'],
      ['draft', 'available'],
    ]);
    expect(steps[0]?.changedAt.localeCompare(steps[1]?.changedAt ?? '')).toBe(-1);
  });

  it('tells of an archive with the archived status, so search drops it', async () => {
    const { artwork } = await published('Quay in Rain');
    recorder.clear();
    await catalogue.changeArtworkStatus(artwork.id, artwork.version, 'archive');
    expect(recorder.sent.map((p) => [p.artworkId, p.status])).toEqual([[artwork.id, 'archived']]);
  });

  it('tells of impression moves: reserved when only reserved ones are left, sold out with the last sale', async () => {
    const { edition } = await published('Single Pull', { size: 2 });
    const [first, second] = (await catalogue.edition(edition.id)).impressions;
    if (!first || !second) throw new Error('two impressions expected');
    const sold = await catalogue.impressionAction(first.id, first.version, 'sell');
    expect(recorder.sent.at(-1)?.availability).toBe('available');
    const reserved = await catalogue.impressionAction(second.id, second.version, 'reserve');
    expect(recorder.sent.at(-1)?.availability).toBe('reserved');
    const released = await catalogue.impressionAction(reserved.id, reserved.version, 'release');
    recorder.clear();
    await catalogue.impressionAction(released.id, released.version, 'sell');
    expect(recorder.sent).toHaveLength(1);
    expect(recorder.sent[0]).toMatchObject({ artworkId: edition.artworkId, availability: 'sold-out' });
    expect(sold.status).toBe('sold');
  });

  it('tells of edition changes: the price range of what is on offer, and a deletion', async () => {
    const { artwork, edition } = await published('Two Papers', { size: 1, priceMinor: 30_000 });
    const second = await catalogue.createEdition(artwork.id, {
      size: 5,
      artistProofs: 0,
      paper: 'Somerset',
      ink: 'sepia',
      priceMinor: 52_000,
      currency: 'EUR',
    });
    expect(recorder.sent.at(-1)?.price).toEqual({ minMinor: 30_000, maxMinor: 52_000, currency: 'EUR' });
    await catalogue.updateEdition(second.id, second.version, { priceMinor: 48_000 });
    expect(recorder.sent.at(-1)?.price).toEqual({ minMinor: 30_000, maxMinor: 48_000, currency: 'EUR' });
    // The first edition's only impression sold: nothing of it is on offer any more.
    const [only] = (await catalogue.edition(edition.id)).impressions;
    if (!only) throw new Error('one impression expected');
    await catalogue.impressionAction(only.id, only.version, 'sell');
    expect(recorder.sent.at(-1)?.price).toEqual({ minMinor: 48_000, maxMinor: 48_000, currency: 'EUR' });
    recorder.clear();
    const current = await catalogue.edition(second.id);
    await catalogue.deleteEdition(second.id, current.edition.version);
    expect(recorder.sent).toHaveLength(1);
    expect(recorder.sent[0]).toMatchObject({ artworkId: artwork.id, price: null, availability: 'sold-out' });
  });

  it('tells of collection membership and of a renamed collection, not of a reorder or a new description', async () => {
    const a = (await published('Net Loft I')).artwork;
    const b = (await published('Net Loft II')).artwork;
    const c = (await published('Net Loft III')).artwork;
    const collection = await catalogue.createCollection({ title: 'Net Lofts', description: '' });
    recorder.clear();
    const first = await catalogue.arrangeCollection(collection.id, collection.version, [a.id, b.id]);
    expect(recorder.sent.map((p) => p.artworkId).sort()).toEqual([a.id, b.id].sort());
    expect(recorder.sent.every((p) => p.collections.some((x) => x.slug === 'net-lofts'))).toBe(true);

    recorder.clear();
    const swapped = await catalogue.arrangeCollection(collection.id, first.collection.version, [b.id, a.id]);
    expect(recorder.sent).toEqual([]);

    const moved = await catalogue.arrangeCollection(collection.id, swapped.collection.version, [b.id, c.id]);
    expect(recorder.sent.map((p) => [p.artworkId, p.collections.length]).sort()).toEqual(
      [
        [a.id, 0],
        [c.id, 1],
      ].sort(),
    );

    recorder.clear();
    const described = await catalogue.updateCollection(collection.id, moved.collection.version, {
      description: 'Tarred sheds by the harbour',
    });
    expect(recorder.sent).toEqual([]);
    await catalogue.updateCollection(collection.id, described.version, { title: 'The Net Lofts' });
    expect(recorder.sent.map((p) => p.artworkId).sort()).toEqual([b.id, c.id].sort());
    expect(recorder.sent.map((p) => p.collections)).toEqual([
      [{ slug: 'net-lofts', title: 'The Net Lofts' }],
      [{ slug: 'net-lofts', title: 'The Net Lofts' }],
    ]);
  });

  it('keeps the write when the bus is down, and reports the artwork it could not tell of', async () => {
    const { artwork } = await withEdition('Down Bus');
    const down = new Error('EventBridge is unreachable');
    recorder.failWith(down);
    const row = await catalogue.changeArtworkStatus(artwork.id, artwork.version, 'publish');
    expect(row.status).toBe('published');
    const [stored] = await database.db.select().from(artworks).where(eq(artworks.id, artwork.id));
    expect(stored?.status).toBe('published');
    expect(recorder.untold).toEqual([{ artworkIds: [artwork.id], error: down }]);
  });

  it('tells nothing when the change is refused', async () => {
    const artwork = await catalogue.createArtwork({ title: 'No Edition', techniques: [], description: '' });
    recorder.clear();
    await expect(catalogue.changeArtworkStatus(artwork.id, artwork.version, 'publish')).rejects.toThrow();
    expect(recorder.sent).toEqual([]);
  });
});

describe('the studio function puts ArtworkChanged on the stage bus', () => {
  let database: TestDatabaseServer;
  let bus: Server;
  const puts: { target: string | undefined; body: { Entries: Record<string, string>[] } }[] = [];
  let studio: Awaited<typeof import('../../src/handlers/studio.ts')>['handler'];

  beforeAll(async () => {
    database = await createTestDatabaseServer();
    // Answers PutEvents as EventBridge does, keeping what it was given.
    bus = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        puts.push({ target: request.headers['x-amz-target'] as string | undefined, body: JSON.parse(body) });
        response.setHeader('content-type', 'application/x-amz-json-1.1');
        response.end(JSON.stringify({ FailedEntryCount: 0, Entries: [{ EventId: String(puts.length) }] }));
      });
    });
    await new Promise<void>((done) => bus.listen(0, '127.0.0.1', done));
    vi.stubEnv('STAGE', 'test');
    vi.stubEnv('LOG_LEVEL', 'ERROR');
    vi.stubEnv('DATABASE_URL', database.url);
    vi.stubEnv('EVENT_BUS_NAME', 'copper-test');
    vi.stubEnv('EVENTBRIDGE_ENDPOINT', `http://127.0.0.1:${(bus.address() as AddressInfo).port}`);
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    studio = (await import('../../src/handlers/studio.ts')).handler;
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    bus?.closeAllConnections();
    await new Promise((done) => bus?.close(done));
    await database?.close();
  });

  it('as copper.content ArtworkChanged, on the configured bus, within the contract', async () => {
    const created = await invoke(studio, 'POST /v1/studio/artworks', { body: { title: 'Told Over HTTP' } });
    expect(created.status).toBe(201);
    expect(puts).toHaveLength(1);
    const [put] = puts;
    expect(put?.target).toBe('AWSEvents.PutEvents');
    const [entry] = put?.body.Entries ?? [];
    expect(entry).toMatchObject({
      EventBusName: 'copper-test',
      Source: SOURCES.content,
      DetailType: DETAIL_TYPES.artworkChanged,
    });
    const detail = ArtworkChangedDetail.parse(JSON.parse(entry?.Detail ?? '{}'));
    expect(detail.artwork).toMatchObject({ artworkId: created.body.id, status: 'draft', title: 'Told Over HTTP' });
  });
});
