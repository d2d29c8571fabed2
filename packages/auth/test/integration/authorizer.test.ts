// The authorizer handler with the real verifier and the real local issuer: what API Gateway gets back.

import { apiGatewayEvent } from '@copper/http/testing';
import type { APIGatewayRequestAuthorizerEvent, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAuthorizerHandler, principalFromEvent } from '../../src/authorizer.ts';
import { DEV_ARTIST_SUBJECT } from '../../src/dev-defaults.ts';
import { JwksUnavailableError } from '../../src/errors.ts';
import { createArtistVerifier } from '../../src/verifier.ts';
import { AUDIENCE, bearer, nowSeconds, startTestIssuer, strangerKey, type TestIssuer } from '../support/issuer.ts';

const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/dev/POST/v1/artworks';
const STAGE_WILDCARD = 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/dev/*/*';

let test: TestIssuer;

beforeAll(async () => {
  test = await startTestIssuer();
});

afterAll(async () => {
  await test?.stop();
});

function handlerFor(jwksUrl = test.issuer.jwksUrl) {
  return createAuthorizerHandler(
    createArtistVerifier({
      issuer: test.issuer.issuer,
      audience: AUDIENCE,
      jwksUrl,
      artistSubject: DEV_ARTIST_SUBJECT,
      artistPermission: 'manage:catalogue',
    }),
  );
}

function requestEvent(authorization?: string): APIGatewayRequestAuthorizerEvent {
  const headers = authorization === undefined ? {} : { authorization };
  return {
    type: 'REQUEST',
    methodArn: METHOD_ARN,
    resource: '/v1/artworks',
    path: '/v1/artworks',
    httpMethod: 'POST',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: {} as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}

function tokenEvent(authorizationToken: string): APIGatewayTokenAuthorizerEvent {
  return { type: 'TOKEN', methodArn: METHOD_ARN, authorizationToken };
}

describe('REQUEST authorizer', () => {
  it('allows the artist on every route of the stage and hands the principal to the handlers', async () => {
    const token = await test.issuer.mint({ permissions: ['manage:catalogue', 'read:inquiries'] });
    const result = await handlerFor()(requestEvent(bearer(token)));
    expect(result).toEqual({
      principalId: DEV_ARTIST_SUBJECT,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: STAGE_WILDCARD }],
      },
      context: { subject: DEV_ARTIST_SUBJECT, permissions: 'manage:catalogue,read:inquiries' },
    });

    // What API Gateway passes on to the route handler: the context plus principalId.
    const proxyEvent = apiGatewayEvent({ httpMethod: 'POST', path: '/v1/artworks' });
    proxyEvent.requestContext.authorizer = { principalId: result.principalId, ...result.context };
    const principal = principalFromEvent(proxyEvent);
    expect(principal).toEqual({ subject: DEV_ARTIST_SUBJECT, permissions: ['manage:catalogue', 'read:inquiries'] });
  });

  const unauthenticated: Array<[string, () => Promise<string | undefined>]> = [
    ['no token', async () => undefined],
    ['a malformed token', async () => 'Bearer abc'],
    ['an expired token', async () => bearer(await test.sign(test.claims({ exp: nowSeconds() - 300 })))],
    ['a token not valid yet', async () => bearer(await test.sign(test.claims({ nbf: nowSeconds() + 300 })))],
    ['a token from another issuer', async () => bearer(await test.sign(test.claims({ iss: 'https://evil.test/' })))],
    ['a token for another audience', async () => bearer(await test.sign(test.claims({ aud: 'https://other.test' })))],
    ['an unsigned token', async () => bearer(new UnsecuredJWT(test.claims()).encode())],
    [
      'a token with an unknown kid',
      async () => bearer(await test.sign(test.claims(), { key: await strangerKey(), kid: 'nope' })),
    ],
  ];

  it.each(unauthenticated)('answers 401 to %s by throwing exactly "Unauthorized"', async (_name, header) => {
    await expect(handlerFor()(requestEvent(await header()))).rejects.toThrowError(/^Unauthorized$/);
  });

  it('answers 403 with a Deny policy to a valid token of someone else', async () => {
    const token = await test.issuer.mint({ subject: 'auth0|visitor' });
    const result = await handlerFor()(requestEvent(bearer(token)));
    expect(result.principalId).toBe('auth0|visitor');
    expect(result.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: STAGE_WILDCARD },
    ]);
    expect(result.context).toBeUndefined();
  });

  it('answers 401 when two Authorization headers are sent, even if both are genuine', async () => {
    const token = await test.issuer.mint();
    const event = requestEvent(bearer(token));
    event.multiValueHeaders = { Authorization: [bearer(token), bearer(token)] };
    await expect(handlerFor()(event)).rejects.toThrowError(/^Unauthorized$/);
  });

  it('lets an unreachable JWKS surface as an error API Gateway answers with 500, and logs it', async () => {
    const gone = await startTestIssuer();
    const token = await gone.issuer.mint();
    const jwksUrl = gone.issuer.jwksUrl;
    await gone.stop();
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const handler = createAuthorizerHandler(
      createArtistVerifier({
        issuer: gone.issuer.issuer,
        audience: AUDIENCE,
        jwksUrl,
        artistSubject: DEV_ARTIST_SUBJECT,
      }),
      { logger },
    );
    const outcome = handler(requestEvent(bearer(token)));
    await expect(outcome).rejects.toThrowError(JwksUnavailableError);
    await expect(outcome).rejects.not.toThrowError(/^Unauthorized$/);
    expect(logger.error).toHaveBeenCalledOnce();
  });
});

describe('TOKEN authorizer', () => {
  it('allows the artist from the authorizationToken', async () => {
    const result = await handlerFor()(tokenEvent(bearer(await test.issuer.mint())));
    expect(result.principalId).toBe(DEV_ARTIST_SUBJECT);
    expect(result.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: STAGE_WILDCARD },
    ]);
  });

  it('answers 401 to a token signed with HS256', async () => {
    const token = await new SignJWT(test.claims())
      .setProtectedHeader({ alg: 'HS256', kid: test.issuer.kid })
      .sign(new TextEncoder().encode('any shared secret at all, 32 bytes+'));
    await expect(handlerFor()(tokenEvent(bearer(token)))).rejects.toThrowError(/^Unauthorized$/);
  });
});

describe('the deployed entry point', () => {
  it('builds the authorizer from the environment once and admits the dev artist', async () => {
    vi.stubEnv('STAGE', 'test');
    vi.stubEnv('LOG_LEVEL', 'ERROR');
    vi.stubEnv('AUTH_ISSUER', test.issuer.issuer);
    vi.stubEnv('AUTH_AUDIENCE', AUDIENCE);
    vi.stubEnv('AUTH_ARTIST_SUBJECT', DEV_ARTIST_SUBJECT);
    vi.stubEnv('AUTH_ARTIST_PERMISSION', '');
    try {
      const { handler } = await import('../../src/handler.ts');
      const before = test.jwksFetches();
      const allowed = await handler(requestEvent(bearer(await test.issuer.mint())));
      expect(allowed.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
      await expect(handler(requestEvent(undefined))).rejects.toThrowError(/^Unauthorized$/);
      // The JWKS URL was derived from the issuer: the key set came from the local issuer.
      expect(test.jwksFetches() - before).toBe(1);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
