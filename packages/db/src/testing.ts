import { randomBytes } from 'node:crypto';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import postgres from 'postgres';
import { createPostgresDb, type Database } from './client.ts';
import { migratePgliteInstance, migrateUrl } from './migrate.ts';
import { drizzlePglite, openPglite } from './pglite.ts';

export interface TestDatabase {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** A connection string for code under test that connects by itself (postgres only). */
  url?: string;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: in-process PGlite by default, or a
 * uniquely named database on the server DATABASE_URL points at (dropped on close),
 * so test files never see each other's rows.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const pg = await openPglite();
    await migratePgliteInstance(pg);
    return { db: drizzlePglite(pg), kind: 'pglite', close: () => pg.close() };
  }
  const name = `copper_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrateUrl(url.toString());
  const handle = createPostgresDb({ url: url.toString(), maxConnections: 4 });
  return {
    db: handle.db,
    kind: 'postgres',
    url: url.toString(),
    async close() {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

export interface TestDatabaseServer {
  /** A connection string for code that connects by itself, as a Lambda handler does. */
  url: string;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

/**
 * A fresh, migrated database reachable by URL: a unique database on DATABASE_URL's server,
 * or in-process PGlite served over the wire protocol on a free loopback port.
 */
export async function createTestDatabaseServer(): Promise<TestDatabaseServer> {
  if (process.env.DATABASE_URL) {
    const database = await createTestDatabase();
    if (!database.url) throw new Error('a server test database has a URL');
    return { url: database.url, kind: 'postgres', close: () => database.close() };
  }
  const pg = await openPglite();
  await migratePgliteInstance(pg);
  const server = new PGLiteSocketServer({ db: pg, host: '127.0.0.1', port: 0, maxConnections: 8 });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    kind: 'pglite',
    async close() {
      await server.stop();
      await pg.close();
    },
  };
}
