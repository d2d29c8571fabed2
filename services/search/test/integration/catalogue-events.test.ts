import { randomUUID } from 'node:crypto';
import { createPostgresDb, type DbHandle } from '@copper/db/client';
import { searchArtworkDetails, searchArtworks, searchMedia } from '@copper/db/schema';
import { createTestDatabaseServer, type TestDatabaseServer } from '@copper/db/testing';
import { type ArtworkProjection, DETAIL_TYPES, InvalidEventError, type MediaDocument, SOURCES } from '@copper/events';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mediaDocument } from '../../../content/test/support/media-events.ts';

// The catalogueEvents function as EventBridge invokes it, against a real database: what content and
// the image service announce becomes (or stops being) a hit, in whatever order the events arrive.

let database: TestDatabaseServer;
let handle: DbHandle;
let catalogueEvents: Awaited<typeof import('../../src/handlers/catalogue-events.ts')>['handler'];
let store: Awaited<ReturnType<Awaited<typeof import('../../src/runtime.ts')>['useSearchStore']>>;

beforeAll(async () => {
  database = await createTestDatabaseServer();
  handle = createPostgresDb({ url: database.url });
  vi.stubEnv('STAGE', 'test');
  vi.stubEnv('LOG_LEVEL', 'ERROR');
  vi.stubEnv('DATABASE_URL', database.url);
  catalogueEvents = (await import('../../src/handlers/catalogue-events.ts')).handler;
  store = await (await import('../../src/runtime.ts')).useSearchStore();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await handle?.close();
  await database?.close();
});

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function projection(overrides: Partial<ArtworkProjection> = {}): ArtworkProjection {
  const artworkId = overrides.artworkId ?? randomUUID();
  return {
    artworkId,
    slug: `plate-${artworkId.slice(0, 8)}`,
    status: 'published',
    title: 'Harbour in Fog',
    description: 'Fishing boats at anchor in the grey morning.',
    techniques: ['aquatint', 'etching'],
    collections: [{ slug: 'the-harbour', title: 'The Harbour' }],
    year: 2019,
    plateWidthMm: 300,
    plateHeightMm: 200,
    price: { minMinor: 38_000, maxMinor: 42_000, currency: 'EUR' },
    availability: 'available',
    publishedAt: minutesAgo(60),
    changedAt: minutesAgo(10),
    ...overrides,
  };
}

const envelope = (source: string, detailType: string, detail: unknown) => ({
  version: '0',
  id: randomUUID(),
  'detail-type': detailType,
  source,
  account: '000000000000',
  time: new Date().toISOString(),
  region: 'eu-west-1',
  resources: [],
  detail,
});
const artworkChanged = (artwork: unknown) =>
  catalogueEvents(envelope(SOURCES.content, DETAIL_TYPES.artworkChanged, { artwork }));
const mediaPublished = (media: MediaDocument) =>
  catalogueEvents(envelope(SOURCES.imaging, DETAIL_TYPES.mediaPublished, { media }));

/** The artwork's row in the read model with its details, as one record. */
const hit = async (artworkId: string) => {
  const [row] = await handle.db
    .select()
    .from(searchArtworks)
    .innerJoin(searchArtworkDetails, eq(searchArtworkDetails.artworkId, searchArtworks.artworkId))
    .where(eq(searchArtworks.artworkId, artworkId));
  return row && { ...row.artworks, ...row.artwork_details };
};
const keptMedia = async (artworkId: string) =>
  (await handle.db.select().from(searchMedia).where(eq(searchMedia.artworkId, artworkId)))[0];

/** The hit a visitor would get for the artwork, through the store's own query. */
async function searched(artworkId: string) {
  const result = await store.search({
    q: '',
    filters: { techniques: [], collections: [], availability: [], sizes: [], year: {}, price: {} },
    order: 'newest',
    limit: 100,
  });
  return result.hits.find((h) => h.artworkId === artworkId);
}

describe('ArtworkChanged', () => {
  it('makes a published artwork a hit, with what content said of it', async () => {
    const artwork = projection({ title: 'Quay at Dusk' });
    await artworkChanged(artwork);
    expect(await hit(artwork.artworkId)).toMatchObject({
      slug: artwork.slug,
      title: 'Quay at Dusk',
      techniques: ['aquatint', 'etching'],
      collectionSlugs: ['the-harbour'],
      collectionTitles: ['The Harbour'],
      year: 2019,
      priceMinMinor: 38_000,
      priceMaxMinor: 42_000,
      currency: 'EUR',
      availability: 'available',
    });
    expect((await searched(artwork.artworkId))?.title).toBe('Quay at Dusk');
  });

  it('applies a later change over the hit, and a replay of it changes nothing', async () => {
    const artwork = projection();
    await artworkChanged(artwork);
    const sold = { ...artwork, availability: 'sold-out' as const, changedAt: minutesAgo(5) };
    await artworkChanged(sold);
    await artworkChanged(sold);
    expect(await hit(artwork.artworkId)).toMatchObject({ availability: 'sold-out' });
    expect(
      await handle.db.select().from(searchArtworks).where(eq(searchArtworks.artworkId, artwork.artworkId)),
    ).toHaveLength(1);
  });

  it.each(['archived', 'draft'] as const)('takes an artwork out of search when it is %s', async (status) => {
    const artwork = projection();
    await artworkChanged(artwork);
    expect(await searched(artwork.artworkId)).toBeDefined();
    await artworkChanged({ ...artwork, status, changedAt: minutesAgo(5) });
    expect(await hit(artwork.artworkId)).toBeUndefined();
    expect(await searched(artwork.artworkId)).toBeUndefined();
  });

  it('ignores a change older than the one held, whichever came first', async () => {
    const artwork = projection({ title: 'Newest Title', changedAt: minutesAgo(5) });
    await artworkChanged(artwork);
    await artworkChanged({ ...artwork, title: 'Older Title', changedAt: minutesAgo(10) });
    expect((await hit(artwork.artworkId))?.title).toBe('Newest Title');
  });

  it('never brings back an archived artwork for a publish announced before the archive', async () => {
    const artwork = projection();
    await artworkChanged({ ...artwork, status: 'archived', changedAt: minutesAgo(5) });
    await artworkChanged({ ...artwork, changedAt: minutesAgo(10) });
    expect(await hit(artwork.artworkId)).toBeUndefined();
  });
});

describe('MediaPublished', () => {
  it('gives a searchable artwork its image', async () => {
    const artwork = projection();
    await artworkChanged(artwork);
    const media = mediaDocument(artwork.artworkId, { alt: 'Quay at dusk, aquatint' });
    await mediaPublished(media);
    const shown = await searched(artwork.artworkId);
    expect(shown?.image?.alt).toBe('Quay at dusk, aquatint');
    expect(shown?.image?.placeholder).toEqual({ thumbhash: media.placeholder.thumbhash, dominantColour: '#3a4b5c' });
  });

  it('keeps media that arrives before the publish, and shows it once the artwork is published', async () => {
    const artwork = projection();
    const media = mediaDocument(artwork.artworkId, { alt: 'arrived first' });
    await mediaPublished(media);
    expect(await keptMedia(artwork.artworkId)).toMatchObject({ mediaId: media.id });
    await artworkChanged(artwork);
    expect((await searched(artwork.artworkId))?.image?.alt).toBe('arrived first');
  });

  it('keeps the newest media of an artwork, whatever order they come in', async () => {
    const artwork = projection();
    await artworkChanged(artwork);
    const newer = mediaDocument(artwork.artworkId, { alt: 'second scan', publishedAt: minutesAgo(1) });
    const older = mediaDocument(artwork.artworkId, { alt: 'first scan', publishedAt: minutesAgo(30) });
    await mediaPublished(newer);
    await mediaPublished(older);
    expect((await searched(artwork.artworkId))?.image?.alt).toBe('second scan');
  });
});

describe('an event that breaks the contract', () => {
  async function refusal(event: unknown): Promise<InvalidEventError> {
    const error = await catalogueEvents(event).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof InvalidEventError)) throw new Error(`expected an InvalidEventError, got ${String(error)}`);
    return error;
  }

  it('is refused naming the field, and nothing is stored', async () => {
    const artwork = projection();
    const error = await refusal(
      envelope(SOURCES.content, DETAIL_TYPES.artworkChanged, { artwork: { ...artwork, status: 'gone' } }),
    );
    expect(error.message).toMatch(/^ArtworkChanged refused: detail\.artwork\.status: /);
    expect(error.issues.map((issue) => issue.path)).toEqual(['detail.artwork.status']);
    expect(await hit(artwork.artworkId)).toBeUndefined();
  });

  it('names every field of a media that is wrong', async () => {
    const artworkId = randomUUID();
    const error = await refusal(
      envelope(SOURCES.imaging, DETAIL_TYPES.mediaPublished, {
        media: {
          ...mediaDocument(artworkId),
          width: 0,
          placeholder: { thumbhash: '', dominantColour: 'red', key: 'k' },
        },
      }),
    );
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(
      ['detail.media.placeholder.dominantColour', 'detail.media.placeholder.thumbhash', 'detail.media.width'].sort(),
    );
    expect(await keptMedia(artworkId)).toBeUndefined();
  });

  it('is refused when it comes from a source that does not own it', async () => {
    const error = await refusal(envelope(SOURCES.imaging, DETAIL_TYPES.artworkChanged, { artwork: projection() }));
    expect(error.issues.map((issue) => issue.path)).toEqual(['source']);
  });

  it('is refused when it is no event this function listens to', async () => {
    const error = await refusal(envelope(SOURCES.content, 'ArtworkDeleted', { artworkId: randomUUID() }));
    expect(error.issues.map((issue) => issue.path)).toEqual(['detail-type']);
    expect((await refusal({ nothing: true })).issues.map((issue) => issue.path)).toEqual(['detail-type']);
  });
});
