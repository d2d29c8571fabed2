// A real local issuer on a free port with its own key directory, plus the means to sign tokens
// with that key (or another) carrying any claims, for the bad-token cases the issuer never mints.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CryptoKey, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { type LocalIssuer, loadOrCreateIssuerKey, startLocalIssuer } from '../../src/local-issuer.ts';

export const AUDIENCE = 'https://api.copper.test/v1';

export interface TestIssuer {
  issuer: LocalIssuer;
  dataDir: string;
  signingKey: CryptoKey;
  /** How many times the JWKS was fetched since start. */
  jwksFetches(): number;
  /** Claims an honest token for the dev artist would have; override any of them. */
  claims(overrides?: JWTPayload): JWTPayload;
  /** Signs with the issuer's own key and `kid` unless told otherwise. */
  sign(claims: JWTPayload, options?: { key?: CryptoKey; kid?: string }): Promise<string>;
  stop(): Promise<void>;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export async function startTestIssuer(options: { port?: number; dataDir?: string } = {}): Promise<TestIssuer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'copper-auth-')));
  let jwksFetches = 0;
  const issuer = await startLocalIssuer({
    port: options.port ?? 0,
    dataDir,
    audience: AUDIENCE,
    onRequest: ({ path }) => {
      if (path === '/.well-known/jwks.json') jwksFetches += 1;
    },
  });
  const { privateKey: signingKey } = await loadOrCreateIssuerKey(dataDir);

  return {
    issuer,
    dataDir,
    signingKey,
    jwksFetches: () => jwksFetches,
    claims: (overrides = {}) => ({
      iss: issuer.issuer,
      aud: AUDIENCE,
      sub: 'auth0|dev-artist',
      iat: nowSeconds(),
      exp: nowSeconds() + 600,
      ...overrides,
    }),
    sign: (claims, signOptions = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: signOptions.kid ?? issuer.kid })
        .sign(signOptions.key ?? signingKey),
    stop: async () => {
      await issuer.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function strangerKey(): Promise<CryptoKey> {
  return (await generateKeyPair('RS256')).privateKey;
}

export const bearer = (token: string) => `Bearer ${token}`;
