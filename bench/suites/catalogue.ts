// The content service's visitor reads and upload tickets invoked in-process with real API Gateway
// events, beside the same drizzle reads (and the same presign) run bare over the same connection
// settings, on a real database filled with a realistic catalogue. Overhead = handler − bare.
import { randomUUID } from 'node:crypto';
import { createPostgresDb, type DbHandle } from '@copper/db/client';
import { createTestDatabaseServer, type TestDatabaseServer } from '@copper/db/testing';
import { apiGatewayEvent, lambdaContext } from '../../packages/http/src/testing.ts';
import { createCatalogueStore } from '../../services/content/src/adapters/catalogue-store.ts';
import { createUploadStore } from '../../services/content/src/adapters/upload-store.ts';
import { unheardArtworkEvents } from '../../services/content/src/domain/artwork-events.ts';
import { type Catalogue, createCatalogue } from '../../services/content/src/domain/catalogue.ts';
import { localS3Env, startLocalS3 } from '../../services/content/test/support/s3.ts';
import { percentile } from '../lib/stats.ts';
import { printTable } from '../lib/table.ts';

type CatalogueHandler = typeof import('../../services/content/src/handlers/catalogue.ts')['handler'];
type UploadsHandler = typeof import('../../services/content/src/handlers/uploads.ts')['handler'];
type Runtime = typeof import('../../services/content/src/runtime.ts');
type Technique = Parameters<Catalogue['createArtwork']>[0]['techniques'][number];
type Store = ReturnType<typeof createCatalogueStore>;

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 500);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 50);
const PAGE = 24;
const PUBLISHED = 60;
const DRAFTS = 6;
const GOAL_OVERHEAD_P50_MS = 1;
const GOAL_UPLOAD_P99_MS = 5;
const BUCKET = 'copper-originals-bench';
const UPLOAD_BODY = { filename: 'harbour-in-fog.tif', contentType: 'image/tiff', size: 48 * 1024 * 1024 } as const;

interface Sample {
  label: string;
  run: () => Promise<void>;
  ms: number[];
}

export async function catalogue(): Promise<void> {
  if (!Number.isInteger(ITERATIONS) || ITERATIONS < 1) {
    throw new Error(`BENCH_ITERATIONS must be a positive integer, not ${process.env.BENCH_ITERATIONS}`);
  }
  if (!Number.isInteger(WARMUP) || WARMUP < 0) {
    throw new Error(`BENCH_WARMUP must be a non-negative integer, not ${process.env.BENCH_WARMUP}`);
  }
  const savedEnv = { ...process.env };
  const cleanups: (() => Promise<void>)[] = [];
  try {
    // ---- the database, filled ------------------------------------------------------------------
    const database: TestDatabaseServer = await createTestDatabaseServer();
    cleanups.push(() => database.close());
    console.log(`database: ${describeDatabase(database)}`);

    const seedStarted = performance.now();
    const seedHandle = createPostgresDb({ url: database.url, maxConnections: 1, applicationName: 'copper-bench-seed' });
    const seeded = await seed(createCatalogue(createCatalogueStore(seedHandle.db), unheardArtworkEvents));
    await seedHandle.close();
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    console.log(
      `catalogue: ${seeded.published} published + ${seeded.drafts} draft artworks, ${seeded.editions} editions, ` +
        `${seeded.impressions} impressions, ${seeded.collections} collections; seeded through the use cases in ` +
        `${seedSeconds.toFixed(1)} s`,
    );

    // ---- local S3 for the upload tickets -------------------------------------------------------
    const s3 = await startLocalS3(BUCKET);
    cleanups.push(() => s3.close());
    const s3Endpoint = s3.endpoint;

    // ---- the handlers, configured as a deployed function reads its environment -----------------
    Object.assign(process.env, {
      STAGE: 'bench',
      SERVICE_VERSION: '0.0.0',
      LOG_LEVEL: 'ERROR',
      CORS_ORIGINS: 'http://localhost:3000',
      DATABASE_URL: database.url,
      ...localS3Env(s3Endpoint, BUCKET),
    });
    delete process.env.DATABASE_URL_PARAMETER;
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    const runtime: Runtime = await import('../../services/content/src/runtime.ts');
    cleanups.push(closeHandlerDatabase(runtime));
    const catalogueHandler: CatalogueHandler = (await import('../../services/content/src/handlers/catalogue.ts'))
      .handler;
    const uploadsHandler: UploadsHandler = (await import('../../services/content/src/handlers/uploads.ts')).handler;

    // ---- the bare baseline: same reads, same connection settings, no handler -------------------
    const bareHandle: DbHandle = createPostgresDb({ url: database.url, applicationName: 'copper-bench-bare' });
    cleanups.push(() => bareHandle.close());
    const store = createCatalogueStore(bareHandle.db);
    const uploadStore = createUploadStore({ bucket: BUCKET, endpoint: s3Endpoint });

    const detailSlug = seeded.detailSlug;
    const listEvent = () =>
      apiGatewayEvent({
        httpMethod: 'GET',
        resource: '/v1/artworks',
        path: '/v1/artworks',
        queryStringParameters: { limit: String(PAGE) },
        multiValueQueryStringParameters: { limit: [String(PAGE)] },
      });
    const detailEvent = () =>
      apiGatewayEvent({
        httpMethod: 'GET',
        resource: '/v1/artworks/{slug}',
        path: `/v1/artworks/${detailSlug}`,
        pathParameters: { slug: detailSlug },
      });
    const uploadEvent = () =>
      apiGatewayEvent({
        httpMethod: 'POST',
        resource: '/v1/uploads',
        path: '/v1/uploads',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        multiValueHeaders: { Accept: ['application/json'], 'Content-Type': ['application/json'] },
        body: JSON.stringify(UPLOAD_BODY),
      });

    // Each run builds its event and context outside the timed region, as API Gateway and the
    // Lambda runtime do, and checks its status after it, so a failing call can never be measured.
    const timedHandler = async <E>(
      handler: (event: E, context: ReturnType<typeof lambdaContext>) => Promise<{ statusCode: number }>,
      event: E,
      expected: number,
      label: string,
    ): Promise<number> => {
      const context = lambdaContext({ functionName: 'bench' });
      const start = performance.now();
      const response = await handler(event, context);
      const ms = performance.now() - start;
      if (response.statusCode !== expected) throw new Error(`${label} answered ${response.statusCode}`);
      return ms;
    };
    const timed = async (work: () => Promise<void>): Promise<number> => {
      const start = performance.now();
      await work();
      return performance.now() - start;
    };

    // ---- one checked call of each before any timing --------------------------------------------
    await verify({ catalogueHandler, uploadsHandler, store, detailSlug, listEvent, detailEvent, uploadEvent });
    const presigned = await uploadStore.presignPost(uploadKeyInput());
    if (!presigned.url || !presigned.fields.Policy) throw new Error('bare presign gave no url or policy');

    const samples: Record<string, Sample> = {};
    const add = (key: string, label: string, run: () => Promise<number>) => {
      const sample: Sample = { label, ms: [], run: async () => void sample.ms.push(await run()) };
      samples[key] = sample;
      return sample;
    };
    const pairs: [Sample, Sample][] = [
      [
        add('listHandler', 'handler', () => timedHandler(catalogueHandler, listEvent(), 200, 'GET /v1/artworks')),
        add('listBare', 'bare drizzle', () => timed(() => bareList(store).then(() => undefined))),
      ],
      [
        add('detailHandler', 'handler', () =>
          timedHandler(catalogueHandler, detailEvent(), 200, 'GET /v1/artworks/{slug}'),
        ),
        add('detailBare', 'bare drizzle', () => timed(() => bareDetail(store, detailSlug).then(() => undefined))),
      ],
      [
        add('uploadHandler', 'handler', () => timedHandler(uploadsHandler, uploadEvent(), 201, 'POST /v1/uploads')),
        add('uploadBare', 'bare presign', () =>
          timed(() => uploadStore.presignPost(uploadKeyInput()).then(() => undefined)),
        ),
      ],
    ];

    // Interleaved: every iteration runs each pair, alternating which of the two goes first, so
    // drift and GC on a noisy machine hit handler and baseline alike. Warm-up samples are dropped.
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      for (const [handlerRun, bareRun] of pairs) {
        const order = i % 2 === 0 ? [handlerRun, bareRun] : [bareRun, handlerRun];
        for (const sample of order) await sample.run();
      }
      if (i === WARMUP - 1) for (const sample of Object.values(samples)) sample.ms.length = 0;
    }

    report(samples, seeded, database);
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => console.error('cleanup failed:', message(error)));
    }
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
  }
}

// ---- the catalogue -----------------------------------------------------------------------------

interface Seeded {
  published: number;
  drafts: number;
  editions: number;
  impressions: number;
  collections: number;
  detailSlug: string;
  detailImpressions: number;
}

const ADJECTIVES = [
  'Harbour',
  'Winter',
  'Quiet',
  'Salt',
  'Copper',
  'Northern',
  'Low',
  'Grey',
  'Late',
  'Tidal',
  'Still',
];
const NOUNS = ['Fog', 'Marsh', 'Orchard', 'Quay', 'Heron', 'Willows', 'Lighthouse', 'Dunes', 'Rooftops', 'Estuary'];
const TECHNIQUES: Technique[] = ['etching', 'aquatint', 'drypoint', 'engraving', 'mezzotint', 'soft_ground'];
const PAPERS = ['Hahnemühle Copperplate 300g', 'Somerset Satin 300g', 'Zerkall 350g'];
const INKS = ['Charbonnel black', 'Gamblin sepia', 'Caligo burnt umber'];

/** Deterministic, so every run benches the same catalogue. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * What the artist would have made through the studio: artworks with 1–2 editions of 10–50
 * impressions (a few already sold or reserved), most published, some in collections.
 */
async function seed(useCases: Catalogue): Promise<Seeded> {
  const rand = random(3);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(rand() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  const between = (low: number, high: number) => low + Math.floor(rand() * (high - low + 1));
  const counts = { published: 0, drafts: 0, editions: 0, impressions: 0 };
  const publishedIds: string[] = [];
  let detail: { slug: string; impressions: number } | undefined;

  for (let n = 0; n < PUBLISHED + DRAFTS; n++) {
    const artwork = await useCases.createArtwork({
      title: `${pick(ADJECTIVES)} ${pick(NOUNS)} ${n + 1}`,
      year: between(2009, 2025),
      techniques: [...new Set([pick(TECHNIQUES), pick(TECHNIQUES)])],
      plateSizeMm: { width: between(8, 40) * 10, height: between(8, 40) * 10 },
      description:
        'Printed by hand from a copper plate on a Rochat press; wiped with tarlatan and the palm, ' +
        'then left to dry under blotters for a week.',
    });
    let impressionCount = 0;
    const editionCount = between(1, 2);
    for (let e = 0; e < editionCount; e++) {
      const size = between(10, 45);
      const artistProofs = between(0, 5);
      const edition = await useCases.createEdition(artwork.id, {
        size,
        artistProofs,
        paper: pick(PAPERS),
        ink: pick(INKS),
        sheetSizeMm: { width: 500, height: 650 },
        priceMinor: between(18, 90) * 1000,
        currency: 'EUR',
      });
      impressionCount += size + artistProofs;
      // A few prints already gone, so availability is computed over mixed statuses.
      const { impressions } = await useCases.edition(edition.id);
      for (const impression of impressions.slice(0, between(0, 3))) {
        await useCases.impressionAction(impression.id, impression.version, rand() < 0.7 ? 'sell' : 'reserve');
      }
    }
    counts.editions += editionCount;
    counts.impressions += impressionCount;
    if (n < PUBLISHED) {
      await useCases.changeArtworkStatus(artwork.id, artwork.version, 'publish');
      publishedIds.push(artwork.id);
      counts.published++;
      // The detail page benched is a two-edition artwork on the first page (published last).
      if (editionCount === 2 && n >= PUBLISHED - PAGE) detail = { slug: artwork.slug, impressions: impressionCount };
    } else {
      counts.drafts++;
    }
  }

  const collectionTitles = ['Coast', 'Night Plates', 'Small Etchings', 'Trees and Orchards', 'Commissions'];
  for (const [index, title] of collectionTitles.entries()) {
    const collection = await useCases.createCollection({ title, description: `${title}, printed 2009–2025.` });
    // Overlapping slices, so some artworks sit in two collections and others in none.
    const members = publishedIds.filter((_, i) => (i + index) % 3 === 0).slice(0, between(6, 18));
    await useCases.arrangeCollection(collection.id, collection.version, members);
  }

  if (!detail) throw new Error('the seed made no two-edition artwork on the first page');
  return {
    ...counts,
    collections: collectionTitles.length,
    detailSlug: detail.slug,
    detailImpressions: detail.impressions,
  };
}

// ---- the bare reads: exactly what publishedPage and publishedArtwork ask of the store ----------

async function detailsOf(store: Store, ids: string[]) {
  const [editionRows, collectionRows] = await Promise.all([store.editionsOf(ids), store.collectionsOfArtworks(ids)]);
  const impressionRows = await store.impressionsOf(editionRows.map((e) => e.id));
  return { editionRows, collectionRows, impressionRows };
}

/** A list answers cards: editions and their impressions for availability, media for the lead image. */
async function bareList(store: Store) {
  const page = await store.listPublished({ limit: PAGE });
  const ids = page.rows.map((row) => row.id);
  const [editionRows, mediaRows] = await Promise.all([store.editionsOf(ids), store.mediaOfArtworks(ids)]);
  const impressionRows = await store.impressionsOf(editionRows.map((e) => e.id));
  return { page, editionRows, mediaRows, impressionRows };
}

async function bareDetail(store: Store, slug: string) {
  const row = await store.artworkBySlug(slug);
  if (!row) throw new Error(`no artwork ${slug}`);
  return { row, ...(await detailsOf(store, [row.id])) };
}

function uploadKeyInput() {
  return {
    key: `originals/bench/${randomUUID()}.tif`,
    contentType: UPLOAD_BODY.contentType,
    maxBytes: UPLOAD_BODY.size,
    expiresSeconds: 15 * 60,
  };
}

async function verify(input: {
  catalogueHandler: CatalogueHandler;
  uploadsHandler: UploadsHandler;
  store: Store;
  detailSlug: string;
  listEvent: () => Parameters<CatalogueHandler>[0];
  detailEvent: () => Parameters<CatalogueHandler>[0];
  uploadEvent: () => Parameters<UploadsHandler>[0];
}): Promise<void> {
  const call = async <E>(
    handler: (event: E, context: ReturnType<typeof lambdaContext>) => Promise<{ statusCode: number; body?: string }>,
    event: E,
    expected: number,
    label: string,
  ) => {
    const response = await handler(event, lambdaContext({ functionName: 'bench' }));
    if (response.statusCode !== expected) {
      throw new Error(`${label} answered ${response.statusCode}: ${(response.body ?? '').slice(0, 300)}`);
    }
    return JSON.parse(response.body ?? 'null') as unknown;
  };

  const list = (await call(input.catalogueHandler, input.listEvent(), 200, 'GET /v1/artworks')) as {
    items?: { slug?: string; availability?: unknown }[];
    nextCursor?: string | null;
  };
  const bare = await bareList(input.store);
  const slugs = (list.items ?? []).map((item) => item.slug);
  if (slugs.length !== PAGE || !list.nextCursor) {
    throw new Error(`GET /v1/artworks gave ${slugs.length} items (want ${PAGE}) and nextCursor ${list.nextCursor}`);
  }
  if (bare.page.rows.length !== PAGE || !bare.page.more) throw new Error('the bare list read is not a full page');
  if (slugs.join() !== bare.page.rows.map((row) => row.slug).join()) {
    throw new Error('GET /v1/artworks and the bare read list different artworks');
  }
  if ((list.items ?? []).some((item) => item.availability === undefined)) {
    throw new Error('GET /v1/artworks listed a card without its availability');
  }

  const detail = (await call(
    input.catalogueHandler,
    input.detailEvent(),
    200,
    `GET /v1/artworks/${input.detailSlug}`,
  )) as { slug?: string; editions?: unknown[] };
  const bareOne = await bareDetail(input.store, input.detailSlug);
  if (detail.slug !== input.detailSlug || (detail.editions ?? []).length !== bareOne.editionRows.length) {
    throw new Error(`GET /v1/artworks/${input.detailSlug} does not match the bare read`);
  }

  const ticket = (await call(input.uploadsHandler, input.uploadEvent(), 201, 'POST /v1/uploads')) as {
    url?: string;
    fields?: Record<string, string>;
  };
  if (!ticket.url || !ticket.fields?.Policy) throw new Error('POST /v1/uploads gave no presigned url or policy');
}

// ---- the report --------------------------------------------------------------------------------

function report(samples: Record<string, Sample>, seeded: Seeded, database: TestDatabaseServer): void {
  const ms = (value: number) => value.toFixed(2);
  const stats = (key: string) => {
    const values = samples[key]?.ms ?? [];
    if (values.length === 0) throw new Error(`no samples for ${key}`);
    return { p50: percentile(values, 0.5), p95: percentile(values, 0.95), p99: percentile(values, 0.99) };
  };
  const rows: string[][] = [];
  const verdicts: string[] = [];
  const groups = [
    { route: `GET /v1/artworks (${PAGE} items)`, key: 'list', goal: 'overhead' as const },
    { route: `GET /v1/artworks/{slug} (${seeded.detailImpressions} impr.)`, key: 'detail', goal: 'overhead' as const },
    { route: 'POST /v1/uploads', key: 'upload', goal: 'p99' as const },
  ];
  for (const { route, key, goal } of groups) {
    const handler = stats(`${key}Handler`);
    const bare = stats(`${key}Bare`);
    const overhead = { p50: handler.p50 - bare.p50, p95: handler.p95 - bare.p95, p99: handler.p99 - bare.p99 };
    const ok = goal === 'overhead' ? overhead.p50 <= GOAL_OVERHEAD_P50_MS : handler.p99 <= GOAL_UPLOAD_P99_MS;
    const rule = goal === 'overhead' ? `overhead p50 ≤ ${GOAL_OVERHEAD_P50_MS} ms` : `p99 ≤ ${GOAL_UPLOAD_P99_MS} ms`;
    const verdict = `${ok ? 'OK' : 'OVER'} (${rule})`;
    verdicts.push(`${route}: ${verdict}`);
    rows.push([
      route,
      samples[`${key}Handler`]?.label ?? '',
      ms(handler.p50),
      ms(handler.p95),
      ms(handler.p99),
      '',
      '',
    ]);
    rows.push(['', samples[`${key}Bare`]?.label ?? '', ms(bare.p50), ms(bare.p95), ms(bare.p99), '', '']);
    rows.push([
      '',
      'overhead',
      ms(overhead.p50),
      ms(overhead.p95),
      ms(overhead.p99),
      `${(handler.p50 / bare.p50).toFixed(2)}x`,
      verdict,
    ]);
  }
  printTable(
    [
      { header: 'route' },
      { header: 'run' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p95 ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
      { header: 'handler/bare p50', align: 'right' },
      { header: 'goal' },
    ],
    rows,
  );
  console.log(
    `\n${ITERATIONS} timed iterations (BENCH_ITERATIONS) after ${WARMUP} dropped (BENCH_WARMUP), interleaved, ` +
      `node ${process.version}, on ${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}. ` +
      'handler = middy stack + zod + use case + JSON, invoked with an API Gateway event; ' +
      'bare = the same drizzle reads (or presign) called directly over a connection made the same way; ' +
      'overhead = difference of the percentiles.',
  );
  console.log(`Goals: ${verdicts.join('; ')}.`);
  console.log(`Peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB.`);
}

function describeDatabase(database: TestDatabaseServer): string {
  const url = new URL(database.url);
  const where = `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  return database.kind === 'postgres'
    ? `PostgreSQL at ${where} (fresh database from DATABASE_URL, dropped at the end)`
    : `in-process PGlite over its socket at ${where} (DATABASE_URL unset)`;
}

/** The handlers' own connection, closed before the database is dropped or stopped. */
function closeHandlerDatabase(runtime: Runtime): () => Promise<void> {
  return async () => {
    const handle = await runtime.database.get().catch(() => undefined);
    await handle?.close();
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
