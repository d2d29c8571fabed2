import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaDocument } from '../../services/content/test/support/media-events.ts';
import { type RunningStack, startDev, stopDev, waitUp } from './support.ts';

// The image service's MediaPublished takes the same path under `pnpm dev` as in AWS: PutEvents on
// the stage's bus with the AWS SDK, the bus's rule, content's mediaEvents function, and the
// artwork page through the one base URL.
const ports = {
  PORT: '3600',
  S3_PORT: '4769',
  PGLITE_PORT: '5633',
  ISSUER_PORT: '4780',
  STEP_FUNCTIONS_PORT: '4784',
  EVENTBRIDGE_PORT: '4110',
  EVENTBRIDGE_PUBSUB_PORT: '4111',
};
const base = `http://localhost:${ports.PORT}/v1`;
/** A bound, so a lost event fails the test instead of hanging it; not a measure of speed. */
const DELIVERY_DEADLINE_MS = 3000;

interface Artwork {
  id: string;
  slug: string;
  media: { id: string; alt: string; renditions: { url: string }[]; tiles: { url: string } }[];
}

let stack: RunningStack | undefined;
let dataDir: string;
let bus: EventBridgeClient;

async function artwork(slug: string): Promise<Artwork> {
  const response = await fetch(`${base}/artworks/${slug}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Artwork;
}

async function put(detail: unknown) {
  const answer = await bus.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: 'copper-dev',
          Source: 'copper.imaging',
          DetailType: 'MediaPublished',
          Detail: JSON.stringify(detail),
        },
      ],
    }),
  );
  expect(answer.FailedEntryCount).toBe(0);
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + DELIVERY_DEADLINE_MS;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${DELIVERY_DEADLINE_MS} ms`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

const seeded = async (index: number): Promise<Artwork> => {
  const page = (await (await fetch(`${base}/artworks?limit=5`)).json()) as { items: Artwork[] };
  const found = page.items[index];
  if (!found) throw new Error(`the sample catalogue has no published artwork #${index + 1}`);
  return found;
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'copper-events-'));
  stack = startDev({ ...ports, DATABASE_URL: undefined, COPPER_DATA_DIR: dataDir, SEED_IMAGES: 'false', WEB: 'false' });
  await waitUp(stack);
  // The endpoint `pnpm dev` announces is the one the image service is given.
  const endpoint = /eventbridge\s+(http:\/\/\S+)/.exec(stack.output())?.[1];
  expect(endpoint).toBe(`http://127.0.0.1:${ports.EVENTBRIDGE_PORT}`);
  bus = new EventBridgeClient({
    endpoint,
    region: 'eu-west-1',
    // Nothing checks them locally, but the SDK will not sign without some.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  bus?.destroy();
  await stopDev(stack);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('MediaPublished on the local bus', () => {
  it('shows the media on the artwork page, with URLs on the local media bucket', async () => {
    const { id, slug } = await seeded(0);
    const media = mediaDocument(id, { alt: 'published through the local bus' });
    await put({ media });
    const shown = await until(async () => (await artwork(slug)).media.find((m) => m.id === media.id), 'the media');
    expect(shown.alt).toBe('published through the local bus');
    expect(shown.renditions[0]?.url).toBe(
      `http://localhost:${ports.S3_PORT}/copper-media-local/${media.renditions[0]?.key}`,
    );
    expect(shown.tiles.url).toBe(`http://localhost:${ports.S3_PORT}/copper-media-local/${media.tiles.dziKey}`);
  });

  it('refuses an event that breaks the contract and leaves the artwork as it was', async () => {
    const { id, slug } = await seeded(1);
    const before = await artwork(slug);
    const refusals = () => stack?.output().split('MediaPublished refused: detail.media.width').length ?? 0;
    const seen = refusals();
    await put({ media: { ...mediaDocument(id), id: randomUUID(), width: 0 } });
    // Delivered and refused (and retried, as Lambda retries), rather than lost on the way.
    await until(async () => (refusals() > seen ? true : undefined), 'the refusal');
    expect(await artwork(slug)).toEqual(before);
  });
});
