// `pnpm search:reindex`: rebuilds search's read model from the catalogue (see scripts/search/reindex.ts).
// Against DATABASE_URL, or the embedded database of a running `pnpm dev` when it is unset. Migrations
// are applied first, so a database that never had search's tables gets them.
import { migrateUrl, redact } from '@copper/db/migrate';
import { devEnvSchema } from './dev/config.ts';
import { describeReindex, reindexSearch, throttled } from './search/reindex.ts';
import { progressDisplay } from './seed/run.ts';

const say = (line: string) => process.stdout.write(`[reindex] ${line}\n`);
const fail = (line: string) => process.stderr.write(`[reindex] ✖ ${line}\n`);

const UNREACHABLE = new Set<unknown>(['ECONNREFUSED', 'ECONNRESET', 'CONNECT_TIMEOUT', 'ENOTFOUND', 'EHOSTUNREACH']);

/** The first error down the cause chain that says the database is not there. */
function unreachable(error: unknown): Error | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (UNREACHABLE.has((e as { code?: unknown }).code)) return e;
  }
  return undefined;
}

// The port `pnpm dev` serves its embedded database on, as `pnpm seed` explains it.
const pglitePort = devEnvSchema.shape.PGLITE_PORT.safeParse(process.env.PGLITE_PORT).data ?? 5433;
const devUrl = `postgres://postgres:postgres@127.0.0.1:${pglitePort}/postgres?sslmode=disable`;
const url = process.env.DATABASE_URL || devUrl;

const progress = progressDisplay('[reindex] ');
try {
  say(`database: ${redact(url)}${process.env.DATABASE_URL ? '' : " (`pnpm dev`'s; set DATABASE_URL for another)"}`);
  await migrateUrl(url);
  const started = performance.now();
  const summary = await reindexSearch(url, { onProgress: throttled(progress.update) });
  progress.finish();
  say(`${describeReindex(summary)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  progress.finish();
  const down = unreachable(error);
  if (down) {
    fail(`cannot reach the database at ${redact(url)}: ${down.message}`);
    fail(process.env.DATABASE_URL ? 'Is it running?' : 'Is `pnpm dev` running? Or set DATABASE_URL.');
    process.exit(1);
  }
  fail(`reindexing ${redact(url)} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
