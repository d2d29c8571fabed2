import type { SQLWrapper } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** What the services' adapters depend on: any drizzle PostgreSQL database (postgres.js or PGlite). */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface PostgresOptions {
  url: string;
  /**
   * Lambda runs one request per container, so one connection is enough and keeps
   * the database's connection count at the number of warm containers.
   */
  maxConnections?: number;
  applicationName?: string;
}

export interface DbHandle {
  db: Database;
  /** Runs `select 1`; true when the database answered. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** One factory for every real PostgreSQL: RDS/Aurora in the cloud, the local server or PGlite over its socket. */
export function createPostgresDb(options: PostgresOptions): DbHandle {
  const sql = postgres(options.url, {
    max: options.maxConnections ?? 1,
    idle_timeout: 20,
    connect_timeout: 5,
    // PGlite's socket server and poolers such as RDS Proxy do not keep named prepared statements per client.
    prepare: false,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'copper' },
  });
  const db = drizzle(sql, { schema });
  return {
    db,
    async ping() {
      try {
        await sql`select 1`;
        return true;
      } catch {
        return false;
      }
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

/**
 * Rows of a raw SQL statement, whichever driver runs it: postgres.js answers with an array,
 * PGlite with `{ rows }`. Query-builder calls need none of this; raw SQL (extensions,
 * search ranking) goes through here so adapters stay driver-agnostic.
 */
export async function executeRows<T extends Record<string, unknown>>(db: Database, query: SQLWrapper): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
