/** Where `pnpm dev` runs the local issuer unless ISSUER_PORT says otherwise. */
export const DEFAULT_ISSUER_PORT = 4580;

/** The dev artist's `sub`, shaped like an Auth0 database user so nothing special-cases local tokens. */
export const DEV_ARTIST_SUBJECT = 'auth0|dev-artist';
