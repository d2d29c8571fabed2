// The search service's `GET /v1/search` invoked in-process with real API Gateway events, on
// generated catalogues of 1k, 10k and 100k artworks, beside (in the same run, on the same data and
// the same query mix): the store's search query called directly, a naive ILIKE search over the
// same read model, and MiniSearch holding the same documents in this process's heap.
import { createPostgresDb, type DbHandle } from '@copper/db/client';
import { createTestDatabaseServer, type TestDatabaseServer } from '@copper/db/testing';
import postgres from 'postgres';
import type { ArtworkProjection } from '../../packages/events/src/index.ts';
import { apiGatewayEvent, lambdaContext } from '../../packages/http/src/testing.ts';
import { createSearchStore } from '../../services/search/src/adapters/search-store.ts';
import type { EngineQuery, SearchPort } from '../../services/search/src/domain/ports.ts';
import { isBrowse, planQuery } from '../../services/search/src/domain/query.ts';
import { DEFAULT_LIMIT } from '../../services/search/src/domain/search.ts';
import { percentile } from '../lib/stats.ts';
import { printTable } from '../lib/table.ts';
import { generateCatalogue } from '../search/catalogue.ts';
import { explainSearch } from '../search/explain.ts';
import { ilikeSearch } from '../search/ilike.ts';
import { buildMiniSearch, type MiniSearchIndex } from '../search/minisearch.ts';
import { type BenchQuery, editDistance, filtered, QUERIES, queryString } from '../search/queries.ts';

type SearchHandler = typeof import('../../services/search/src/handlers/search.ts')['handler'];
type Runtime = typeof import('../../services/search/src/runtime.ts');

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10);
const SIZES = (process.env.BENCH_SEARCH_SIZES ?? '1000,10000,100000').split(',').map((s) => Number(s.trim()));
/** How many of the slowest queries (by the query alone's p95) to EXPLAIN ANALYZE at the largest size. */
const EXPLAIN = Number(process.env.BENCH_SEARCH_EXPLAIN ?? 0);
/** Artworks per upsertArtworks call (one transaction each) while loading. */
const LOAD_BATCH = 1000;
const GOALS = [
  { size: 10_000, p95Ms: 10 },
  { size: 100_000, p95Ms: 30 },
] as const;
const GOAL_FASTER_THAN_ILIKE = { size: 100_000, times: 5 } as const;

const PATHS = ['handler', 'query', 'ilike', 'minisearch'] as const;
type Path = (typeof PATHS)[number];
const PATH_LABELS: Record<Path, string> = {
  handler: 'handler GET /v1/search',
  query: 'query alone (store.search)',
  ilike: 'naive ILIKE baseline',
  minisearch: 'MiniSearch in-process',
};

interface Checked {
  total: number;
  ilikeRows: number;
  miniTotal: number;
}

interface SizeResult {
  size: number;
  /** Per path, per query (in QUERIES order), the timed samples. */
  ms: Record<Path, number[][]>;
  checked: Checked[];
  loadSeconds: number;
  optimizeSeconds: number;
  mini: { buildMs: number; heapBytes: number };
}

export async function search(): Promise<void> {
  if (!Number.isInteger(ITERATIONS) || ITERATIONS < 1) {
    throw new Error(`BENCH_ITERATIONS must be a positive integer, not ${process.env.BENCH_ITERATIONS}`);
  }
  if (!Number.isInteger(WARMUP) || WARMUP < 0) {
    throw new Error(`BENCH_WARMUP must be a non-negative integer, not ${process.env.BENCH_WARMUP}`);
  }
  if (!Number.isInteger(EXPLAIN) || EXPLAIN < 0) {
    throw new Error(`BENCH_SEARCH_EXPLAIN must be a non-negative integer, not ${process.env.BENCH_SEARCH_EXPLAIN}`);
  }
  if (SIZES.length === 0 || SIZES.some((size) => !Number.isInteger(size) || size < 1)) {
    throw new Error(
      `BENCH_SEARCH_SIZES must be positive whole numbers, comma-separated, not ${process.env.BENCH_SEARCH_SIZES}`,
    );
  }
  const sizes = [...new Set(SIZES)].sort((a, b) => a - b);
  const savedEnv = { ...process.env };
  const cleanups: (() => Promise<void>)[] = [];
  try {
    // ---- one fresh database, grown from the smallest catalogue to the largest -------------------
    const database: TestDatabaseServer = await createTestDatabaseServer();
    cleanups.push(() => database.close());
    const naive = postgres(database.url, {
      max: 1,
      prepare: false,
      idle_timeout: 20,
      onnotice: () => {},
      connection: { application_name: 'copper-bench-ilike' },
    });
    cleanups.push(() => naive.end({ timeout: 5 }));
    const [{ version } = { version: '?' }] = await naive<{ version: string }[]>`select version()`;
    console.log(`database: ${describeDatabase(database)}`);
    console.log(`server: ${version}`);
    if (database.kind === 'pglite') {
      console.log(
        '*** NOT PostgreSQL 15: DATABASE_URL is unset, so this runs on in-process PGlite (one connection, ' +
          'single-threaded, in this very process). The issue measures on PostgreSQL 15: set DATABASE_URL. ***',
      );
    } else if (!/^PostgreSQL 15\./.test(version)) {
      console.log(`*** the issue measures on PostgreSQL 15; this server is ${version.split(' ')[1] ?? version} ***`);
    }

    const generateStarted = performance.now();
    const catalogue = generateCatalogue(sizes.at(-1) ?? 0);
    console.log(
      `catalogue: ${catalogue.length} generated artworks (seeded), in ${((performance.now() - generateStarted) / 1000).toFixed(1)} s; ` +
        `e.g. "${catalogue[0]?.title}", "${catalogue[1]?.title}", "${catalogue[2]?.title}"`,
    );

    // ---- the handler, configured as the deployed search function reads its environment -----------
    Object.assign(process.env, {
      STAGE: 'bench',
      SERVICE_VERSION: '0.0.0',
      LOG_LEVEL: 'ERROR',
      CORS_ORIGINS: 'http://localhost:3000',
      DATABASE_URL: database.url,
    });
    delete process.env.DATABASE_URL_PARAMETER;
    delete process.env.MEDIA_BASE_URL_PARAMETER;
    const runtime: Runtime = await import('../../services/search/src/runtime.ts');
    cleanups.push(closeHandlerDatabase(runtime));
    const handler: SearchHandler = (await import('../../services/search/src/handlers/search.ts')).handler;

    // ---- the store called directly, over a connection made the same way --------------------------
    const bareHandle: DbHandle = createPostgresDb({ url: database.url, applicationName: 'copper-bench-bare' });
    cleanups.push(() => bareHandle.close());
    const store = createSearchStore(bareHandle.db);

    const results: SizeResult[] = [];
    let loaded = 0;
    for (const size of sizes) {
      console.log(`\n### ${size.toLocaleString('en')} artworks\n`);
      // ---- load (not timed as a figure) -------------------------------------------------------
      const loadStarted = performance.now();
      for (let from = loaded; from < size; from += LOAD_BATCH) {
        const batch = catalogue.slice(from, Math.min(size, from + LOAD_BATCH));
        const outcomes = await store.upsertArtworks(batch);
        const refused = outcomes.filter((outcome) => outcome !== 'stored').length;
        if (refused > 0) throw new Error(`${refused} of ${batch.length} artworks were not stored`);
      }
      const loadSeconds = (performance.now() - loadStarted) / 1000;
      const optimizeStarted = performance.now();
      await store.optimize();
      const optimizeSeconds = (performance.now() - optimizeStarted) / 1000;
      console.log(
        `loaded: +${size - loaded} artworks through store.upsertArtworks (batches of ${LOAD_BATCH}) in ` +
          `${loadSeconds.toFixed(1)} s, then store.optimize() (vacuum analyze) in ${optimizeSeconds.toFixed(1)} s`,
      );
      loaded = size;
      const [counts] = await naive<{ artworks: number; terms: number }[]>`
        select (select count(*)::int from search.artworks) as artworks, (select count(*)::int from search.terms) as terms`;
      if (counts?.artworks !== size) throw new Error(`search.artworks holds ${counts?.artworks}, not ${size}`);

      // ---- MiniSearch on the same documents -------------------------------------------------------
      const documents = catalogue.slice(0, size);
      const mini = buildMiniSearch(documents);
      console.log(
        `read model: ${counts.artworks} artworks, ${counts.terms} vocabulary terms; MiniSearch: index of ` +
          `${mini.documents} built in ${mini.buildMs.toFixed(0)} ms, ${formatBytes(mini.heapBytes)} of heap`,
      );

      const result = await measure({ size, handler, store, naive, mini, documents });
      results.push({
        ...result,
        loadSeconds,
        optimizeSeconds,
        mini: { buildMs: mini.buildMs, heapBytes: mini.heapBytes },
      });
      reportSize(results.at(-1) as SizeResult);
      if (EXPLAIN > 0 && size === sizes.at(-1)) await explainSlowest(results.at(-1) as SizeResult, bareHandle, naive);
    }

    report(results, database);
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => console.error('cleanup failed:', message(error)));
    }
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
  }
}

// ---- one size: check every path once, then time them ---------------------------------------------

/** The store's query for a bench query, built as the Search use case builds it from the request. */
function engineQuery(query: BenchQuery): EngineQuery {
  const sort = query.sort ?? 'relevance';
  return {
    q: query.q,
    filters: {
      techniques: [...new Set(query.technique ?? [])].sort(),
      collections: [],
      availability: [...new Set(query.availability ?? [])].sort(),
      sizes: [],
      year: { from: query.yearFrom, to: query.yearTo },
      price: { from: query.priceFrom, to: query.priceTo },
    },
    order: sort === 'relevance' && isBrowse(planQuery(query.q)) ? 'newest' : sort,
    limit: DEFAULT_LIMIT,
  };
}

function searchEvent(query: BenchQuery) {
  const multi = queryString(query);
  const single = Object.fromEntries(Object.entries(multi).map(([key, values]) => [key, values.at(-1) ?? '']));
  const empty = Object.keys(multi).length === 0;
  return apiGatewayEvent({
    httpMethod: 'GET',
    resource: '/v1/search',
    path: '/v1/search',
    queryStringParameters: empty ? null : single,
    multiValueQueryStringParameters: empty ? null : multi,
  });
}

async function measure(input: {
  size: number;
  handler: SearchHandler;
  store: SearchPort;
  naive: postgres.Sql;
  mini: MiniSearchIndex;
  documents: readonly ArtworkProjection[];
}): Promise<Pick<SizeResult, 'size' | 'ms' | 'checked'>> {
  const { handler, store, naive, mini, documents } = input;
  const engineQueries = QUERIES.map(engineQuery);

  // One checked call of every path for every query before any timing: the handler answers 200
  // with the same hits as the store, and the figures below say what each path found.
  const checked: Checked[] = [];
  for (const [i, query] of QUERIES.entries()) {
    const response = await handler(searchEvent(query), lambdaContext({ functionName: 'bench' }));
    if (response.statusCode !== 200) {
      throw new Error(
        `GET /v1/search ${query.label} answered ${response.statusCode}: ${(response.body ?? '').slice(0, 300)}`,
      );
    }
    const body = JSON.parse(response.body ?? 'null') as { hits?: { slug?: string }[]; total?: number };
    const direct = await store.search(engineQueries[i] as EngineQuery);
    const viaHandler = (body.hits ?? []).map((hit) => hit.slug).join();
    if (viaHandler !== direct.hits.map((hit) => hit.slug).join() || body.total !== direct.total) {
      throw new Error(`GET /v1/search and store.search disagree on ${query.label}`);
    }
    const ilikeRows = (await ilikeSearch(naive, query)).length;
    const miniResult = mini.search(query, DEFAULT_LIMIT);
    if (miniResult.ids.some((id) => documents[id] === undefined)) throw new Error('MiniSearch found an unknown id');
    checked.push({ total: direct.total, ilikeRows, miniTotal: miniResult.total });
  }

  const ms: Record<Path, number[][]> = {
    handler: QUERIES.map(() => []),
    query: QUERIES.map(() => []),
    ilike: QUERIES.map(() => []),
    minisearch: QUERIES.map(() => []),
  };
  // The event and context are built outside the timed region, as API Gateway and the Lambda runtime
  // do; the status is checked after it, so a failing call can never be measured.
  const events = QUERIES.map(searchEvent);
  const run = async (path: Path, i: number): Promise<number> => {
    const query = QUERIES[i] as BenchQuery;
    switch (path) {
      case 'handler': {
        const event = { ...(events[i] as ReturnType<typeof searchEvent>) };
        const context = lambdaContext({ functionName: 'bench' });
        const start = performance.now();
        const response = await handler(event, context);
        const elapsed = performance.now() - start;
        if (response.statusCode !== 200)
          throw new Error(`GET /v1/search ${query.label} answered ${response.statusCode}`);
        return elapsed;
      }
      case 'query': {
        const start = performance.now();
        await store.search(engineQueries[i] as EngineQuery);
        return performance.now() - start;
      }
      case 'ilike': {
        const start = performance.now();
        await ilikeSearch(naive, query);
        return performance.now() - start;
      }
      case 'minisearch': {
        const start = performance.now();
        mini.search(query, DEFAULT_LIMIT);
        return performance.now() - start;
      }
    }
  };

  // Interleaved: every round runs every query on every path, the queries in a rotated order and
  // the paths in a rotated order, so drift and GC on a noisy machine hit all four alike.
  const started = performance.now();
  for (let round = 0; round < WARMUP + ITERATIONS; round++) {
    for (let k = 0; k < QUERIES.length; k++) {
      const i = (k + round) % QUERIES.length;
      for (let p = 0; p < PATHS.length; p++) {
        const path = PATHS[(p + round + k) % PATHS.length] as Path;
        const elapsed = await run(path, i);
        if (round >= WARMUP) ms[path][i]?.push(elapsed);
      }
    }
  }
  console.log(
    `timed: ${ITERATIONS} rounds of the ${QUERIES.length} queries on 4 paths (after ${WARMUP} dropped) in ` +
      `${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  return { size: input.size, ms, checked };
}

/** The plans of the slowest queries of the mix, as store.search runs them. */
async function explainSlowest(result: SizeResult, handle: DbHandle, naive: postgres.Sql): Promise<void> {
  const slowest = QUERIES.map((query, i) => ({ query, i, p95: stats(result.ms.query[i] ?? []).p95 }))
    .sort((a, b) => b.p95 - a.p95)
    .slice(0, EXPLAIN);
  for (const { query, p95 } of slowest) {
    console.log(`\n#### EXPLAIN (ANALYZE, BUFFERS): ${query.label} (query alone p95 ${fixed(p95)} ms)\n`);
    console.log(await explainSearch(handle.db, naive, engineQuery(query)));
  }
}

// ---- the report ----------------------------------------------------------------------------------

const fixed = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const stats = (values: number[]) => ({ p50: percentile(values, 0.5), p95: percentile(values, 0.95) });
const pooled = (result: SizeResult, path: Path) => stats(result.ms[path].flat());

/** Per query at one size: what each path found and how long it took. */
function reportSize(result: SizeResult): void {
  printTable(
    [
      { header: 'query' },
      { header: 'kind' },
      { header: 'filters' },
      { header: 'total', align: 'right' },
      { header: 'ILIKE rows', align: 'right' },
      { header: 'Mini total', align: 'right' },
      { header: 'handler p50', align: 'right' },
      { header: 'p95', align: 'right' },
      { header: 'query p50', align: 'right' },
      { header: 'p95', align: 'right' },
      { header: 'ILIKE p50', align: 'right' },
      { header: 'p95', align: 'right' },
      { header: 'Mini p50', align: 'right' },
      { header: 'p95', align: 'right' },
    ],
    QUERIES.map((query, i) => {
      const at = (path: Path) => stats(result.ms[path][i] ?? []);
      const [handler, alone, ilike, mini] = [at('handler'), at('query'), at('ilike'), at('minisearch')];
      const checked = result.checked[i] as Checked;
      return [
        query.label,
        query.typo ? `${query.kind} (${editDistance(query.typo.typed, query.typo.meant)})` : query.kind,
        filtered(query) ? 'yes' : '',
        String(checked.total),
        String(checked.ilikeRows),
        String(checked.miniTotal),
        fixed(handler.p50),
        fixed(handler.p95),
        fixed(alone.p50),
        fixed(alone.p95),
        fixed(ilike.p50),
        fixed(ilike.p95),
        fixed(mini.p50),
        fixed(mini.p95),
      ];
    }),
  );
  console.log(
    'ms; total = matches the search counts (typos, prefixes, synonyms, stemming); ILIKE rows = what the ' +
      'naive baseline returns (at most 20, it counts nothing); Mini total = MiniSearch matches.',
  );
}

function report(results: SizeResult[], database: TestDatabaseServer): void {
  console.log('\n### summary (the whole query mix pooled)\n');
  const rows: string[][] = [];
  const verdicts: string[] = [];
  for (const result of results) {
    const handler = pooled(result, 'handler');
    const ilike = pooled(result, 'ilike');
    const goal = GOALS.find((g) => g.size === result.size);
    let handlerVerdict = '';
    if (goal) {
      handlerVerdict = `${handler.p95 <= goal.p95Ms ? 'OK' : 'OVER'} (p95 ≤ ${goal.p95Ms} ms)`;
      verdicts.push(`${result.size.toLocaleString('en')}: handler ${handlerVerdict}`);
    }
    const faster = { p50: ilike.p50 / handler.p50, p95: ilike.p95 / handler.p95 };
    let ilikeVerdict = '';
    if (result.size === GOAL_FASTER_THAN_ILIKE.size) {
      ilikeVerdict = `${faster.p95 >= GOAL_FASTER_THAN_ILIKE.times ? 'OK' : 'OVER'} (≥ ${GOAL_FASTER_THAN_ILIKE.times}× at p95)`;
      verdicts.push(`${result.size.toLocaleString('en')}: handler vs ILIKE ${ilikeVerdict}`);
    }
    for (const path of PATHS) {
      const s = pooled(result, path);
      const ratio =
        path === 'handler'
          ? `${faster.p50.toFixed(1)}× p50, ${faster.p95.toFixed(1)}× p95`
          : path === 'ilike'
            ? '1×'
            : `${(ilike.p50 / s.p50).toFixed(1)}× p50, ${(ilike.p95 / s.p95).toFixed(1)}× p95`;
      const verdict = path === 'handler' ? [handlerVerdict, ilikeVerdict].filter(Boolean).join('; ') : '';
      rows.push([
        path === 'handler' ? result.size.toLocaleString('en') : '',
        PATH_LABELS[path],
        fixed(s.p50),
        fixed(s.p95),
        ratio,
        verdict,
      ]);
    }
  }
  printTable(
    [
      { header: 'artworks' },
      { header: 'run' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p95 ms', align: 'right' },
      { header: 'faster than ILIKE', align: 'right' },
      { header: 'goal' },
    ],
    rows,
  );
  console.log(
    `\n${QUERIES.length} queries × ${ITERATIONS} timed rounds (BENCH_ITERATIONS) per path and size, after ${WARMUP} ` +
      `dropped (BENCH_WARMUP), interleaved; sizes ${results.map((r) => r.size).join(', ')} (BENCH_SEARCH_SIZES); ` +
      `node ${process.version}, on ${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite (in this process)'}. ` +
      'handler = middy stack + zod + Search use case + store (typo lookup, hits with highlights, total, facets ' +
      'and ranges in one statement) + JSON, invoked with an API Gateway event; query alone = store.search ' +
      'over a connection made the same way; ILIKE = every word as %word% in title or description, same ' +
      'filters, newest (or price) first, 20 rows, no typo tolerance, no ranking, no total or facets; ' +
      'MiniSearch = fuzzy 0.2, prefix on the last word, title ×2, AND, 20 hits sorted, no facets or ' +
      'highlights, its index in this heap. "faster than ILIKE" = ILIKE percentile / this percentile.',
  );
  console.log(
    `MiniSearch index: ${results
      .map(
        (r) =>
          `${r.size.toLocaleString('en')} built in ${r.mini.buildMs.toFixed(0)} ms, ${formatBytes(r.mini.heapBytes)}`,
      )
      .join('; ')}.`,
  );
  console.log(
    `Load (not a figure): ${results
      .map(
        (r) =>
          `to ${r.size.toLocaleString('en')} in ${r.loadSeconds.toFixed(1)} s + optimize ${r.optimizeSeconds.toFixed(1)} s`,
      )
      .join('; ')}.`,
  );
  const missing = [...GOALS.map((g) => g.size), GOAL_FASTER_THAN_ILIKE.size].filter(
    (size) => !results.some((r) => r.size === size),
  );
  if (missing.length > 0) {
    verdicts.push(
      `${[...new Set(missing)].map((s) => s.toLocaleString('en')).join(', ')}: not measured (BENCH_SEARCH_SIZES)`,
    );
  }
  console.log(`Goals: ${verdicts.join('; ')}.`);
  // The process's peak over its life: under plain `pnpm bench`, the suites before this one count too.
  console.log(`Peak RSS of the bench process ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB.`);
}

function formatBytes(bytes: number): string {
  if (Number.isNaN(bytes)) return 'unknown (no GC to force)';
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function describeDatabase(database: TestDatabaseServer): string {
  const url = new URL(database.url);
  const where = `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  return database.kind === 'postgres'
    ? `PostgreSQL at ${where} (fresh database from DATABASE_URL, dropped at the end)`
    : `in-process PGlite over its socket at ${where} (DATABASE_URL unset)`;
}

/** The handler's own connection, closed before the database is dropped or stopped. */
function closeHandlerDatabase(runtime: Runtime): () => Promise<void> {
  return async () => {
    const handle = await runtime.database.get().catch(() => undefined);
    await handle?.close();
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
