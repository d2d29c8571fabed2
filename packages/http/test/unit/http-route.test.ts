import type { APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { HttpProblemError, NotFoundError, ValidationError } from '../../src/errors.ts';
import { healthHandler } from '../../src/health.ts';
import { createLogger, type HttpHandler, httpRoute } from '../../src/index.ts';
import { apiGatewayEvent, lambdaContext } from '../../src/testing.ts';

// Tests assert what the client sees; the logs of expected failures would only be noise.
const logger = createLogger('test', 'SILENT');
const stack = { logger, corsOrigins: ['http://localhost:3000'], strictTransportSecurity: true };

describe('httpRoute', () => {
  it('answers JSON with the API Gateway request id in x-request-id', async () => {
    const handler = httpRoute(stack, async () => ({ statusCode: 200, body: { hello: 'plate' } }));
    const event = apiGatewayEvent();
    const response = await handler(event, lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('application/json');
    expect(response.headers?.['x-request-id']).toBe(event.requestContext.requestId);
    expect(JSON.parse(response.body)).toEqual({ hello: 'plate' });
  });

  it('turns a client error into problem+json with its fields and request id', async () => {
    const handler = httpRoute(stack, async () => {
      throw new ValidationError([{ path: 'query.limit', message: 'must be at most 100' }]);
    });
    const event = apiGatewayEvent({ path: '/v1/artworks' });
    const response = await handler(event, lambdaContext());
    expect(response.statusCode).toBe(422);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(response.headers?.['x-request-id']).toBe(event.requestContext.requestId);
    expect(JSON.parse(response.body)).toMatchObject({
      status: 422,
      title: 'Unprocessable Content',
      instance: '/v1/artworks',
      requestId: event.requestContext.requestId,
      errors: [{ path: 'query.limit', message: 'must be at most 100' }],
    });
  });

  it('names each failing field of a zod error', async () => {
    const schema = z.object({ limit: z.coerce.number().int().max(100) }).strict();
    const handler = httpRoute(stack, async (event) => {
      schema.parse(event.queryStringParameters ?? {});
      return { statusCode: 200, body: {} };
    });
    const response = await handler(
      apiGatewayEvent({ queryStringParameters: { limit: '500', colour: 'red' } }),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(422);
    const paths = (JSON.parse(response.body) as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['limit', '(root)']));
  });

  it('never shows the message of an unexpected error', async () => {
    const handler = httpRoute(stack, async () => {
      throw new Error('password=hunter2 in connection string');
    });
    const response = await handler(apiGatewayEvent(), lambdaContext());
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('hunter2');
    expect(JSON.parse(response.body)).toMatchObject({ status: 500, title: 'Internal Server Error' });
  });

  it('answers 503 with Retry-After when the database cannot take the request now', async () => {
    // What postgres.js throws when no connection came in time, wrapped as drizzle wraps driver errors;
    // and PostgreSQL's own "too many clients" refusal.
    const timeout = Object.assign(new Error('write CONNECT_TIMEOUT 127.0.0.1:5433'), { code: 'CONNECT_TIMEOUT' });
    const tooMany = Object.assign(new Error('sorry, too many clients already'), { code: '53300' });
    for (const cause of [timeout, tooMany]) {
      const handler = httpRoute(stack, async () => {
        throw new Error('Failed query: select …', { cause });
      });
      const response = await handler(apiGatewayEvent(), lambdaContext());
      expect(response.statusCode).toBe(503);
      expect(response.headers?.['retry-after']).toMatch(/^\d+$/);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(response.body).not.toContain('5433');
      expect(JSON.parse(response.body)).toMatchObject({ status: 503, title: 'Service Unavailable' });
    }
  });

  it('keeps the status of exposed 4xx errors such as a missing resource', async () => {
    const handler = httpRoute(stack, async () => {
      throw new NotFoundError('No artwork has the slug "harbour".');
    });
    const response = await handler(apiGatewayEvent(), lambdaContext());
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body).detail).toBe('No artwork has the slug "harbour".');
  });

  it('keeps a 412 raised by the domain as a 412', async () => {
    const handler = httpRoute(stack, async () => {
      throw new HttpProblemError(412, 'Precondition Failed', 'The artwork changed since you loaded it.');
    });
    expect((await handler(apiGatewayEvent(), lambdaContext())).statusCode).toBe(412);
  });

  it('allows the stage origins and no other', async () => {
    const handler = httpRoute(stack, async () => ({ statusCode: 200, body: {} }));
    const allowed = await handler(apiGatewayEvent({ headers: { Origin: 'http://localhost:3000' } }), lambdaContext());
    expect(allowed.headers?.['Access-Control-Allow-Origin']).toBe('http://localhost:3000');
    const other = await handler(apiGatewayEvent({ headers: { Origin: 'https://evil.example' } }), lambdaContext());
    expect(other.headers?.['Access-Control-Allow-Origin']).not.toBe('https://evil.example');
  });
});

describe('security headers', () => {
  const expectSecurityHeaders = (headers: APIGatewayProxyResult['headers'], where: string) => {
    expect(headers?.['X-Content-Type-Options'], where).toBe('nosniff');
    expect(headers?.['Referrer-Policy'], where).toBe('no-referrer');
    expect(headers?.['X-Frame-Options'], where).toBe('DENY');
    expect(headers?.['Content-Security-Policy'], where).toContain("frame-ancestors 'none'");
    expect(headers?.['Content-Security-Policy'], where).toContain("default-src 'none'");
  };
  const answers = {
    ok: async () => ({ statusCode: 200, body: {} }),
    'a client error': async () => {
      throw new ValidationError([{ path: 'body.title', message: 'is required' }]);
    },
    'an unexpected error': async () => {
      throw new Error('boom');
    },
  } satisfies Record<string, HttpHandler>;

  it.each(Object.entries(answers))('are on every answer: %s', async (name, answer) => {
    const response = await httpRoute(stack, answer)(apiGatewayEvent(), lambdaContext());
    expectSecurityHeaders(response.headers, name);
    expect(response.headers?.['Strict-Transport-Security']).toMatch(/^max-age=\d{8,}; includeSubDomains/);
  });

  it('are on the health answer', async () => {
    const handler = httpRoute(stack, healthHandler({ service: 'content', version: '1', stage: 'dev' }));
    expectSecurityHeaders((await handler(apiGatewayEvent(), lambdaContext())).headers, 'health');
  });

  it('leave HSTS out where the API is served over plain http (serverless-offline)', async () => {
    const local = { ...stack, strictTransportSecurity: false };
    for (const answer of Object.values(answers)) {
      const response = await httpRoute(local, answer)(apiGatewayEvent(), lambdaContext());
      expectSecurityHeaders(response.headers, 'local');
      expect(response.headers?.['Strict-Transport-Security']).toBeUndefined();
    }
  });
});

describe('healthHandler', () => {
  const info = { service: 'content', version: '1.2.3', stage: 'dev' };

  it('reports ok with every dependency reachable', async () => {
    const result = await healthHandler(info, { database: async () => true })(apiGatewayEvent(), lambdaContext());
    expect(result).toMatchObject({
      statusCode: 200,
      body: { status: 'ok', ...info, dependencies: { database: 'reachable' } },
    });
  });

  it('answers 503 degraded when a dependency is unreachable', async () => {
    const result = await healthHandler(info, { database: async () => false })(apiGatewayEvent(), lambdaContext());
    expect(result).toMatchObject({
      statusCode: 503,
      body: { status: 'degraded', dependencies: { database: 'unreachable' } },
    });
  });
});
