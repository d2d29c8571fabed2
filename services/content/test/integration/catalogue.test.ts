import { createTestDatabaseServer, type TestDatabaseServer } from '@copper/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invoke } from '../support/invoke.ts';

let database: TestDatabaseServer;
let studio: Awaited<typeof import('../../src/handlers/studio.ts')>['handler'];
let catalogue: Awaited<typeof import('../../src/handlers/catalogue.ts')>['handler'];
let inquiries: Awaited<typeof import('../../src/handlers/inquiries.ts')>['handler'];

beforeAll(async () => {
  database = await createTestDatabaseServer();
  vi.stubEnv('STAGE', 'test');
  vi.stubEnv('LOG_LEVEL', 'ERROR');
  vi.stubEnv('DATABASE_URL', database.url);
  studio = (await import('../../src/handlers/studio.ts')).handler;
  catalogue = (await import('../../src/handlers/catalogue.ts')).handler;
  inquiries = (await import('../../src/handlers/inquiries.ts')).handler;
});

afterAll(async () => {
  await database?.close();
});

async function draft(title: string, extra: Record<string, unknown> = {}) {
  const response = await invoke(studio, 'POST /v1/studio/artworks', { body: { title, ...extra } });
  expect(response.status).toBe(201);
  return response;
}

async function edition(artworkId: string, size = 5, artistProofs = 1) {
  const response = await invoke(studio, 'POST /v1/studio/artworks/{id}/editions', {
    params: { id: artworkId },
    body: {
      size,
      artistProofs,
      paper: 'Hahnemühle 300g',
      ink: 'Charbonnel black',
      price: { amountMinor: 38000, currency: 'EUR' },
    },
  });
  expect(response.status).toBe(201);
  return response;
}

async function publish(artworkId: string) {
  const current = await invoke(studio, 'GET /v1/studio/artworks/{id}', { params: { id: artworkId } });
  return invoke(studio, 'POST /v1/studio/artworks/{id}/{action}', {
    params: { id: artworkId, action: 'publish' },
    headers: { 'if-match': current.headers.etag ?? '' },
  });
}

describe('artworks', () => {
  it('creates a draft with a slug from its title, invisible to visitors', async () => {
    const created = await draft('Harbour in Fog — Étude №2', { year: 2024, techniques: ['aquatint', 'etching'] });
    expect(created.body).toMatchObject({ slug: 'harbour-in-fog-etude-no2', status: 'draft', version: 1 });
    expect(created.headers.etag).toBe('"v1"');
    const visitor = await invoke(catalogue, 'GET /v1/artworks/{slug}', {
      params: { slug: 'harbour-in-fog-etude-no2' },
    });
    expect(visitor.status).toBe(404);
  });

  it('gives the second artwork of the same title its own slug', async () => {
    await draft('Twin Plates');
    const second = await draft('Twin Plates');
    expect(second.body.slug).toBe('twin-plates-2');
  });

  it('refuses to publish without an edition, naming the field, and changes nothing', async () => {
    const created = await draft('Lonely Plate');
    const refused = await publish(created.body.id);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ path: 'body.editions', message: expect.any(String) }]);
    const after = await invoke(studio, 'GET /v1/studio/artworks/{id}', { params: { id: created.body.id } });
    expect(after.body).toMatchObject({ status: 'draft', version: 1 });
  });

  it('publishes with an edition, after which visitors see it with its impressions', async () => {
    const created = await draft('Mezzotint Night', { techniques: ['mezzotint'] });
    await edition(created.body.id, 3, 1);
    const published = await publish(created.body.id);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');

    const shown = await invoke(catalogue, 'GET /v1/artworks/{slug}', { params: { slug: 'mezzotint-night' } });
    expect(shown.status).toBe(200);
    expect(shown.body.editions[0].impressions.map((i: { label: string }) => i.label)).toEqual([
      '1/3',
      '2/3',
      '3/3',
      'AP 1',
    ]);
    expect(shown.body.editions[0].availability).toEqual({ available: 4, reserved: 0, sold: 0, soldOut: false });

    const list = await invoke(catalogue, 'GET /v1/artworks');
    expect(list.body.items.map((a: { slug: string }) => a.slug)).toContain('mezzotint-night');
    // Cards are of published artworks only, so they do not carry a status; the draft above is not among them.
    expect(list.body.items.map((a: { slug: string }) => a.slug)).not.toContain('lonely-plate');
  });

  it('refuses a stale If-Match with 412 and keeps the newer change', async () => {
    const created = await draft('Two Tabs');
    const first = await invoke(studio, 'PATCH /v1/studio/artworks/{id}', {
      params: { id: created.body.id },
      headers: { 'if-match': '"v1"' },
      body: { description: 'from the first tab' },
    });
    expect(first.status).toBe(200);
    const second = await invoke(studio, 'PATCH /v1/studio/artworks/{id}', {
      params: { id: created.body.id },
      headers: { 'if-match': '"v1"' },
      body: { description: 'from the second tab' },
    });
    expect(second.status).toBe(412);
    const after = await invoke(studio, 'GET /v1/studio/artworks/{id}', { params: { id: created.body.id } });
    expect(after.body.description).toBe('from the first tab');
  });

  it('compares If-Match strongly: a weak ETag of the current version is no match (412, nothing written)', async () => {
    const created = await draft('Weak Validator');
    expect(created.headers.etag).toBe('"v1"');
    const response = await invoke(studio, 'PATCH /v1/studio/artworks/{id}', {
      params: { id: created.body.id },
      headers: { 'if-match': 'W/"v1"' },
      body: { description: 'through a weak validator' },
    });
    expect(response.status).toBe(412);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body.errors).toEqual([{ path: 'headers.if-match', message: expect.stringContaining('weak') }]);
    const after = await invoke(studio, 'GET /v1/studio/artworks/{id}', { params: { id: created.body.id } });
    expect(after.body).toMatchObject({ version: 1 });
    expect(after.body.description).not.toBe('through a weak validator');
  });

  it('requires If-Match on updates (428)', async () => {
    const created = await draft('No Precondition');
    const response = await invoke(studio, 'PATCH /v1/studio/artworks/{id}', {
      params: { id: created.body.id },
      body: { title: 'Changed' },
    });
    expect(response.status).toBe(428);
  });

  it('refuses unknown fields (no mass assignment) naming them, and writes nothing', async () => {
    const response = await invoke(studio, 'POST /v1/studio/artworks', {
      body: { title: 'Sneaky', status: 'published', version: 99 },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.status', 'body.version']);
    const list = await invoke(studio, 'GET /v1/studio/artworks', { query: { limit: '100' } });
    expect(list.body.items.map((a: { title: string }) => a.title)).not.toContain('Sneaky');
  });

  it('answers a taken slug with 409 naming body.slug', async () => {
    await draft('Original', { slug: 'the-original' });
    const again = await invoke(studio, 'POST /v1/studio/artworks', { body: { title: 'Copy', slug: 'the-original' } });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([{ path: 'body.slug', message: 'is already in use' }]);
  });
});

describe('editions and impressions', () => {
  it('freezes size once an impression is sold, and refuses deleting the edition', async () => {
    const created = await draft('Sold Plate');
    const made = await edition(created.body.id, 4, 0);
    const impression = made.body.impressions[0];
    const sold = await invoke(studio, 'POST /v1/studio/impressions/{id}/{action}', {
      params: { id: impression.id, action: 'sell' },
      headers: { 'if-match': `"v${impression.version}"` },
    });
    expect(sold.status).toBe(200);
    expect(sold.body.status).toBe('sold');

    const resize = await invoke(studio, 'PATCH /v1/studio/editions/{id}', {
      params: { id: made.body.id },
      headers: { 'if-match': made.headers.etag ?? '' },
      body: { size: 10 },
    });
    expect(resize.status).toBe(409);
    expect(resize.body.errors).toEqual([{ path: 'body.size', message: expect.stringContaining('sold') }]);

    const removal = await invoke(studio, 'DELETE /v1/studio/editions/{id}', {
      params: { id: made.body.id },
      headers: { 'if-match': made.headers.etag ?? '' },
    });
    expect(removal.status).toBe(409);

    const closed = await invoke(studio, 'PATCH /v1/studio/editions/{id}', {
      params: { id: made.body.id },
      headers: { 'if-match': made.headers.etag ?? '' },
      body: { status: 'closed' },
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', size: 4, availability: { sold: 1, available: 3 } });
  });

  it('grows an unsold edition by adding impressions', async () => {
    const created = await draft('Growing Plate');
    const made = await edition(created.body.id, 2, 0);
    const grown = await invoke(studio, 'PATCH /v1/studio/editions/{id}', {
      params: { id: made.body.id },
      headers: { 'if-match': made.headers.etag ?? '' },
      body: { size: 4, artistProofs: 2 },
    });
    expect(grown.status).toBe(200);
    expect(grown.body.impressions.map((i: { label: string }) => i.label)).toEqual([
      '1/4',
      '2/4',
      '3/4',
      '4/4',
      'AP 1',
      'AP 2',
    ]);
  });

  it('refuses an edition with a made-up currency, naming the field', async () => {
    const created = await draft('Odd Money');
    const response = await invoke(studio, 'POST /v1/studio/artworks/{id}/editions', {
      params: { id: created.body.id },
      body: { size: 5, price: { amountMinor: 100, currency: 'XYZ' } },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors[0].path).toBe('body.price.currency');
  });

  it('names a plate larger than its sheet by the field the client sent', async () => {
    const created = await draft('Oversized Plate');
    const response = await invoke(studio, 'POST /v1/studio/artworks/{id}/editions', {
      params: { id: created.body.id },
      body: {
        size: 5,
        sheetSizeMm: { width: 200, height: 200 },
        plateSizeMm: { width: 300, height: 100 },
        price: { amountMinor: 100, currency: 'EUR' },
      },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.plateSizeMm.width']);
  });
});

describe('collections', () => {
  it('orders artworks explicitly and refuses a reorder that drops or invents one', async () => {
    const a = (await draft('Series One')).body;
    const b = (await draft('Series Two')).body;
    const created = await invoke(studio, 'POST /v1/studio/collections', { body: { title: 'Harbour Series' } });
    expect(created.status).toBe(201);
    const namesake = await invoke(studio, 'POST /v1/studio/collections', { body: { title: 'Harbour Series' } });
    expect(namesake.body.slug).toBe('harbour-series-2');
    const arranged = await invoke(studio, 'PUT /v1/studio/collections/{id}/artworks', {
      params: { id: created.body.id },
      headers: { 'if-match': created.headers.etag ?? '' },
      body: { artworkIds: [b.id, a.id] },
    });
    expect(arranged.status).toBe(200);
    expect(arranged.body.artworkIds).toEqual([b.id, a.id]);

    const unknown = await invoke(studio, 'PUT /v1/studio/collections/{id}/artworks', {
      params: { id: created.body.id },
      headers: { 'if-match': arranged.headers.etag ?? '' },
      body: { artworkIds: [a.id, '00000000-0000-4000-8000-000000000000'] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('body.artworkIds');
    const after = await invoke(studio, 'GET /v1/studio/collections/{id}', { params: { id: created.body.id } });
    expect(after.body.artworkIds).toEqual([b.id, a.id]);
  });
});

describe('visitor reads', () => {
  it('caps limit and refuses a forged cursor, naming the parameter', async () => {
    const tooMany = await invoke(catalogue, 'GET /v1/artworks', { query: { limit: '1000' } });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors[0].path).toBe('query.limit');
    const forged = await invoke(catalogue, 'GET /v1/artworks', { query: { cursor: 'eyJ0IjoiYmFkIn0' } });
    expect(forged.status).toBe(422);
    expect(forged.body.errors[0].path).toBe('query.cursor');
  });

  it('pages through published artworks with a cursor, without repeats', async () => {
    for (const title of ['Page A', 'Page B', 'Page C']) {
      const created = await draft(title);
      await edition(created.body.id, 1, 0);
      expect((await publish(created.body.id)).status).toBe(200);
    }
    const first = await invoke(catalogue, 'GET /v1/artworks', { query: { limit: '2' } });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await invoke(catalogue, 'GET /v1/artworks', {
      query: { limit: '2', cursor: first.body.nextCursor },
    });
    const slugs = [...first.body.items, ...second.body.items].map((a: { slug: string }) => a.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it('answers an unknown slug with 404 problem+json', async () => {
    const response = await invoke(catalogue, 'GET /v1/artworks/{slug}', { params: { slug: 'no-such-print' } });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json');
  });
});

describe('inquiries', () => {
  it('stores an inquiry about a published artwork and lists it newest first for the artist', async () => {
    const sent = await invoke(inquiries, 'POST /v1/inquiries', {
      body: {
        name: 'Ada',
        email: 'ada@example.com',
        message: 'Is 2/3 still available?',
        artworkSlug: 'mezzotint-night',
      },
    });
    expect(sent.status).toBe(202);
    const list = await invoke(inquiries, 'GET /v1/inquiries');
    expect(list.body.items[0]).toMatchObject({ name: 'Ada', artwork: { slug: 'mezzotint-night' } });
  });

  it('accepts but drops a filled honeypot', async () => {
    const sent = await invoke(inquiries, 'POST /v1/inquiries', {
      body: {
        name: 'Bot',
        email: 'bot@example.com',
        message: 'buy now',
        artworkSlug: 'mezzotint-night',
        website: 'http://spam',
      },
    });
    expect(sent.status).toBe(202);
    const list = await invoke(inquiries, 'GET /v1/inquiries', { query: { limit: '100' } });
    expect(list.body.items.map((i: { name: string }) => i.name)).not.toContain('Bot');
  });

  it('refuses an inquiry about a draft, naming the field', async () => {
    const sent = await invoke(inquiries, 'POST /v1/inquiries', {
      body: { name: 'Ada', email: 'ada@example.com', message: 'hello', artworkSlug: 'lonely-plate' },
    });
    expect(sent.status).toBe(422);
    expect(sent.body.errors[0].path).toBe('body.artworkSlug');
  });

  it('answers an oversized body with 413 and malformed JSON with 400', async () => {
    const big = await invoke(inquiries, 'POST /v1/inquiries', {
      body: JSON.stringify({ message: 'x'.repeat(20_000) }),
    });
    expect(big.status).toBe(413);
    const broken = await invoke(inquiries, 'POST /v1/inquiries', { body: '{"name": "Ada",' });
    expect(broken.status).toBe(400);
  });
});

describe('request bodies are UTF-8 JSON, or refused naming what is wrong', () => {
  const titles = async () =>
    (await invoke(studio, 'GET /v1/studio/artworks')).body.items.map((a: { title: string }) => a.title) as string[];

  it.each([
    'application/json; charset=iso-8859-1',
    'application/json; charset=utf-16',
    'application/json;charset="windows-1252"',
  ])('refuses a body declared as %s with 415 naming the header', async (contentType) => {
    const response = await invoke(studio, 'POST /v1/studio/artworks', {
      headers: { 'content-type': contentType },
      body: { title: 'Déclaré Latin-1' },
    });
    expect(response.status).toBe(415);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body.errors).toEqual([{ path: 'headers.content-type', message: expect.stringContaining('utf-8') }]);
  });

  it.each(['application/json; charset=utf-8', 'application/json; charset="UTF-8"', 'application/json'])(
    'takes a body declared as %s',
    async (contentType) => {
      const title = `Eau-forte ${contentType.length}`;
      const response = await invoke(studio, 'POST /v1/studio/artworks', {
        headers: { 'content-type': contentType },
        body: { title },
      });
      expect(response.status).toBe(201);
      expect(response.body.title).toBe(title);
    },
  );

  it('refuses a lone surrogate (a JSON \\ud800 escape) naming the field, and stores nothing', async () => {
    const response = await invoke(studio, 'POST /v1/studio/artworks', {
      body: '{"title":"Lone \\ud800 Tide","description":"fine"}',
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body.errors).toEqual([{ path: 'body.title', message: expect.stringContaining('Unicode') }]);
    expect((await titles()).filter((title) => title.startsWith('Lone '))).toEqual([]);
  });

  it('refuses a lone surrogate nested in a list or in a field name', async () => {
    const inList = await invoke(studio, 'POST /v1/studio/artworks', {
      body: '{"title":"Gulls","techniques":["etching","\\udc00"]}',
    });
    expect(inList.body.errors).toEqual([{ path: 'body.techniques.1', message: expect.stringContaining('Unicode') }]);
    const inName = await invoke(inquiries, 'POST /v1/inquiries', { body: '{"\\ud83c":"x"}' });
    expect(inName.status).toBeGreaterThanOrEqual(400);
    expect(inName.status).toBeLessThan(500);
    expect(inName.body.errors[0].message).toContain('Unicode');
  });

  it('refuses bytes that are not UTF-8 instead of storing U+FFFD', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('{"title":"Gravure sur cuivre, '),
      Buffer.from([0xe9]),
      Buffer.from('tude"}'),
    ]);
    const response = await invoke(studio, 'POST /v1/studio/artworks', { body: latin1 });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'body', message: expect.stringContaining('UTF-8') }]);
    expect((await titles()).some((title) => title.includes('\ufffd'))).toBe(false);
  });

  it('takes the same body as UTF-8 bytes', async () => {
    const response = await invoke(studio, 'POST /v1/studio/artworks', {
      body: Buffer.from(JSON.stringify({ title: 'Gravure sur cuivre, étude' }), 'utf8'),
    });
    expect(response.status).toBe(201);
    expect(response.body.title).toBe('Gravure sur cuivre, étude');
  });
});
