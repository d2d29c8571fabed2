// How verdicts become API Gateway answers, with a verifier that returns a fixed verdict.
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import {
  authorizationOf,
  createAuthorizerHandler,
  principalFromEvent,
  stageWildcardArn,
  UNAUTHORIZED,
} from '../../src/authorizer.ts';
import { JwksUnavailableError, MissingPrincipalError } from '../../src/errors.ts';
import type { ArtistVerifier, VerifyResult } from '../../src/verifier.ts';

const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/PATCH/v1/artworks/harbour-at-dusk';

function answering(result: VerifyResult | Error): ArtistVerifier & { seen: Array<string | undefined> } {
  const seen: Array<string | undefined> = [];
  return {
    seen,
    verify: async (authorization) => {
      seen.push(authorization);
      if (result instanceof Error) throw result;
      return result;
    },
  };
}

function requestEvent(
  headers: Record<string, string> | null,
  multiValueHeaders: Record<string, string[]> | null = null,
): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: METHOD_ARN,
    resource: '/v1/artworks/{slug}',
    path: '/v1/artworks/harbour-at-dusk',
    httpMethod: 'PATCH',
    headers,
    multiValueHeaders,
    pathParameters: { slug: 'harbour-at-dusk' },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: {} as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}

describe('stageWildcardArn', () => {
  it('widens a method ARN to every verb and path of its stage', () => {
    expect(stageWildcardArn(METHOD_ARN)).toBe('arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/*/*');
  });

  it('keeps an ARN of another shape as it is, which can only be narrower', () => {
    expect(stageWildcardArn('not-an-arn')).toBe('not-an-arn');
    expect(stageWildcardArn('arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5')).toBe(
      'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5',
    );
  });
});

describe('authorizationOf', () => {
  it('finds the header whatever its case', () => {
    expect(authorizationOf(requestEvent({ AUTHORIZATION: 'Bearer x' }))).toBe('Bearer x');
    expect(authorizationOf(requestEvent({ authorization: 'Bearer y' }))).toBe('Bearer y');
  });

  it('combines repeated headers so that they are refused as more than one token', () => {
    const event = requestEvent({ Authorization: 'Bearer b' }, { Authorization: ['Bearer a', 'Bearer b'] });
    expect(authorizationOf(event)).toBe('Bearer a, Bearer b');
  });

  it('reports no header when API Gateway sends none', () => {
    expect(authorizationOf(requestEvent(null))).toBeUndefined();
    expect(authorizationOf(requestEvent({ Accept: 'application/json' }))).toBeUndefined();
  });

  it('reads a TOKEN event from authorizationToken', () => {
    expect(authorizationOf({ type: 'TOKEN', methodArn: METHOD_ARN, authorizationToken: 'Bearer z' })).toBe('Bearer z');
  });
});

describe('createAuthorizerHandler', () => {
  it('allows the artist with the principal in the context', async () => {
    const verifier = answering({ ok: true, principal: { subject: 'auth0|artist', permissions: ['a', 'b'] } });
    const result = await createAuthorizerHandler(verifier)(requestEvent({ Authorization: 'Bearer t' }));
    expect(verifier.seen).toEqual(['Bearer t']);
    expect(result).toEqual({
      principalId: 'auth0|artist',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Allow',
            Resource: 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/*/*',
          },
        ],
      },
      context: { subject: 'auth0|artist', permissions: 'a,b' },
    });
  });

  it.each(['missing', 'malformed', 'invalid', 'expired'] as const)(
    'throws exactly "Unauthorized" for a %s token, which API Gateway answers 401',
    async (reason) => {
      const handler = createAuthorizerHandler(answering({ ok: false, reason, status: 401, message: 'detail' }));
      const outcome = handler(requestEvent(null));
      await expect(outcome).rejects.toThrowError(Error);
      await expect(outcome).rejects.toHaveProperty('message', UNAUTHORIZED);
      expect(UNAUTHORIZED).toBe('Unauthorized');
    },
  );

  it('denies someone else with a Deny policy, which API Gateway answers 403', async () => {
    const verifier = answering({
      ok: false,
      reason: 'forbidden',
      status: 403,
      message: 'not the artist',
      subject: 'auth0|visitor',
    });
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const result = await createAuthorizerHandler(verifier, { logger })(requestEvent({ Authorization: 'Bearer t' }));
    expect(result.principalId).toBe('auth0|visitor');
    expect(result.policyDocument.Statement).toEqual([
      {
        Action: 'execute-api:Invoke',
        Effect: 'Deny',
        Resource: 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/*/*',
      },
    ]);
    expect(result.context).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ subject: 'auth0|visitor' }));
  });

  it('lets an operational fault propagate, logged, so API Gateway answers 500 rather than 401', async () => {
    const fault = new JwksUnavailableError('keys unreachable');
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const outcome = createAuthorizerHandler(answering(fault), { logger })(requestEvent({ Authorization: 'Bearer t' }));
    await expect(outcome).rejects.toBe(fault);
    expect(logger.error).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ error: fault }));
  });
});

describe('principalFromEvent', () => {
  const withAuthorizer = (authorizer: Record<string, unknown> | null) =>
    ({ requestContext: { authorizer } }) as unknown as Parameters<typeof principalFromEvent>[0];

  it('reads the artist the authorizer admitted', () => {
    const event = withAuthorizer({ principalId: 'auth0|artist', subject: 'auth0|artist', permissions: 'a,b' });
    expect(principalFromEvent(event)).toEqual({ subject: 'auth0|artist', permissions: ['a', 'b'] });
  });

  it('reads an empty permission list as none', () => {
    expect(principalFromEvent(withAuthorizer({ subject: 'auth0|artist', permissions: '' }))).toEqual({
      subject: 'auth0|artist',
      permissions: [],
    });
  });

  it('fails closed on a route deployed without the authorizer', () => {
    expect(() => principalFromEvent(withAuthorizer(null))).toThrowError(MissingPrincipalError);
    expect(() => principalFromEvent(withAuthorizer({ principalId: 'x' }))).toThrowError(MissingPrincipalError);
  });
});
