// The text search configurations of migration search_text, as the store relies on them, on PGlite
// and on PostgreSQL: English stemming with accents folded, and the stop words the domain knows.
import { executeRows } from '@copper/db/client';
import { createTestDatabase, type TestDatabase } from '@copper/db/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STOP_WORDS } from '../../src/domain/text.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.close();
});

const vector = async (config: string, text: string) => {
  const [row] = await executeRows<{ v: string }>(
    database.db,
    sql`select to_tsvector(${config}::regconfig, ${text})::text as v`,
  );
  return row?.v;
};

describe(`text search (${process.env.DATABASE_URL ? 'PostgreSQL server' : 'PGlite'})`, () => {
  it('stems English and folds accents', async () => {
    expect(await vector('search.copper', 'Études of harbours')).toBe("'etud':1 'harbour':3");
    expect(await vector('search.copper', 'Café Œuvre naïve')).toBe("'cafe':1 'naiv':3 'oeuvr':2");
    expect(await vector('search.copper_simple', 'The Études')).toBe("'etudes':2 'the':1");
  });

  it('drops exactly the stop words the domain leaves out of the vocabulary', async () => {
    const [row] = await executeRows<{ kept: string[] }>(
      database.db,
      sql`select coalesce(array_agg(w), '{}') as kept
        from unnest(${`{${[...STOP_WORDS].join(',')}}`}::text[]) as w
        where to_tsvector('search.copper', w) <> ''::tsvector`,
    );
    expect(row?.kept).toEqual([]);
    expect(await vector('search.copper', 'under the harbour')).toBe("'harbour':3");
  });
});
