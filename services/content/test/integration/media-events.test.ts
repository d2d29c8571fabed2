import { randomUUID } from 'node:crypto';
import { createPostgresDb, type DbHandle } from '@copper/db/client';
import { artworkMedia } from '@copper/db/schema';
import { createTestDatabaseServer, type TestDatabaseServer } from '@copper/db/testing';
import type { MediaDocument } from '@copper/events';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invoke } from '../support/invoke.ts';
import { mediaDocument, mediaPublishedEvent } from '../support/media-events.ts';

// The mediaEvents function as EventBridge invokes it, against a real database, and the artwork
// views that show what it kept. The base URL has no trailing slash on purpose.
const MEDIA_BASE_URL = 'https://media.example.test/gallery';

let database: TestDatabaseServer;
let handle: DbHandle;
let mediaEvents: Awaited<typeof import('../../src/handlers/media-events.ts')>['handler'];
let studio: Awaited<typeof import('../../src/handlers/studio.ts')>['handler'];
let catalogue: Awaited<typeof import('../../src/handlers/catalogue.ts')>['handler'];

beforeAll(async () => {
  database = await createTestDatabaseServer();
  handle = createPostgresDb({ url: database.url });
  vi.stubEnv('STAGE', 'test');
  vi.stubEnv('LOG_LEVEL', 'ERROR');
  vi.stubEnv('DATABASE_URL', database.url);
  vi.stubEnv('MEDIA_BASE_URL', MEDIA_BASE_URL);
  mediaEvents = (await import('../../src/handlers/media-events.ts')).handler;
  studio = (await import('../../src/handlers/studio.ts')).handler;
  catalogue = (await import('../../src/handlers/catalogue.ts')).handler;
});

afterAll(async () => {
  await handle?.close();
  await database?.close();
});

async function draft(title: string): Promise<{ id: string; slug: string }> {
  const created = await invoke(studio, 'POST /v1/studio/artworks', { body: { title } });
  expect(created.status).toBe(201);
  return created.body;
}

async function published(title: string): Promise<{ id: string; slug: string }> {
  const artwork = await draft(title);
  const edition = await invoke(studio, 'POST /v1/studio/artworks/{id}/editions', {
    params: { id: artwork.id },
    body: { size: 10, price: { amountMinor: 30000, currency: 'EUR' } },
  });
  expect(edition.status).toBe(201);
  const publish = await invoke(studio, 'POST /v1/studio/artworks/{id}/{action}', {
    params: { id: artwork.id, action: 'publish' },
    headers: { 'if-match': '"v1"' },
  });
  expect(publish.status).toBe(200);
  return artwork;
}

const deliver = (media: MediaDocument) => mediaEvents(mediaPublishedEvent({ media }));
const rowsOf = (mediaId: string) => handle.db.select().from(artworkMedia).where(eq(artworkMedia.mediaId, mediaId));
const studioView = async (id: string) =>
  (await invoke(studio, 'GET /v1/studio/artworks/{id}', { params: { id } })).body as {
    media: { id: string; alt: string }[];
  };
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe('MediaPublished', () => {
  it('keeps the media beside its artwork', async () => {
    const artwork = await draft('Upserted Plate');
    const media = mediaDocument(artwork.id);
    await deliver(media);
    const [row] = await rowsOf(media.id);
    expect(row).toMatchObject({ mediaId: media.id, artworkId: artwork.id, document: media });
    expect(row?.publishedAt.toISOString()).toBe(media.publishedAt);
  });

  it('keeps one row when the same event is delivered twice', async () => {
    const artwork = await draft('Replayed Plate');
    const media = mediaDocument(artwork.id);
    const event = mediaPublishedEvent({ media });
    await mediaEvents(event);
    await mediaEvents(event);
    expect(await rowsOf(media.id)).toHaveLength(1);
    expect((await studioView(artwork.id)).media.map((m) => m.id)).toEqual([media.id]);
  });

  it('replaces the kept media with a newer announcement and ignores an older one arriving late', async () => {
    const artwork = await draft('Late Plate');
    const id = randomUUID();
    await deliver(mediaDocument(artwork.id, { id, alt: 'second take', publishedAt: minutesAgo(1) }));
    await deliver(mediaDocument(artwork.id, { id, alt: 'first take', publishedAt: minutesAgo(5) }));
    expect((await rowsOf(id)).map((row) => (row.document as MediaDocument).alt)).toEqual(['second take']);
    await deliver(mediaDocument(artwork.id, { id, alt: 'third take', publishedAt: minutesAgo(0) }));
    expect((await studioView(artwork.id)).media).toEqual([expect.objectContaining({ id, alt: 'third take' })]);
  });

  it('drops media of an artwork that does not exist, without throwing', async () => {
    const media = mediaDocument(randomUUID());
    await expect(deliver(media)).resolves.toBeUndefined();
    expect(await rowsOf(media.id)).toEqual([]);
  });

  it('refuses a detail that breaks the contract, naming the fields, and keeps nothing', async () => {
    const artwork = await draft('Malformed Plate');
    const media = mediaDocument(artwork.id);
    const refused = mediaEvents(mediaPublishedEvent({ media: { ...media, width: -1, renditions: [] } }));
    await expect(refused).rejects.toMatchObject({ name: 'InvalidEventError' });
    await expect(refused).rejects.toThrow(/detail\.media\.width: .*; detail\.media\.renditions: /);
    await expect(mediaEvents({ ...mediaPublishedEvent({ media }), source: 'copper.content' })).rejects.toThrow(
      /^MediaPublished refused: source: /,
    );
    expect(await rowsOf(media.id)).toEqual([]);
  });
});

describe('the artwork views', () => {
  it('show the media newest first, every URL absolute under the media base URL', async () => {
    const artwork = await published('Media Plate');
    const older = mediaDocument(artwork.id, { publishedAt: minutesAgo(10) });
    const newer = mediaDocument(artwork.id, { publishedAt: minutesAgo(2) });
    newer.renditions[0] = {
      ...(newer.renditions[0] as MediaDocument['renditions'][number]),
      key: 'media/x/a b#1.avif',
    };
    await deliver(newer);
    await deliver(older);

    const detail = await invoke(catalogue, 'GET /v1/artworks/{slug}', { params: { slug: artwork.slug } });
    expect(detail.status).toBe(200);
    expect(detail.body.media.map((m: { id: string }) => m.id)).toEqual([newer.id, older.id]);
    expect(detail.body.media[1]).toEqual({
      id: older.id,
      alt: older.alt,
      width: 6000,
      height: 4000,
      dominantColour: '#3a4b5c',
      placeholder: {
        thumbhash: older.placeholder.thumbhash,
        url: `${MEDIA_BASE_URL}/media/${artwork.id}/${older.id}/placeholder.png`,
      },
      renditions: older.renditions.map((r) => ({
        url: `${MEDIA_BASE_URL}/${r.key}`,
        width: r.width,
        height: r.height,
        format: r.format,
        contentType: r.contentType,
        bytes: r.bytes,
      })),
      tiles: {
        url: `${MEDIA_BASE_URL}/media/${artwork.id}/${older.id}/tiles.dzi`,
        width: 6000,
        height: 4000,
        tileSize: 254,
        overlap: 1,
        format: 'jpeg',
      },
      publishedAt: older.publishedAt,
    });
    // A key is a path of S3 segments: a space or a `#` in one never breaks the URL.
    expect(detail.body.media[0].renditions[0].url).toBe(`${MEDIA_BASE_URL}/media/x/a%20b%231.avif`);

    const list = await invoke(catalogue, 'GET /v1/artworks');
    const item = list.body.items.find((i: { id: string }) => i.id === artwork.id);
    // The card leads with the newest media, with the same absolute, escaped URLs.
    const newest = detail.body.media[0];
    expect(item.image).toEqual({
      alt: newer.alt,
      width: 6000,
      height: 4000,
      dominantColour: '#3a4b5c',
      thumbhash: newer.placeholder.thumbhash,
      src: `${MEDIA_BASE_URL}/${newer.renditions[1]?.key}`,
      srcset: {
        avif: `${MEDIA_BASE_URL}/media/x/a%20b%231.avif 640w`,
        webp: null,
        jpeg: `${newest.renditions[1].url} 640w`,
      },
    });

    expect((await studioView(artwork.id)).media).toEqual(detail.body.media);
  });

  it('show an artwork without media with an empty list', async () => {
    const artwork = await published('Bare Plate');
    const detail = await invoke(catalogue, 'GET /v1/artworks/{slug}', { params: { slug: artwork.slug } });
    expect(detail.body.media).toEqual([]);
  });
});
