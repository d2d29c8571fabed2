// The local stand-in for Auth0 in `pnpm dev`: one RS256 key, its JWKS, and a token endpoint for the
// dev artist. It only ever listens on loopback; nothing here is deployed.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import * as z from 'zod';
import { DEV_ARTIST_SUBJECT } from './dev-defaults.ts';
import { IssuerKeyError } from './errors.ts';

export const ISSUER_KEY_FILE = 'issuer-key.json';
const DEFAULT_TTL_SECONDS = 12 * 60 * 60;
const MAX_TTL_SECONDS = 7 * 24 * 60 * 60;

export interface IssuerKey {
  kid: string;
  privateKey: CryptoKey;
  /** What the JWKS publishes: the public half only, with `kid`, `alg` and `use`. */
  publicJwk: JWK;
}

const storedKeySchema = z.looseObject({
  kty: z.literal('RSA'),
  kid: z.string().min(1),
  n: z.string().min(1),
  e: z.string().min(1),
  d: z.string().min(1),
});

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

function isExistingFile(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'EEXIST';
}

async function importStoredKey(text: string, path: string): Promise<IssuerKey> {
  let stored: z.output<typeof storedKeySchema>;
  try {
    stored = storedKeySchema.parse(JSON.parse(text));
  } catch (error) {
    throw new IssuerKeyError(`${path} is not an RSA private JWK; delete it to have a new key made`, { cause: error });
  }
  const privateKey = await importJWK(stored, 'RS256');
  if (privateKey instanceof Uint8Array) {
    throw new IssuerKeyError(`${path} holds a symmetric key; delete it to have a new key made`);
  }
  return {
    kid: stored.kid,
    privateKey,
    publicJwk: { kty: 'RSA', n: stored.n, e: stored.e, kid: stored.kid, alg: 'RS256', use: 'sig' },
  };
}

/**
 * The issuer's signing key, made once and kept in `dataDir` so tokens minted before a restart of
 * `pnpm dev` still verify after it. The file holds a private key, hence mode 0600.
 */
export async function loadOrCreateIssuerKey(dataDir: string): Promise<IssuerKey> {
  const path = join(dataDir, ISSUER_KEY_FILE);
  try {
    return await importStoredKey(await readFile(path, 'utf8'), path);
  } catch (error) {
    if (!isMissingFile(error)) throw error;
  }

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(privateJwk);
  const stored = { ...privateJwk, kid, alg: 'RS256', use: 'sig' };
  await mkdir(dataDir, { recursive: true });
  try {
    // `wx`: two issuers starting at once must not overwrite each other's key.
    await writeFile(path, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (!isExistingFile(error)) throw error;
    return importStoredKey(await readFile(path, 'utf8'), path);
  }
  return importStoredKey(JSON.stringify(stored), path);
}

export interface MintOptions {
  subject?: string;
  permissions?: string[];
  ttlSeconds?: number;
}

export interface LocalIssuerOptions {
  /** 0 picks a free port (tests); `pnpm dev` uses a fixed one so the issuer URL, and so tokens, stay valid. */
  port: number;
  dataDir: string;
  audience: string;
  /** Who `/token` mints for unless told otherwise. */
  subject?: string;
  /** Put in every token's `permissions` claim unless told otherwise, as Auth0 RBAC does. */
  permissions?: string[];
  ttlSeconds?: number;
  /** Sees every request, e.g. to log it or to count JWKS fetches. */
  onRequest?: (request: { method: string; path: string }) => void;
}

export interface LocalIssuer {
  /** `http://127.0.0.1:{port}/`, with the trailing slash Auth0 issuers have. */
  issuer: string;
  jwksUrl: string;
  port: number;
  kid: string;
  mint(options?: MintOptions): Promise<string>;
  close(): Promise<void>;
}

const mintQuerySchema = z.object({
  subject: z.string().min(1).optional(),
  permissions: z
    .string()
    .optional()
    .transform((value) => value?.split(',').filter(Boolean)),
  ttl: z.coerce.number().int().positive().max(MAX_TTL_SECONDS).optional(),
});

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  response.end(JSON.stringify(body));
}

export async function startLocalIssuer(options: LocalIssuerOptions): Promise<LocalIssuer> {
  const key = await loadOrCreateIssuerKey(options.dataDir);
  const defaults = {
    subject: options.subject ?? DEV_ARTIST_SUBJECT,
    permissions: options.permissions ?? [],
    ttlSeconds: options.ttlSeconds ?? DEFAULT_TTL_SECONDS,
  };
  // Known only once listening, since port 0 means "any"; routes read it at request time.
  let issuer = '';

  const mint = async (mintOptions: MintOptions = {}): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ permissions: mintOptions.permissions ?? defaults.permissions })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(options.audience)
      .setSubject(mintOptions.subject ?? defaults.subject)
      .setIssuedAt(now)
      .setExpirationTime(now + (mintOptions.ttlSeconds ?? defaults.ttlSeconds))
      .sign(key.privateKey);
  };

  const routes: Record<string, { methods: string[]; handle: (url: URL, response: ServerResponse) => Promise<void> }> = {
    '/.well-known/jwks.json': {
      methods: ['GET'],
      handle: async (_url, response) => sendJson(response, 200, { keys: [key.publicJwk] }),
    },
    '/.well-known/openid-configuration': {
      methods: ['GET'],
      handle: async (_url, response) =>
        sendJson(response, 200, {
          issuer,
          jwks_uri: new URL('.well-known/jwks.json', issuer).href,
          token_endpoint: new URL('token', issuer).href,
          id_token_signing_alg_values_supported: ['RS256'],
        }),
    },
    '/token': {
      methods: ['GET', 'POST'],
      handle: async (url, response) => {
        const query = mintQuerySchema.safeParse(Object.fromEntries(url.searchParams));
        if (!query.success) {
          sendJson(response, 400, { error: 'invalid_request', error_description: query.error.message });
          return;
        }
        const ttlSeconds = query.data.ttl ?? defaults.ttlSeconds;
        const token = await mint({ subject: query.data.subject, permissions: query.data.permissions, ttlSeconds });
        sendJson(response, 200, { access_token: token, token_type: 'Bearer', expires_in: ttlSeconds });
      },
    },
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', issuer);
    const method = request.method ?? 'GET';
    options.onRequest?.({ method, path: url.pathname });
    const route = routes[url.pathname];
    if (!route) {
      sendJson(response, 404, { error: 'not_found' });
      return;
    }
    if (!route.methods.includes(method)) {
      sendJson(response, 405, { error: 'method_not_allowed' }, { allow: route.methods.join(', ') });
      return;
    }
    route.handle(url, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, { error: 'server_error' });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  issuer = `http://127.0.0.1:${port}/`;

  return {
    issuer,
    jwksUrl: new URL('.well-known/jwks.json', issuer).href,
    port,
    kid: key.kid,
    mint,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets (fetch keeps them) would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
