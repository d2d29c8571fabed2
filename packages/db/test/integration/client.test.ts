import { describe, expect, it } from 'vitest';
import { createPostgresDb } from '../../src/client.ts';
import { migrateUrl, redact } from '../../src/migrate.ts';
import { createTestDatabaseServer } from '../../src/testing.ts';

describe('createPostgresDb', () => {
  it(`talks to ${process.env.DATABASE_URL ? 'the server' : 'PGlite over the wire protocol, as `pnpm dev` does'}`, async () => {
    const server = await createTestDatabaseServer();
    const { url } = server;
    const handle = createPostgresDb({ url });
    try {
      expect(await handle.ping()).toBe(true);
      // Applying the migrations again over the socket is a no-op, as on every later `pnpm dev`.
      await expect(migrateUrl(url)).resolves.toBeUndefined();
    } finally {
      await handle.close();
      await server.close();
    }
  });

  it('reports an unreachable database as false, not as an exception', async () => {
    const handle = createPostgresDb({ url: 'postgres://postgres@127.0.0.1:1/none' });
    expect(await handle.ping()).toBe(false);
    await handle.close();
  });
});

describe('redact', () => {
  it('hides the password of a connection string', () => {
    expect(redact('postgres://app:s3cret@db.example:5432/copper')).toBe('postgres://app:***@db.example:5432/copper');
  });

  it('never echoes an unparseable URL', () => {
    expect(redact('not a url with s3cret')).not.toContain('s3cret');
  });
});
