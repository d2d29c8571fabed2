// The local issuer `pnpm dev` runs, over HTTP: what it publishes, what it mints, what it keeps.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ARTIST_SUBJECT } from '../../src/dev-defaults.ts';
import { IssuerKeyError } from '../../src/errors.ts';
import { ISSUER_KEY_FILE, startLocalIssuer } from '../../src/local-issuer.ts';
import { createArtistVerifier } from '../../src/verifier.ts';
import { AUDIENCE, bearer, startTestIssuer, type TestIssuer } from '../support/issuer.ts';

let test: TestIssuer;

beforeAll(async () => {
  test = await startTestIssuer();
});

afterAll(async () => {
  await test?.stop();
});

const get = (path: string, init?: RequestInit) => fetch(new URL(path, test.issuer.issuer), init);

function artistVerifier(issuer: { issuer: string; jwksUrl: string }) {
  return createArtistVerifier({
    issuer: issuer.issuer,
    audience: AUDIENCE,
    jwksUrl: issuer.jwksUrl,
    artistSubject: DEV_ARTIST_SUBJECT,
  });
}

describe('published metadata', () => {
  it('serves one RS256 signing key, public half only', async () => {
    const response = await get('/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const { keys } = (await response.json()) as { keys: Array<Record<string, unknown>> };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: test.issuer.kid });
    expect(Object.keys(keys[0] ?? {}).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });

  it('serves an OpenID configuration pointing at that key set', async () => {
    const config = await (await get('/.well-known/openid-configuration')).json();
    expect(config).toMatchObject({
      issuer: test.issuer.issuer,
      jwks_uri: test.issuer.jwksUrl,
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(test.issuer.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('answers 404 to unknown paths and 405 to the wrong method', async () => {
    expect((await get('/authorize')).status).toBe(404);
    const wrongMethod = await get('/token', { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
  });
});

describe('/token', () => {
  it.each(['GET', 'POST'])('%s mints a 12-hour token for the dev artist that the verifier admits', async (method) => {
    const response = await get('/token', { method });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 43_200 });

    const claims = decodeJwt(body.access_token);
    expect(claims).toMatchObject({ iss: test.issuer.issuer, aud: AUDIENCE, sub: DEV_ARTIST_SUBJECT });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(43_200);
    expect(decodeProtectedHeader(body.access_token)).toMatchObject({ alg: 'RS256', kid: test.issuer.kid });

    const result = await artistVerifier(test.issuer).verify(bearer(body.access_token));
    expect(result).toMatchObject({ ok: true, principal: { subject: DEV_ARTIST_SUBJECT } });
  });

  it('mints for another subject, permissions and lifetime when asked', async () => {
    const response = await get('/token?subject=auth0%7Cvisitor&permissions=read:a,read:b&ttl=60', { method: 'POST' });
    const { access_token: token, expires_in } = (await response.json()) as { access_token: string; expires_in: number };
    expect(expires_in).toBe(60);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: 'auth0|visitor', permissions: ['read:a', 'read:b'] });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(60);
    expect(await artistVerifier(test.issuer).verify(bearer(token))).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses a lifetime that is not a positive number of seconds', async () => {
    expect((await get('/token?ttl=-5', { method: 'POST' })).status).toBe(400);
    expect((await get('/token?ttl=soon', { method: 'POST' })).status).toBe(400);
  });
});

describe('the signing key', () => {
  it('is kept in the data directory, readable by its owner only', async () => {
    const { mode } = await stat(join(test.dataDir, ISSUER_KEY_FILE));
    expect(mode & 0o777).toBe(0o600);
  });

  it('survives a restart, so tokens minted before it still verify', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'copper-auth-restart-'));
    try {
      const first = await startLocalIssuer({ port: 0, dataDir, audience: AUDIENCE });
      const token = await first.mint();
      await first.close();

      const second = await startLocalIssuer({ port: first.port, dataDir, audience: AUDIENCE });
      try {
        expect(second.kid).toBe(first.kid);
        expect(second.issuer).toBe(first.issuer);
        expect(await artistVerifier(second).verify(bearer(token))).toMatchObject({ ok: true });
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('differs between data directories, so one checkout cannot forge tokens for another', async () => {
    const other = await startTestIssuer();
    try {
      expect(other.issuer.kid).not.toBe(test.issuer.kid);
      const foreign = await other.sign(test.claims());
      const result = await artistVerifier(test.issuer).verify(bearer(foreign));
      expect(result).toMatchObject({ ok: false, status: 401, reason: 'invalid' });
    } finally {
      await other.stop();
    }
  });

  it('refuses to start on a damaged key file instead of silently replacing it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'copper-auth-damaged-'));
    try {
      await writeFile(join(dataDir, ISSUER_KEY_FILE), '{"kty":"oct","k":"c2VjcmV0"}');
      await expect(startLocalIssuer({ port: 0, dataDir, audience: AUDIENCE })).rejects.toThrowError(IssuerKeyError);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('reports a port already in use instead of hanging', async () => {
    await expect(
      startLocalIssuer({ port: test.issuer.port, dataDir: test.dataDir, audience: AUDIENCE }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
