/** The verifier's configuration is unusable; raised at cold start so a misconfigured authorizer never serves. */
export class AuthConfigError extends Error {
  override name = 'AuthConfigError';
}

/**
 * The signing keys could not be obtained (JWKS unreachable, timed out, not 200, not a key set).
 * This is an operational fault, not a verdict on the token, so it is thrown rather than answered
 * with 401: the artist's token may be perfectly good, and a 500 from the authorizer is what raises
 * the alarm.
 */
export class JwksUnavailableError extends Error {
  override name = 'JwksUnavailableError';
}

/**
 * An artist route was reached without the authorizer's context: the route was deployed without
 * the authorizer. Fails closed.
 */
export class MissingPrincipalError extends Error {
  override name = 'MissingPrincipalError';
}

/** `pnpm dev:token` could not reach the local issuer. */
export class IssuerNotRunningError extends Error {
  override name = 'IssuerNotRunningError';
}

/** The local issuer's persisted key file exists but cannot be used. */
export class IssuerKeyError extends Error {
  override name = 'IssuerKeyError';
}
