// Construction-time checks and the refusals that need no keys. The JWKS URL points at a closed port:
// had any of these tokens reached a key lookup, verify would throw JwksUnavailableError instead.
import { describe, expect, it } from 'vitest';
import { AuthConfigError } from '../../src/errors.ts';
import { type ArtistVerifierConfig, createArtistVerifier } from '../../src/verifier.ts';

const base: ArtistVerifierConfig = {
  issuer: 'https://copper.eu.auth0.com/',
  audience: 'https://api.copper.test/v1',
  jwksUrl: 'http://127.0.0.1:1/.well-known/jwks.json',
  artistSubject: 'auth0|artist',
};

describe('createArtistVerifier configuration', () => {
  it('refuses a stage that names neither the artist subject nor a permission', () => {
    expect(() => createArtistVerifier({ ...base, artistSubject: undefined })).toThrowError(AuthConfigError);
    expect(() => createArtistVerifier({ ...base, artistSubject: undefined })).toThrowError(
      /artistSubject or artistPermission/,
    );
  });

  it('refuses a JWKS over plain http anywhere but loopback', () => {
    expect(() =>
      createArtistVerifier({ ...base, jwksUrl: 'http://copper.eu.auth0.com/.well-known/jwks.json' }),
    ).toThrowError(/jwksUrl: must use https/);
    expect(() =>
      createArtistVerifier({ ...base, jwksUrl: 'https://copper.eu.auth0.com/.well-known/jwks.json' }),
    ).not.toThrow();
    expect(() =>
      createArtistVerifier({ ...base, jwksUrl: 'http://localhost:4580/.well-known/jwks.json' }),
    ).not.toThrow();
  });

  it('names every wrong field at once', () => {
    expect(() => createArtistVerifier({ ...base, audience: '', clockToleranceSeconds: 3600 })).toThrowError(
      /audience.*clockToleranceSeconds/,
    );
  });

  it('admits by permission alone when that is what the stage configures', () => {
    expect(() =>
      createArtistVerifier({ ...base, artistSubject: undefined, artistPermission: 'manage:catalogue' }),
    ).not.toThrow();
  });
});

describe('tokens refused on their face', () => {
  const verifier = createArtistVerifier(base);

  it.each([
    ['not a JWT', 'Bearer opaque-token', 'malformed'],
    ['two segments', 'Bearer aaaa.bbbb', 'malformed'],
    ['a JWE (five segments)', 'Bearer aaaa.bbbb.cccc.dddd.eeee', 'malformed'],
    ['a header that is not JSON', 'Bearer aaaa.bbbb.cccc', 'malformed'],
    ['no token', undefined, 'missing'],
  ])('answers %s with 401 without looking up a key', async (_name, header, reason) => {
    await expect(verifier.verify(header)).resolves.toMatchObject({ ok: false, status: 401, reason });
  });
});
