// The verifier against the real local issuer over HTTP: every bad token is a 401 or 403 value,
// never a thrown error, and the keys are fetched once.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportSPKI, importJWK, type JWK, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ARTIST_SUBJECT } from '../../src/dev-defaults.ts';
import { JwksUnavailableError } from '../../src/errors.ts';
import { type ArtistVerifierConfig, createArtistVerifier } from '../../src/verifier.ts';
import { AUDIENCE, bearer, nowSeconds, startTestIssuer, strangerKey, type TestIssuer } from '../support/issuer.ts';

let test: TestIssuer;

beforeAll(async () => {
  test = await startTestIssuer();
});

afterAll(async () => {
  await test?.stop();
});

function verifierFor(overrides: Partial<ArtistVerifierConfig> = {}) {
  return createArtistVerifier({
    issuer: test.issuer.issuer,
    audience: AUDIENCE,
    jwksUrl: test.issuer.jwksUrl,
    artistSubject: DEV_ARTIST_SUBJECT,
    ...overrides,
  });
}

describe('tokens that do not authenticate anyone are answered 401', () => {
  const cases: Array<{ name: string; header: () => Promise<string | undefined>; reason: string; detail: string }> = [
    { name: 'no Authorization header', header: async () => undefined, reason: 'missing', detail: 'no bearer token' },
    { name: 'an empty Authorization header', header: async () => '', reason: 'missing', detail: 'no bearer token' },
    {
      name: 'another scheme',
      header: async () => `Basic ${btoa('artist:secret')}`,
      reason: 'malformed',
      detail: 'exactly one token',
    },
    {
      name: 'the scheme without a token',
      header: async () => 'Bearer ',
      reason: 'malformed',
      detail: 'exactly one token',
    },
    {
      name: 'two tokens',
      header: async () => `Bearer ${await test.sign(test.claims())} extra`,
      reason: 'malformed',
      detail: 'exactly one token',
    },
    { name: 'not a JWT', header: async () => 'Bearer not-a-jwt', reason: 'malformed', detail: 'not a compact JWS' },
    {
      name: 'three segments of garbage',
      header: async () => 'Bearer aaaa.bbbb.cccc',
      reason: 'malformed',
      detail: 'header is not readable',
    },
    {
      name: 'expired beyond the clock tolerance',
      header: async () => bearer(await test.sign(test.claims({ iat: nowSeconds() - 3600, exp: nowSeconds() - 120 }))),
      reason: 'expired',
      detail: 'has expired',
    },
    {
      name: 'not valid yet (nbf beyond the clock tolerance)',
      header: async () => bearer(await test.sign(test.claims({ nbf: nowSeconds() + 120 }))),
      reason: 'invalid',
      detail: 'not valid yet',
    },
    {
      name: 'issued a year ahead (iat in the future beyond the clock tolerance)',
      header: async () =>
        bearer(await test.sign(test.claims({ iat: nowSeconds() + 365 * 86_400, exp: nowSeconds() + 366 * 86_400 }))),
      reason: 'invalid',
      detail: 'issued in the future',
    },
    {
      name: 'issued two minutes ahead',
      header: async () => bearer(await test.sign(test.claims({ iat: nowSeconds() + 120 }))),
      reason: 'invalid',
      detail: 'issued in the future',
    },
    {
      name: 'no issue time at all',
      header: async () => {
        const { iat: _dropped, ...claims } = test.claims();
        return bearer(await test.sign(claims));
      },
      reason: 'invalid',
      detail: '"iat" claim is missing',
    },
    {
      name: 'another issuer',
      header: async () => bearer(await test.sign(test.claims({ iss: 'https://copper.eu.auth0.com/' }))),
      reason: 'invalid',
      detail: '"iss" claim',
    },
    {
      name: 'the issuer without its trailing slash',
      header: async () => bearer(await test.sign(test.claims({ iss: test.issuer.issuer.slice(0, -1) }))),
      reason: 'invalid',
      detail: '"iss" claim',
    },
    {
      name: 'another audience',
      header: async () => bearer(await test.sign(test.claims({ aud: 'https://someone-else.test/api' }))),
      reason: 'invalid',
      detail: '"aud" claim',
    },
    {
      name: 'no expiry at all',
      header: async () => {
        const { exp: _dropped, ...claims } = test.claims();
        return bearer(await test.sign(claims));
      },
      reason: 'invalid',
      detail: '"exp" claim is missing',
    },
    {
      name: 'alg: none',
      header: async () => bearer(new UnsecuredJWT(test.claims()).encode()),
      reason: 'invalid',
      detail: 'not signed with RS256',
    },
    {
      name: 'HS256 signed with the public key as the secret',
      header: async () => {
        const [publicJwk] = ((await (await fetch(test.issuer.jwksUrl)).json()) as { keys: [JWK] }).keys;
        const publicPem = await exportSPKI((await importJWK(publicJwk, 'RS256')) as CryptoKey);
        const token = await new SignJWT(test.claims())
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: test.issuer.kid })
          .sign(new TextEncoder().encode(publicPem));
        return bearer(token);
      },
      reason: 'invalid',
      detail: 'not signed with RS256',
    },
    {
      name: 'signed by a key whose kid is not in the JWKS',
      header: async () => bearer(await test.sign(test.claims(), { key: await strangerKey(), kid: 'stranger-key' })),
      reason: 'invalid',
      detail: 'not signed by a key of the issuer',
    },
    {
      name: "signed by another key under the issuer's kid",
      header: async () => bearer(await test.sign(test.claims(), { key: await strangerKey() })),
      reason: 'invalid',
      detail: 'signature is not valid',
    },
    {
      name: 'a genuine token whose payload was edited',
      header: async () => {
        const [head, , signature] = (await test.sign(test.claims({ sub: 'auth0|visitor' }))).split('.');
        const forged = Buffer.from(JSON.stringify(test.claims())).toString('base64url');
        return `Bearer ${head}.${forged}.${signature}`;
      },
      reason: 'invalid',
      detail: 'signature is not valid',
    },
  ];

  it.each(cases)('$name → 401 $reason', async ({ header, reason, detail }) => {
    const result = await verifierFor().verify(await header());
    expect(result).toMatchObject({ ok: false, status: 401, reason });
    expect(result.ok ? '' : result.message).toContain(detail);
  });
});

describe('genuine tokens', () => {
  it('admits the artist and returns the principal', async () => {
    const token = await test.issuer.mint({ permissions: ['manage:catalogue'] });
    const result = await verifierFor().verify(bearer(token));
    expect(result).toEqual({
      ok: true,
      principal: { subject: DEV_ARTIST_SUBJECT, permissions: ['manage:catalogue'] },
    });
  });

  it('accepts the scheme in any case', async () => {
    const result = await verifierFor().verify(`bEaReR ${await test.issuer.mint()}`);
    expect(result.ok).toBe(true);
  });

  it('forgives clock skew within the tolerance, both ways', async () => {
    const justExpired = await test.sign(test.claims({ exp: nowSeconds() - 10 }));
    const almostValid = await test.sign(test.claims({ nbf: nowSeconds() + 10 }));
    const issuedByAFastClock = await test.sign(test.claims({ iat: nowSeconds() + 10 }));
    expect((await verifierFor().verify(bearer(justExpired))).ok).toBe(true);
    expect((await verifierFor().verify(bearer(almostValid))).ok).toBe(true);
    expect((await verifierFor().verify(bearer(issuedByAFastClock))).ok).toBe(true);
  });

  it('answers 403 to a valid token for another subject without the permission', async () => {
    const token = await test.issuer.mint({ subject: 'auth0|visitor', permissions: ['read:profile'] });
    const result = await verifierFor({ artistPermission: 'manage:catalogue' }).verify(bearer(token));
    expect(result).toMatchObject({ ok: false, status: 403, reason: 'forbidden', subject: 'auth0|visitor' });
  });

  it('admits another subject holding the permission when the stage configures one', async () => {
    const token = await test.issuer.mint({ subject: 'auth0|artist-second-login', permissions: ['manage:catalogue'] });
    const result = await verifierFor({ artistPermission: 'manage:catalogue' }).verify(bearer(token));
    expect(result).toEqual({
      ok: true,
      principal: { subject: 'auth0|artist-second-login', permissions: ['manage:catalogue'] },
    });
  });

  it('reads the permission from an OAuth scope too', async () => {
    const token = await test.sign(test.claims({ sub: 'auth0|someone', scope: 'openid manage:catalogue' }));
    const result = await verifierFor({ artistSubject: undefined, artistPermission: 'manage:catalogue' }).verify(
      bearer(token),
    );
    expect(result).toMatchObject({ ok: true, principal: { subject: 'auth0|someone' } });
  });

  it('refuses the artist subject on a stage that only admits by permission', async () => {
    const token = await test.issuer.mint({ permissions: [] });
    const result = await verifierFor({ artistSubject: undefined, artistPermission: 'manage:catalogue' }).verify(
      bearer(token),
    );
    expect(result).toMatchObject({ ok: false, status: 403, reason: 'forbidden' });
  });
});

describe('the signing keys', () => {
  it('are fetched once for many verifications, concurrent ones included', async () => {
    const verifier = verifierFor();
    const before = test.jwksFetches();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => test.issuer.mint()));
    const concurrent = await Promise.all(tokens.map((token) => verifier.verify(bearer(token))));
    for (const token of tokens) {
      expect((await verifier.verify(bearer(token))).ok).toBe(true);
    }
    expect(concurrent.every((result) => result.ok)).toBe(true);
    expect(test.jwksFetches() - before).toBe(1);
  });

  it('are not refetched for every unknown kid, so forged kids cannot hammer the issuer', async () => {
    const verifier = verifierFor();
    const before = test.jwksFetches();
    expect((await verifier.verify(bearer(await test.issuer.mint()))).ok).toBe(true);
    const stranger = await strangerKey();
    for (const kid of ['a', 'b', 'c', 'd']) {
      const result = await verifier.verify(bearer(await test.sign(test.claims(), { key: stranger, kid })));
      expect(result).toMatchObject({ ok: false, status: 401, reason: 'invalid' });
    }
    expect(test.jwksFetches() - before).toBe(1);
  });

  it('are not fetched at all for tokens refused on their face', async () => {
    const verifier = verifierFor();
    const before = test.jwksFetches();
    await verifier.verify(undefined);
    await verifier.verify('Bearer aaaa.bbbb.cccc');
    await verifier.verify(bearer(new UnsecuredJWT(test.claims()).encode()));
    expect(test.jwksFetches() - before).toBe(0);
  });

  it('being unreachable is an operational fault that is thrown, not a 401', async () => {
    const closed = await startTestIssuer();
    const jwksUrl = closed.issuer.jwksUrl;
    const token = await closed.issuer.mint();
    await closed.stop();
    const verifier = verifierFor({ jwksUrl });
    await expect(verifier.verify(bearer(token))).rejects.toThrowError(JwksUnavailableError);
    await expect(verifier.verify(bearer(token))).rejects.toHaveProperty('cause');
  });

  it('answering something other than a key set is an operational fault too', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const verifier = verifierFor({ jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json` });
      await expect(verifier.verify(bearer(await test.issuer.mint()))).rejects.toThrowError(JwksUnavailableError);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
