import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRows } from '../../src/client.ts';
import { migrationsFolder } from '../../src/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../src/testing.ts';

// Runs on in-process PGlite by default and on the real server when DATABASE_URL is set,
// so the same committed migrations are proven on both.
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.close();
});

describe(`migrations (${process.env.DATABASE_URL ? 'PostgreSQL server' : 'PGlite'})`, () => {
  it('creates one schema per service', async () => {
    const rows = await executeRows<{ schema_name: string }>(
      database.db,
      sql`select schema_name from information_schema.schemata where schema_name in ('content','search','imaging') order by 1`,
    );
    expect(rows.map((row) => row.schema_name)).toEqual(['content', 'imaging', 'search']);
  });

  it('enables pg_trgm: "harbor" is similar to "harbour"', async () => {
    const [row] = await executeRows<{ close: number; far: number }>(
      database.db,
      sql`select similarity('harbor', 'harbour')::float8 as close, similarity('harbor', 'mezzotint')::float8 as far`,
    );
    expect(Number(row?.close)).toBeGreaterThanOrEqual(0.5);
    expect(Number(row?.far)).toBeLessThan(0.1);
  });

  it('enables unaccent: "Décembre" folds to "Decembre"', async () => {
    const [row] = await executeRows<{ folded: string }>(database.db, sql`select unaccent('Décembre') as folded`);
    expect(row?.folded).toBe('Decembre');
  });

  it('records every committed migration once', async () => {
    const [row] = await executeRows<{ count: number }>(
      database.db,
      sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
    );
    const journal = JSON.parse(await readFile(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
      entries: unknown[];
    };
    expect(journal.entries.length).toBeGreaterThanOrEqual(3);
    expect(Number(row?.count)).toBe(journal.entries.length);
  });
});
