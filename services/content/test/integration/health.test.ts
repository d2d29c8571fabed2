import { createTestDatabaseServer, type TestDatabaseServer } from '@copper/db/testing';
import { apiGatewayEvent, lambdaContext } from '@copper/http/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

let database: TestDatabaseServer;

beforeAll(async () => {
  database = await createTestDatabaseServer();
});

afterAll(async () => {
  await database?.close();
});

/** The handler module reads its environment once at import, as at a Lambda cold start. */
async function coldStart(databaseUrl: string) {
  vi.resetModules();
  vi.stubEnv('STAGE', 'test');
  vi.stubEnv('SERVICE_VERSION', '9.9.9');
  vi.stubEnv('LOG_LEVEL', 'ERROR');
  vi.stubEnv('DATABASE_URL', databaseUrl);
  const { handler } = await import('../../src/handlers/health.ts');
  return handler;
}

describe('GET /v1/health', () => {
  it('reports the database reachable', async () => {
    const handler = await coldStart(database.url);
    const response = await handler(apiGatewayEvent(), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      status: 'ok',
      service: 'content',
      version: '9.9.9',
      stage: 'test',
      dependencies: { database: 'reachable' },
    });
  });

  it('answers 503 when the database does not answer', async () => {
    const handler = await coldStart('postgres://postgres@127.0.0.1:1/nothing');
    const response = await handler(apiGatewayEvent(), lambdaContext());
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'degraded', dependencies: { database: 'unreachable' } });
  });
});
