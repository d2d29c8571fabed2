// `pnpm seed`: adds the sample catalogue to DATABASE_URL, migrating it first. Safe to run again:
// whatever is already there (by slug) is left as it is. The seed tells no one of its changes, so
// when it added anything, search's read model is rebuilt after it (as `pnpm search:reindex` does).
import { migrateUrl, redact } from '@copper/db/migrate';
import { devEnvSchema } from './dev/config.ts';
import { describeReindex, reindexSearch, throttled } from './search/reindex.ts';
import { describeSummary, progressDisplay, seedDatabase } from './seed/run.ts';

const say = (line: string) => process.stdout.write(`[seed] ${line}\n`);
const fail = (line: string) => process.stderr.write(`[seed] ✖ ${line}\n`);

/** Every message down the cause chain, since a driver error is usually wrapped in one of ours. */
function causes(error: unknown): { message: string; code: unknown }[] {
  const chain: { message: string; code: unknown }[] = [];
  for (let e: unknown = error; e !== undefined && e !== null; e = e instanceof Error ? e.cause : undefined) {
    const message = e instanceof Error ? e.message || e.name : String(e);
    // drizzle puts the failed SQL and its parameters on lines of their own.
    chain.push({ message: message.replace(/\s*\n\s*/g, ' ').trim(), code: (e as { code?: unknown }).code });
  }
  return chain;
}

const UNREACHABLE = new Set<unknown>(['ECONNREFUSED', 'ECONNRESET', 'CONNECT_TIMEOUT', 'ENOTFOUND', 'EHOSTUNREACH']);

// The port `pnpm dev` serves its embedded database on, so the hint matches the running stack.
const pglitePort = devEnvSchema.shape.PGLITE_PORT.safeParse(process.env.PGLITE_PORT).data ?? 5433;
const devUrl = `postgres://postgres:postgres@127.0.0.1:${pglitePort}/postgres?sslmode=disable`;

const url = process.env.DATABASE_URL;
if (!url) {
  fail('DATABASE_URL is not set; it names the database to seed.');
  fail(`With \`pnpm dev\` running, its embedded database is at ${devUrl}:`);
  fail(`  DATABASE_URL='${devUrl}' pnpm seed`);
  process.exit(2);
}

const progress = progressDisplay('[seed] ');
try {
  say(`database: ${redact(url)}, applying migrations…`);
  await migrateUrl(url);
  const summary = await seedDatabase(url, { onProgress: progress.update });
  progress.finish();
  if (summary) say(`sample catalogue: ${describeSummary(summary)}`);
  if (summary && summary.created > 0) {
    const indexing = progressDisplay('[seed] search: ');
    const indexed = await reindexSearch(url, { onProgress: throttled(indexing.update) });
    indexing.finish();
    say(`search: ${describeReindex(indexed)}`);
  }
} catch (error) {
  progress.finish();
  const chain = causes(error);
  const down = chain.find((cause) => UNREACHABLE.has(cause.code));
  if (down) {
    fail(`cannot reach the database at ${redact(url)}: ${down.message}`);
    fail('Is it running? `pnpm dev` serves one while it runs; DATABASE_URL must point at it.');
  } else {
    fail(`seeding ${redact(url)} failed: ${chain[0]?.message ?? 'unknown error'}`);
    for (const cause of chain.slice(1)) fail(`  caused by: ${cause.message}`);
  }
  process.exit(1);
}
