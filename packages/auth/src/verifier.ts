import { createRemoteJWKSet, decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from 'jose';
import * as z from 'zod';
import { AuthConfigError, JwksUnavailableError } from './errors.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const verifierConfigSchema = z
  .object({
    /** Pinned exactly as the token's `iss`; Auth0's ends with a slash (`https://tenant.eu.auth0.com/`). */
    issuer: z.string().min(1),
    /** The API identifier the token was issued for (`aud`). */
    audience: z.string().min(1),
    jwksUrl: z.url().refine((value) => {
      const url = new URL(value);
      // Keys fetched over plain http could be swapped in transit; only the local issuer gets away with it.
      return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
    }, 'must use https (plain http only on loopback)'),
    /** The artist's `sub`, e.g. `auth0|64f0…` in the cloud, `auth0|dev-artist` locally. */
    artistSubject: z.string().min(1).optional(),
    /** A permission (Auth0 RBAC `permissions` claim or a `scope` entry) that marks the artist. */
    artistPermission: z.string().min(1).optional(),
    clockToleranceSeconds: z.number().int().min(0).max(300).default(30),
  })
  .refine((config) => config.artistSubject !== undefined || config.artistPermission !== undefined, {
    // Without either, every valid token from the tenant would be admitted, visitors' included.
    message: 'configure artistSubject or artistPermission (or both)',
    path: ['artistSubject'],
  });

export type ArtistVerifierConfig = z.input<typeof verifierConfigSchema>;

export interface ArtistPrincipal {
  subject: string;
  permissions: string[];
}

export type TokenRejection =
  | { ok: false; reason: 'missing' | 'malformed' | 'invalid' | 'expired'; status: 401; message: string }
  | { ok: false; reason: 'forbidden'; status: 403; message: string; subject: string };

export type VerifyResult = { ok: true; principal: ArtistPrincipal } | TokenRejection;

export interface ArtistVerifier {
  /**
   * Judges the raw `Authorization` header value. A bad token is always answered with a value;
   * only an operational fault (signing keys unobtainable: {@link JwksUnavailableError}) throws.
   */
  verify(authorization: string | undefined): Promise<VerifyResult>;
}

/** Auth0's ceiling for an API's access-token lifetime (30 days). */
const MAX_TOKEN_AGE = '30d';

type UnauthenticatedReason = Exclude<TokenRejection['reason'], 'forbidden'>;

function unauthenticated(reason: UnauthenticatedReason, message: string): TokenRejection {
  return { ok: false, reason, status: 401, message };
}

// RFC 6750 b64token after a case-insensitive scheme; anything else (two tokens, another scheme) is malformed.
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** Extracts the one bearer token from an `Authorization` header value. */
export function readBearerToken(
  authorization: string | undefined,
): { ok: true; token: string } | Extract<TokenRejection, { status: 401 }> {
  const value = authorization?.trim() ?? '';
  if (value === '') {
    return { ok: false, reason: 'missing', status: 401, message: 'no bearer token was sent' };
  }
  const token = BEARER.exec(value)?.[1];
  if (token === undefined) {
    return {
      ok: false,
      reason: 'malformed',
      status: 401,
      message: 'expected "Authorization: Bearer <token>" with exactly one token',
    };
  }
  return { ok: true, token };
}

/** Auth0 RBAC puts permissions in `permissions`; OAuth scopes arrive space-separated in `scope`. */
export function permissionsOf(payload: JWTPayload): string[] {
  const listed = Array.isArray(payload.permissions)
    ? payload.permissions.filter((item): item is string => typeof item === 'string' && item !== '')
    : [];
  const scoped = typeof payload.scope === 'string' ? payload.scope.split(' ').filter((item) => item !== '') : [];
  return [...new Set([...listed, ...scoped])];
}

// jose error codes that are a verdict on the token itself. Anything else escaping jwtVerify came from
// obtaining or importing the signing keys, the only I/O it does.
const MALFORMED_CODES = new Set([errors.JWSInvalid.code, errors.JWTInvalid.code]);
const INVALID_CODES = new Set([
  errors.JWSSignatureVerificationFailed.code,
  // Only a token without `kid` can match several keys; Auth0 always sends one, so ambiguity is refused.
  errors.JWKSMultipleMatchingKeys.code,
]);

function verdictFor(error: unknown, jwksUrl: string): TokenRejection {
  if (error instanceof errors.JWTExpired) {
    return unauthenticated('expired', 'the token has expired');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return unauthenticated('invalid', 'the token is not valid yet');
    if (error.claim === 'iat' && error.reason === 'check_failed') {
      return unauthenticated('invalid', 'the token was issued in the future');
    }
    return unauthenticated(
      'invalid',
      `the "${error.claim}" claim is ${error.reason === 'missing' ? 'missing' : 'not accepted'}`,
    );
  }
  if (error instanceof errors.JOSEError) {
    if (MALFORMED_CODES.has(error.code)) return unauthenticated('malformed', 'the token is not a well-formed JWT');
    if (error.code === errors.JOSEAlgNotAllowed.code) {
      return unauthenticated('invalid', 'the token is not signed with RS256');
    }
    if (error.code === errors.JWKSNoMatchingKey.code) {
      return unauthenticated('invalid', 'the token was not signed by a key of the issuer');
    }
    if (error.code === errors.JOSENotSupported.code) {
      // e.g. a `crit` header naming an extension nobody here implements.
      return unauthenticated('invalid', 'the token uses a JOSE feature that is not accepted');
    }
    if (INVALID_CODES.has(error.code)) return unauthenticated('invalid', 'the token signature is not valid');
  }
  throw new JwksUnavailableError(`could not obtain the signing keys from ${jwksUrl}`, { cause: error });
}

/**
 * Builds the one verifier for a stage: Auth0 in the cloud, the local issuer in `pnpm dev`.
 * Create it once at module scope: the JWKS cache lives inside it, so a warm authorizer verifies
 * without a network call, refetching only on an unknown `kid` (at most every 30 s) or after 10 min.
 */
export function createArtistVerifier(input: ArtistVerifierConfig): ArtistVerifier {
  const parsed = verifierConfigSchema.safeParse(input);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new AuthConfigError(`invalid verifier configuration: ${fields}`, { cause: parsed.error });
  }
  const config = parsed.data;
  const jwks = createRemoteJWKSet(new URL(config.jwksUrl));

  return {
    async verify(authorization) {
      const bearer = readBearerToken(authorization);
      if (!bearer.ok) return bearer;
      const { token } = bearer;

      // Rejected before any key lookup so garbage never costs a JWKS fetch. Five parts would be a JWE.
      if (token.split('.').length !== 3) return unauthenticated('malformed', 'the token is not a compact JWS');
      try {
        decodeProtectedHeader(token);
      } catch {
        return unauthenticated('malformed', 'the token header is not readable');
      }

      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          algorithms: ['RS256'],
          issuer: config.issuer,
          audience: config.audience,
          clockTolerance: config.clockToleranceSeconds,
          // jose judges `iat` only with a maximum age, and then requires it (Auth0 always sets it).
          // A token issued in the future, beyond the tolerance, was minted by a wrong or forged
          // clock and is refused; the age is Auth0's longest access-token lifetime, so `exp` stays
          // what ends a token's life.
          maxTokenAge: MAX_TOKEN_AGE,
          // A token without `exp` would never expire.
          requiredClaims: ['sub', 'exp'],
        }));
      } catch (error) {
        return verdictFor(error, config.jwksUrl);
      }

      const subject = payload.sub;
      if (typeof subject !== 'string' || subject === '') {
        return unauthenticated('invalid', 'the "sub" claim is not accepted');
      }
      const permissions = permissionsOf(payload);
      const isArtist =
        (config.artistSubject !== undefined && subject === config.artistSubject) ||
        (config.artistPermission !== undefined && permissions.includes(config.artistPermission));
      if (!isArtist) {
        return { ok: false, reason: 'forbidden', status: 403, message: `${subject} is not the artist`, subject };
      }
      return { ok: true, principal: { subject, permissions } };
    },
  };
}
