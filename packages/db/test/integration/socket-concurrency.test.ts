import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabaseServer, type TestDatabaseServer } from '../../src/testing.ts';

// `pnpm dev` serves one PGlite to every offline Lambda over pglite-socket. Each connection's
// extended-protocol group (Parse, Bind, Execute… Sync) must reach PGlite unbroken, or one client's
// Bind lands on another's unnamed statement ("bind message supplies 1 parameters, but prepared
// statement requires 4"). pglite-socket 0.2.17 only kept a connection's messages together inside a
// transaction; patches/ keeps them together until Sync. On PostgreSQL this holds by construction.
let server: TestDatabaseServer;
beforeAll(async () => {
  server = await createTestDatabaseServer();
});
afterAll(async () => {
  await server?.close();
});

it('keeps concurrent clients’ parameterised queries apart', async () => {
  const clients = Array.from({ length: 6 }, () => postgres(server.url, { max: 1, prepare: false, onnotice: () => {} }));
  try {
    const rounds = await Promise.all(
      clients.map(async (sql, client) => {
        const answers: number[] = [];
        for (let round = 0; round < 40; round += 1) {
          // Different parameter counts per client, so a crossed Bind cannot pass unnoticed.
          const values = Array.from({ length: client + 1 }, (_, index) => round * 10 + index);
          const [row] = await sql.unsafe<{ total: number }[]>(
            `select (${values.map((_, index) => `$${index + 1}::int`).join(' + ')}) as total`,
            values,
          );
          answers.push(Number(row?.total));
        }
        return answers;
      }),
    );
    rounds.forEach((answers, client) => {
      answers.forEach((total, round) => {
        const expected = Array.from({ length: client + 1 }, (_, index) => round * 10 + index).reduce(
          (a, b) => a + b,
          0,
        );
        expect(total).toBe(expected);
      });
    });
  } finally {
    await Promise.all(clients.map((sql) => sql.end({ timeout: 1 })));
  }
}, 60_000);
