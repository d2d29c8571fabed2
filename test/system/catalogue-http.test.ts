import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabaseServer } from '@copper/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningStack, startDev, stopDev, waitUp } from './support.ts';

// Every content route over HTTP through `pnpm dev`'s one base URL: API Gateway routing and the
// artist authorizer as serverless-offline runs them, the handlers, and the real database.
const ports = { PORT: '3500', S3_PORT: '4869', PGLITE_PORT: '5733', ISSUER_PORT: '4880' };
const base = `http://localhost:${ports.PORT}/v1`;

async function token(query = ''): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${ports.ISSUER_PORT}/token${query}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON; each test asserts their shape.
type Json = any;
async function call(method: string, path: string, options: { token?: string; body?: unknown; ifMatch?: string } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.ifMatch ? { 'if-match': options.ifMatch } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : null) as Json,
  };
}

const variants: {
  name: string;
  setup: () => Promise<{ env: Record<string, string | undefined>; close(): Promise<void> }>;
}[] = [
  {
    name: 'embedded PGlite',
    setup: async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'copper-http-'));
      return {
        env: { DATABASE_URL: undefined, COPPER_DATA_DIR: dataDir },
        close: () => rm(dataDir, { recursive: true, force: true }),
      };
    },
  },
];
if (process.env.DATABASE_URL) {
  variants.push({
    name: 'PostgreSQL server',
    setup: async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'copper-http-'));
      const database = await createTestDatabaseServer();
      return {
        env: { DATABASE_URL: database.url, COPPER_DATA_DIR: dataDir },
        async close() {
          await database.close();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  });
}

describe.each(variants)('the catalogue over HTTP on $name', (variant) => {
  let stack: RunningStack | undefined;
  let close: (() => Promise<void>) | undefined;
  let artist: string;

  beforeAll(async () => {
    const setup = await variant.setup();
    close = setup.close;
    stack = startDev({ ...ports, ...setup.env, SEED: 'false', WEB: 'false' });
    await waitUp(stack);
    artist = await token();
  });

  afterAll(async () => {
    await stopDev(stack);
    await close?.();
  });

  it('keeps the studio closed without the artist token: 401 and 403 as problem+json', async () => {
    const anonymous = await call('POST', '/studio/artworks', { body: { title: 'Intruder' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    const forged = await call('GET', '/studio/artworks', { token: `${artist.slice(0, -4)}AAAA` });
    expect(forged.status).toBe(401);
    const visitor = await call('GET', '/inquiries', { token: await token('?subject=auth0%7Cvisitor&permissions=') });
    expect(visitor.status).toBe(403);
    expect(visitor.body).toMatchObject({ status: 403 });

    // The site profile's write is the artist's too, whatever the If-Match.
    const profile = { artistName: 'Intruder', statement: '', featuredArtworkIds: [] };
    const unsigned = await call('PUT', '/studio/site', { body: profile, ifMatch: '"v0"' });
    expect(unsigned.status).toBe(401);
    const someoneElse = await call('PUT', '/studio/site', {
      body: profile,
      ifMatch: '"v0"',
      token: await token('?subject=auth0%7Cvisitor&permissions='),
    });
    expect(someoneElse.status).toBe(403);
    expect((await call('GET', '/site')).body).toMatchObject({ artistName: 'The Artist', version: 0 });
  });

  it('tells a client without a good token how to authenticate (RFC 6750 WWW-Authenticate)', async () => {
    const anonymous = await call('GET', '/studio/artworks');
    expect(anonymous.status).toBe(401);
    const challenge = anonymous.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer\b/);
    expect(challenge).not.toContain('error=');
    const forged = await call('GET', '/studio/artworks', { token: `${artist.slice(0, -4)}AAAA` });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('www-authenticate')).toMatch(
      /^Bearer .*error="invalid_token", error_description="[^"]+"/,
    );
  });

  it('sends the security headers on every answer, and no HSTS over plain http', async () => {
    const fromFunctions = [
      await fetch(`${base}/health`),
      await fetch(`${base}/artworks/no-such-print`),
      await fetch(`${base}/search?q=harbour`),
      await fetch(`${base}/jobs/health`),
    ];
    // The answers API Gateway makes itself in the cloud (a refused token, an unknown route).
    const fromGateway = [await fetch(`${base}/studio/artworks`), await fetch(`${base}/no-such-route`)];
    for (const answer of [...fromFunctions, ...fromGateway]) {
      const where = `${answer.url} → ${answer.status}`;
      expect(answer.headers.get('x-content-type-options'), where).toBe('nosniff');
      expect(answer.headers.get('referrer-policy'), where).toBe('no-referrer');
      expect(answer.headers.get('x-frame-options'), where).toBe('DENY');
      expect(answer.headers.get('strict-transport-security'), where).toBeNull();
    }
    for (const answer of fromFunctions) {
      expect(answer.headers.get('content-security-policy'), answer.url).toContain("frame-ancestors 'none'");
    }
  });

  it('answers CORS for the stage origins only, never with credentials', async () => {
    const preflight = (origin: string) =>
      fetch(`${base}/studio/artworks`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    for (const origin of ['https://evil.example', 'null']) {
      for (const answer of [await preflight(origin), await fetch(`${base}/artworks`, { headers: { origin } })]) {
        expect(answer.headers.get('access-control-allow-origin'), origin).not.toBe(origin);
        expect(answer.headers.get('access-control-allow-origin'), origin).not.toBe('*');
        expect(answer.headers.get('access-control-allow-credentials'), origin).toBeNull();
      }
    }
    const studio = await preflight('http://localhost:3000');
    expect(studio.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(studio.headers.get('access-control-allow-credentials')).toBeNull();
    const read = await fetch(`${base}/artworks`, { headers: { origin: 'http://localhost:5173' } });
    expect(read.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(read.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('runs the artist’s whole day: draft, edition, publish, sell, collect, and visitors see it', async () => {
    const created = await call('POST', '/studio/artworks', {
      token: artist,
      body: {
        title: 'Harbour at Low Tide',
        year: 2025,
        techniques: ['etching', 'aquatint'],
        plateSizeMm: { width: 300, height: 200 },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await call('GET', '/artworks/harbour-at-low-tide')).status).toBe(404);

    const edition = await call('POST', `/studio/artworks/${id}/editions`, {
      token: artist,
      body: {
        size: 3,
        artistProofs: 1,
        paper: 'Hahnemühle Copperplate 300 g',
        price: { amountMinor: 42000, currency: 'EUR' },
      },
    });
    expect(edition.status).toBe(201);
    const studioView = await call('GET', `/studio/artworks/${id}`, { token: artist });
    expect(studioView.status).toBe(200);

    const renamed = await call('PATCH', `/studio/artworks/${id}`, {
      token: artist,
      ifMatch: studioView.headers.get('etag') ?? '',
      body: { description: 'Bitten in three stages; aquatint for the wet sand.' },
    });
    expect(renamed.status).toBe(200);
    const stale = await call('PATCH', `/studio/artworks/${id}`, {
      token: artist,
      ifMatch: studioView.headers.get('etag') ?? '',
      body: { description: 'from an old tab' },
    });
    expect(stale.status).toBe(412);

    const published = await call('POST', `/studio/artworks/${id}/publish`, {
      token: artist,
      ifMatch: renamed.headers.get('etag') ?? '',
    });
    expect(published.status).toBe(200);

    const first = edition.body.impressions[0];
    const sold = await call('POST', `/studio/impressions/${first.id}/sell`, {
      token: artist,
      ifMatch: `"v${first.version}"`,
    });
    expect(sold.status).toBe(200);
    const editionNow = await call('GET', `/studio/editions/${edition.body.id}`, { token: artist });
    const resize = await call('PATCH', `/studio/editions/${edition.body.id}`, {
      token: artist,
      ifMatch: editionNow.headers.get('etag') ?? '',
      body: { size: 5 },
    });
    expect(resize.status).toBe(409);
    expect(resize.body.errors[0].path).toBe('body.size');
    const removal = await call('DELETE', `/studio/editions/${edition.body.id}`, {
      token: artist,
      ifMatch: editionNow.headers.get('etag') ?? '',
    });
    expect(removal.status).toBe(409);

    const collection = await call('POST', '/studio/collections', { token: artist, body: { title: 'Harbour Series' } });
    expect(collection.status).toBe(201);
    const arranged = await call('PUT', `/studio/collections/${collection.body.id}/artworks`, {
      token: artist,
      ifMatch: collection.headers.get('etag') ?? '',
      body: { artworkIds: [id] },
    });
    expect(arranged.status).toBe(200);
    const collectionNow = await call('GET', `/studio/collections/${collection.body.id}`, { token: artist });
    const retitled = await call('PATCH', `/studio/collections/${collection.body.id}`, {
      token: artist,
      ifMatch: collectionNow.headers.get('etag') ?? '',
      body: { description: 'Low water on the estuary.' },
    });
    expect(retitled.status).toBe(200);

    const list = await call('GET', '/artworks?limit=10');
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: Json) => a.slug)).toContain('harbour-at-low-tide');
    const shown = await call('GET', '/artworks/harbour-at-low-tide');
    expect(shown.body.editions[0].availability).toEqual({ available: 3, reserved: 0, sold: 1, soldOut: false });
    const byCollection = await call('GET', '/artworks?collection=harbour-series');
    expect(byCollection.body.items.map((a: Json) => a.slug)).toEqual(['harbour-at-low-tide']);
    const collections = await call('GET', '/collections');
    expect(collections.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ slug: 'harbour-series', count: 1 })]),
    );
    const oneCollection = await call('GET', '/collections/harbour-series');
    expect(oneCollection.body.artworks.map((a: Json) => a.slug)).toEqual(['harbour-at-low-tide']);
    // Nothing else is published yet, so there is nothing related; the route answers through the gateway.
    const related = await call('GET', '/artworks/harbour-at-low-tide/related');
    expect(related).toMatchObject({ status: 200, body: { items: [] } });
    const site = await call('PUT', '/studio/site', {
      token: artist,
      ifMatch: '"v0"',
      body: { artistName: 'Mara Ellison', statement: 'Copper, acid, ink.', featuredArtworkIds: [id] },
    });
    expect(site.status).toBe(200);
    expect(site.headers.get('etag')).toBe('"v1"');
    const front = await call('GET', '/site');
    expect(front.body.featured.map((a: Json) => a.slug)).toEqual(['harbour-at-low-tide']);
    const drafts = await call('GET', '/studio/artworks', { token: artist });
    expect(drafts.body.items.map((a: Json) => a.slug)).toContain('harbour-at-low-tide');

    const archived = await call('POST', `/studio/artworks/${id}/archive`, {
      token: artist,
      ifMatch: published.headers.get('etag') ?? '',
    });
    expect(archived.status).toBe(200);
    expect((await call('GET', '/artworks/harbour-at-low-tide')).status).toBe(404);
  });

  it('takes a visitor’s inquiry and shows it to the artist; refuses bad ones by field', async () => {
    const created = await call('POST', '/studio/artworks', { token: artist, body: { title: 'Drypoint Thistle' } });
    await call('POST', `/studio/artworks/${created.body.id}/editions`, {
      token: artist,
      body: { size: 10, price: { amountMinor: 18000, currency: 'EUR' } },
    });
    await call('POST', `/studio/artworks/${created.body.id}/publish`, { token: artist, ifMatch: '"v1"' });
    const sent = await call('POST', '/inquiries', {
      body: { name: 'Ada', email: 'ada@example.com', message: 'Is 4/10 framed?', artworkSlug: 'drypoint-thistle' },
    });
    expect(sent.status).toBe(202);
    const bad = await call('POST', '/inquiries', {
      body: { name: '', email: 'not-an-email', message: 'hi', artworkSlug: 'drypoint-thistle' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: Json) => e.path).sort()).toEqual(['body.email', 'body.name']);
    const inbox = await call('GET', '/inquiries', { token: artist });
    expect(inbox.body.items[0]).toMatchObject({ name: 'Ada', artwork: { slug: 'drypoint-thistle' } });
  });

  it('hands out a presigned upload that s3rver accepts, and refuses an SVG', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0xff, 0xd9]);
    const ticket = await call('POST', '/uploads', {
      token: artist,
      body: { filename: 'scan.jpg', contentType: 'image/jpeg', size: bytes.length },
    });
    expect(ticket.status).toBe(201);
    const form = new FormData();
    for (const [name, value] of Object.entries(ticket.body.fields as Record<string, string>)) form.append(name, value);
    form.append('file', new Blob([bytes], { type: 'image/jpeg' }), 'scan.jpg');
    expect((await fetch(ticket.body.url, { method: 'POST', body: form })).status).toBeLessThan(300);

    // The storage itself refuses what the ticket does not allow.
    const upload = async (fields: Record<string, string>, file: Buffer, type: string) => {
      const attempt = new FormData();
      for (const [name, value] of Object.entries(fields)) attempt.append(name, value);
      attempt.append('file', new Blob([file], { type }), 'scan');
      const response = await fetch(ticket.body.url, { method: 'POST', body: attempt });
      return { status: response.status, text: await response.text() };
    };
    const fresh = await call('POST', '/uploads', {
      token: artist,
      body: { filename: 'scan.jpg', contentType: 'image/jpeg', size: bytes.length },
    });
    const larger = await upload(fresh.body.fields, Buffer.concat([bytes, bytes]), 'image/jpeg');
    expect(larger.status).toBe(400);
    expect(larger.text).toContain('EntityTooLarge');
    const retyped = await upload({ ...fresh.body.fields, 'Content-Type': 'image/svg+xml' }, bytes, 'image/svg+xml');
    expect(retyped.status).toBe(403);
    expect(retyped.text).toContain('AccessDenied');
    const policy = JSON.parse(Buffer.from(fresh.body.fields.Policy, 'base64').toString('utf8'));
    policy.conditions = policy.conditions.map((c: Json) =>
      Array.isArray(c) && c[0] === 'content-length-range' ? [c[0], 1, 10 ** 9] : c,
    );
    const forged = await upload(
      { ...fresh.body.fields, Policy: Buffer.from(JSON.stringify(policy)).toString('base64') },
      Buffer.concat([bytes, bytes]),
      'image/jpeg',
    );
    expect(forged.status).toBe(403);
    const retried = await upload(fresh.body.fields, bytes, 'image/jpeg');
    expect(retried.status).toBeLessThan(300);
    const svg = await call('POST', '/uploads', {
      token: artist,
      body: { filename: 'plate.svg', contentType: 'image/svg+xml', size: 100 },
    });
    expect(svg.status).toBe(422);
    expect(svg.body.errors[0].path).toBe('body.contentType');
  });

  it('serves the OpenAPI document', async () => {
    const response = await call('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths)).toContain('/v1/studio/artworks/{id}');
  });
});
