import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaDocument } from '../../services/content/test/support/media-events.ts';
import { type RunningStack, startDev, stopDev, waitUp } from './support.ts';

// Search follows the catalogue under `pnpm dev` the way it does in AWS: the seeded catalogue is
// reindexed at start-up, and from then on the studio's changes reach search as ArtworkChanged and the
// image service's as MediaPublished, over the local bus, through search's catalogueEvents function.
const ports = {
  PORT: '3800',
  S3_PORT: '5069',
  PGLITE_PORT: '5933',
  ISSUER_PORT: '5080',
  STEP_FUNCTIONS_PORT: '5084',
  EVENTBRIDGE_PORT: '4410',
  EVENTBRIDGE_PUBSUB_PORT: '4411',
};
const base = `http://localhost:${ports.PORT}/v1`;
/** What the gallery promises locally: a change shows in search within a second. */
const SEARCH_DEADLINE_MS = 1000;

interface Hit {
  id: string;
  slug: string;
  title: string;
  availability: string;
  thumbnail: { url: string; alt: string } | null;
}

let stack: RunningStack | undefined;
let dataDir: string;
let token: string;
let bus: EventBridgeClient;
/** How long each change took to show, for the run's log (the bound is SEARCH_DEADLINE_MS). */
const took: Record<string, number> = {};

async function search(query: Record<string, string>): Promise<{ hits: Hit[]; total: number }> {
  const response = await fetch(`${base}/search?${new URLSearchParams({ limit: '50', ...query })}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { hits: Hit[]; total: number };
}

async function studio(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/studio${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON; each test asserts their shape.
  return { status: response.status, etag: response.headers.get('etag') ?? '', body: (await response.json()) as any };
}

/** Polls until `probe` finds something, failing once `deadlineMs` has passed; answers it and how long it took. */
async function until<T>(what: string, deadlineMs: number, probe: () => T | undefined | Promise<T | undefined>) {
  const started = Date.now();
  for (;;) {
    const found = await probe();
    if (found !== undefined) return { found, ms: Date.now() - started };
    if (Date.now() - started > deadlineMs) throw new Error(`${what} did not happen within ${deadlineMs} ms`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

/** `probe` must find what a change made within the second the gallery promises; records how long it took. */
async function within<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const { found, ms } = await until(`${what} in search`, SEARCH_DEADLINE_MS, probe);
  took[what] = ms;
  return found;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'copper-search-sync-'));
  stack = startDev({ ...ports, DATABASE_URL: undefined, COPPER_DATA_DIR: dataDir, SEED_IMAGES: 'false', WEB: 'false' });
  await waitUp(stack);
  const minted = await fetch(`http://127.0.0.1:${ports.ISSUER_PORT}/token`, { method: 'POST' });
  token = ((await minted.json()) as { access_token: string }).access_token;
  bus = new EventBridgeClient({
    endpoint: `http://127.0.0.1:${ports.EVENTBRIDGE_PORT}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  bus?.destroy();
  await stopDev(stack);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (Object.keys(took).length > 0) console.log(`shown in search after (ms): ${JSON.stringify(took)}`);
});

describe('search under pnpm dev', () => {
  it('holds the seeded catalogue from the first start: every published artwork, and no other', async () => {
    expect(stack?.output()).toMatch(
      /search: read model rebuilt from the catalogue \(\d+ published artworks searchable/,
    );
    const listed = (await (await fetch(`${base}/artworks?limit=50`)).json()) as { items: { slug: string }[] };
    const found = await search({});
    expect(found.total).toBe(listed.items.length);
    expect(found.hits.map((hit) => hit.slug).sort()).toEqual(listed.items.map((item) => item.slug).sort());
    expect((await search({ q: 'harbour' })).hits.map((hit) => hit.slug)).toContain('harbour-at-low-tide');
  });

  it('suggests titles and words as the visitor types, typos and all', async () => {
    const suggest = async (q: string) => {
      const response = await fetch(`${base}/search/suggest?${new URLSearchParams({ q })}`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { suggestions: { kind: string; text: string; slug?: string }[] }).suggestions;
    };
    const typing = await suggest('harb');
    expect(typing.length).toBeGreaterThan(0);
    expect(typing.length).toBeLessThanOrEqual(8);
    expect(typing).toContainEqual(
      expect.objectContaining({ kind: 'title', text: 'Harbour at Low Tide', slug: 'harbour-at-low-tide' }),
    );
    expect(typing.some((suggestion) => suggestion.kind === 'term' && suggestion.text === 'harbour')).toBe(true);
    expect((await suggest('teasle')).map((suggestion) => suggestion.text)).toContain('Teasel');
    expect(await suggest('')).toEqual([]);
    const tooLong = await fetch(`${base}/search/suggest?${new URLSearchParams({ q: 'x'.repeat(201) })}`);
    expect(tooLong.status).toBe(422);
  });

  it('shows a publish within a second', async () => {
    const created = await studio('POST', '/artworks', {
      title: 'Cormorant on the Breakwater',
      techniques: ['drypoint'],
      description: 'A cormorant drying its wings on the end of the breakwater.',
    });
    expect(created.status).toBe(201);
    const edition = await studio('POST', `/artworks/${created.body.id}/editions`, {
      size: 12,
      price: { amountMinor: 24_000, currency: 'EUR' },
    });
    expect(edition.status).toBe(201);
    // The draft's two events (created, edition added) are consumed, as they are while an artist
    // works: the first ones after a start also start search's function (serverless-offline runs
    // each concurrent invocation in a fresh worker), which is not what the second below measures.
    const consumed = () =>
      (stack?.output() ?? '')
        .split('\n')
        .filter((line) => line.includes('copper-search-dev-catalogueEvents') && line.includes(created.body.id)).length;
    await until("the draft's two events consumed", 10_000, () => (consumed() >= 2 ? true : undefined));
    expect((await search({ q: 'cormorant' })).hits).toEqual([]);

    const published = await studio('POST', `/artworks/${created.body.id}/publish`, undefined, {
      'if-match': created.etag,
    });
    expect(published.status).toBe(200);
    const hit = await within('publish', async () =>
      (await search({ q: 'cormorant' })).hits.find((h) => h.id === created.body.id),
    );
    expect(hit).toMatchObject({ slug: 'cormorant-on-the-breakwater', availability: 'available' });
  });

  it('drops an archived artwork within a second', async () => {
    const [target] = (await search({ q: 'net lofts' })).hits.filter((hit) => hit.slug === 'net-lofts');
    if (!target) throw new Error('the seeded net-lofts is not searchable');
    const current = await studio('GET', `/artworks/${target.id}`);
    const archived = await studio('POST', `/artworks/${target.id}/archive`, undefined, { 'if-match': current.etag });
    expect(archived.status).toBe(200);
    await within('archive', async () =>
      (await search({ q: 'net lofts' })).hits.some((hit) => hit.id === target.id) ? undefined : true,
    );
    expect((await search({})).hits.map((hit) => hit.slug)).not.toContain('net-lofts');
  });

  it('drops an unpublished artwork within a second, and shows it again once republished', async () => {
    const [target] = (await search({ q: 'blackthorn' })).hits.filter((hit) => hit.slug === 'blackthorn-in-flower');
    if (!target) throw new Error('the seeded blackthorn-in-flower is not searchable');
    const current = await studio('GET', `/artworks/${target.id}`);
    const unpublished = await studio('POST', `/artworks/${target.id}/unpublish`, undefined, {
      'if-match': current.etag,
    });
    expect(unpublished.status).toBe(200);
    await within('unpublish', async () =>
      (await search({ q: 'blackthorn' })).hits.some((hit) => hit.id === target.id) ? undefined : true,
    );
    const republished = await studio('POST', `/artworks/${target.id}/publish`, undefined, {
      'if-match': unpublished.etag,
    });
    expect(republished.status).toBe(200);
    await within('republish', async () => (await search({ q: 'blackthorn' })).hits.find((hit) => hit.id === target.id));
  });

  it('shows a media change within a second, on the local media bucket', async () => {
    const [target] = (await search({ q: 'teasel' })).hits.filter((hit) => hit.slug === 'teasel');
    if (!target) throw new Error('the seeded teasel is not searchable');
    expect(target.thumbnail).toBeNull();
    const media = mediaDocument(target.id, { alt: 'Teasel, drypoint, through the local bus' });
    const answer = await bus.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'copper-dev',
            Source: 'copper.imaging',
            DetailType: 'MediaPublished',
            Detail: JSON.stringify({ media }),
          },
        ],
      }),
    );
    expect(answer.FailedEntryCount).toBe(0);
    const thumbnail = await within('media', async () => {
      const hit = (await search({ q: 'teasel' })).hits.find((h) => h.id === target.id);
      return hit?.thumbnail ?? undefined;
    });
    expect(thumbnail.alt).toBe('Teasel, drypoint, through the local bus');
    expect(thumbnail.url).toMatch(
      new RegExp(`^http://localhost:${ports.S3_PORT}/copper-media-local/media/${target.id}/`),
    );
  });
});
