import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { MigrationError } from './errors.ts';

/** The committed SQL that drizzle-kit generated; the one source every database is migrated from. */
export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

export async function migrateUrl(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, prepare: false });
  try {
    await migratePostgres(drizzlePostgres(sql), { migrationsFolder });
  } catch (cause) {
    throw new MigrationError(`migrations failed on ${redact(url)}`, { cause });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function migratePgliteInstance(pg: PGlite): Promise<void> {
  try {
    await migratePglite(drizzlePglite(pg), { migrationsFolder });
  } catch (cause) {
    throw new MigrationError('migrations failed on PGlite', { cause });
  }
}

/** Connection strings carry passwords; logs and errors show the rest only. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable DATABASE_URL>';
  }
}
