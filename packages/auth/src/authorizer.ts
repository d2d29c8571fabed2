import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import { MissingPrincipalError } from './errors.ts';
import type { ArtistPrincipal, ArtistVerifier, VerifyResult } from './verifier.ts';

export type AuthorizerEvent = APIGatewayRequestAuthorizerEvent | APIGatewayTokenAuthorizerEvent;
export type AuthorizerHandler = (event: AuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;

/** The part of a logger the authorizer uses; Powertools' Logger fits it. */
export interface AuthorizerLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/** The exact message API Gateway turns into a 401; any other thrown error becomes a 500. */
export const UNAUTHORIZED = 'Unauthorized';

/**
 * Widens `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{verb}/{path}` to any verb and path
 * of that stage.
 * API Gateway caches the returned policy per token and applies it to every route that shares the
 * authorizer; a policy naming only the first route would deny the artist's next call to another one.
 * An ARN of another shape is returned unchanged, which is narrower and so still safe.
 */
export function stageWildcardArn(methodArn: string): string {
  const [api, stage] = methodArn.split('/');
  if (api === undefined || stage === undefined || stage === '' || !api.startsWith('arn:')) return methodArn;
  return `${api}/${stage}/*/*`;
}

function policy(
  principalId: string,
  effect: 'Allow' | 'Deny',
  resource: string,
  context?: APIGatewayAuthorizerResult['context'],
): APIGatewayAuthorizerResult {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
    },
    ...(context ? { context } : {}),
  };
}

/**
 * The `Authorization` value the client sent. Repeated headers are combined the way HTTP does
 * (comma-joined, RFC 9110 §5.3), which the bearer parser then refuses: exactly one token is accepted.
 */
export function authorizationOf(event: AuthorizerEvent): string | undefined {
  if (event.type === 'TOKEN') return event.authorizationToken;
  const isAuthorization = ([name]: [string, unknown]) => name.toLowerCase() === 'authorization';
  const repeated = Object.entries(event.multiValueHeaders ?? {})
    .filter(isAuthorization)
    .flatMap(([, values]) => values ?? []);
  if (repeated.length > 0) return repeated.join(', ');
  const single = Object.entries(event.headers ?? {})
    .filter(isAuthorization)
    .flatMap(([, value]) => (value === undefined ? [] : [value]));
  return single.length > 0 ? single.join(', ') : undefined;
}

/**
 * An API Gateway REST Lambda authorizer (REQUEST or TOKEN) in front of every artist route.
 *
 * How a verdict reaches the client, given API Gateway's rules:
 * - 401 (`missing`, `malformed`, `invalid`, `expired`): throw `Error('Unauthorized')`, the one
 *   thrown value API Gateway answers with 401.
 * - 403 (`forbidden`, a genuine token of someone who is not the artist): a Deny policy.
 * - 200: an Allow policy over the whole stage (see {@link stageWildcardArn}) with the principal in
 *   `context`, where route handlers read it back with {@link principalFromEvent}.
 * - Signing keys unobtainable: the error propagates and API Gateway answers 500. That is an outage
 *   to alarm on, not a bad token, and answering 401 would send the artist to sign in again for nothing.
 */
export function createAuthorizerHandler(
  verifier: ArtistVerifier,
  options: { logger?: AuthorizerLogger } = {},
): AuthorizerHandler {
  const { logger } = options;
  return async (event) => {
    const resource = stageWildcardArn(event.methodArn);
    let result: VerifyResult;
    try {
      result = await verifier.verify(authorizationOf(event));
    } catch (error) {
      logger?.error('artist token could not be verified', { error, methodArn: event.methodArn });
      throw error;
    }
    if (result.ok) {
      const { subject, permissions } = result.principal;
      logger?.info('artist admitted', { subject });
      return policy(subject, 'Allow', resource, { subject, permissions: permissions.join(',') });
    }
    if (result.status === 403) {
      logger?.warn('token of another subject refused', { subject: result.subject, methodArn: event.methodArn });
      return policy(result.subject, 'Deny', resource);
    }
    logger?.info('token refused', { reason: result.reason, detail: result.message, methodArn: event.methodArn });
    throw new Error(UNAUTHORIZED);
  };
}

/** The artist behind a request that passed the authorizer; throws if the route has no authorizer. */
export function principalFromEvent(event: Pick<APIGatewayProxyEvent, 'requestContext'>): ArtistPrincipal {
  const context: Record<string, unknown> | null | undefined = event.requestContext.authorizer;
  const subject = context?.subject;
  if (typeof subject !== 'string' || subject === '') {
    throw new MissingPrincipalError('no artist in the request context: is the route behind the authorizer?');
  }
  const permissions = typeof context?.permissions === 'string' ? context.permissions.split(',').filter(Boolean) : [];
  return { subject, permissions };
}
