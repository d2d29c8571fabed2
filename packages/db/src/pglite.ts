import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle } from 'drizzle-orm/pglite';
import type { Database } from './client.ts';
import * as schema from './schema/index.ts';

/**
 * An embedded PostgreSQL with the extensions the migrations create.
 * `dataDir` undefined keeps it in memory (tests); a folder keeps it on disk (`pnpm dev`).
 */
export async function openPglite(dataDir?: string): Promise<PGlite> {
  const pg = await PGlite.create(dataDir, { extensions: { pg_trgm, unaccent } });
  await pg.waitReady;
  return pg;
}

export function drizzlePglite(pg: PGlite): Database {
  return drizzle(pg, { schema }) as unknown as Database;
}
