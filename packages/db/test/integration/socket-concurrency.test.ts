import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/pglite.ts';
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

// PGlite is one session: the socket server serves `maxConnections` clients and, patched, lines up
// the rest instead of writing "Too many connections" and closing (which clients saw as ECONNRESET
// and the API turned into 500s under load). A client that waits too long gets PostgreSQL's own
// refusal, SQLSTATE 53300, which the API answers as 503 with Retry-After.
describe('connections beyond the limit', () => {
  let pg: PGlite;
  beforeAll(async () => {
    pg = await openPglite();
  });
  afterAll(async () => {
    await pg?.close();
  });

  async function serve(options: { maxConnections: number; connectionWaitTimeout: number }) {
    const server = new PGLiteSocketServer({ db: pg, host: '127.0.0.1', port: 0, ...options });
    await server.start();
    const url = `postgres://postgres:postgres@127.0.0.1:${server.getServerConn().split(':').pop()}/postgres?sslmode=disable`;
    return { server, url };
  }

  it('wait their turn and are all served', async () => {
    const { server, url } = await serve({ maxConnections: 2, connectionWaitTimeout: 10_000 });
    // Each client holds its connection for a moment, so most of the twelve must wait for a slot.
    const clients = Array.from({ length: 12 }, () => postgres(url, { max: 1, prepare: false, idle_timeout: 0.2 }));
    try {
      let most = 0;
      const watch = setInterval(() => {
        most = Math.max(most, server.getStats().waitingConnections);
      }, 5);
      const answers = await Promise.all(
        clients.map(async (sql, index) => {
          const [row] = await sql<{ n: number }[]>`select ${index}::int as n`;
          await sql.end({ timeout: 1 });
          return row?.n;
        }),
      );
      clearInterval(watch);
      expect(answers).toEqual(clients.map((_, index) => index));
      expect(most).toBeGreaterThan(0);
      expect(server.getStats().activeConnections).toBeLessThanOrEqual(2);
    } finally {
      await Promise.all(clients.map((sql) => sql.end({ timeout: 1 })));
      await server.stop();
    }
  }, 60_000);

  it('are refused with SQLSTATE 53300, not a reset, when no slot frees in time', async () => {
    const { server, url } = await serve({ maxConnections: 1, connectionWaitTimeout: 300 });
    const holder = postgres(url, { max: 1, prepare: false });
    const waiter = postgres(url, { max: 1, prepare: false, connect_timeout: 5 });
    try {
      await holder`select 1`;
      await expect(waiter`select 1`).rejects.toMatchObject({ code: '53300' });
      expect(server.getStats().waitingConnections).toBe(0);
    } finally {
      await Promise.all([holder.end({ timeout: 1 }), waiter.end({ timeout: 1 })]);
      await server.stop();
    }
  }, 30_000);
});
