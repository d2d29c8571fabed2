import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { plateImage, randomBytes } from '@copper/imaging/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningStack, startDev, stopDev, waitUp } from './support.ts';

// The artist's image workflow end to end through `pnpm dev`'s one base URL: a presigned upload of
// a scan, a job, the Step Functions definition from serverless.yml run by aws-local-stepfunctions
// over the offline task functions, and the media on the artwork and in the media bucket.
const ports = {
  PORT: '3700',
  S3_PORT: '4969',
  PGLITE_PORT: '5833',
  ISSUER_PORT: '4980',
  STEP_FUNCTIONS_PORT: '4984',
  EVENTBRIDGE_PORT: '4210',
  EVENTBRIDGE_PUBSUB_PORT: '4211',
};
const base = `http://localhost:${ports.PORT}/v1`;
/** Bounds so a stuck job fails the test instead of hanging it; not measures of speed. */
const JOB_DEADLINE_MS = 240_000;

let stack: RunningStack | undefined;
let dataDir: string;
let token: string;

interface Job {
  id: string;
  status: string;
  reason: string | null;
  percent: number;
  steps: {
    name: string;
    status: string;
    percent: number;
    startedAt: string | null;
    endedAt: string | null;
    output: { tiles?: number } | null;
  }[];
  links: Record<string, string>;
  outputs: null | { id: string };
}

async function api(path: string, init: RequestInit & { json?: unknown } = {}) {
  const response = await fetch(`${base}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: bodies are JSON; each test asserts their shape.
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as any };
}

async function upload(bytes: Buffer, contentType = 'image/jpeg'): Promise<string> {
  const ticket = await api('/uploads', {
    method: 'POST',
    json: { filename: 'scan.jpg', contentType, size: bytes.length },
  });
  expect(ticket.status).toBe(201);
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.body.fields as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), 'scan.jpg');
  const sent = await fetch(ticket.body.url, { method: 'POST', body: form });
  expect(sent.status).toBeLessThan(300);
  return ticket.body.uploadKey;
}

async function newArtwork(title: string): Promise<string> {
  const created = await api('/studio/artworks', { method: 'POST', json: { title } });
  expect(created.status).toBe(201);
  return created.body.id;
}

async function settle(id: string): Promise<{ job: Job; seen: Set<string> }> {
  const deadline = Date.now() + JOB_DEADLINE_MS;
  const seen = new Set<string>();
  for (;;) {
    const { status, body } = await api(`/jobs/${id}`);
    expect(status).toBe(200);
    const job = body as Job;
    seen.add(job.status);
    if (job.status === 'succeeded' || job.status === 'failed') return { job, seen };
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status}: ${JSON.stringify(job.steps)}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'copper-jobs-'));
  stack = startDev({ ...ports, DATABASE_URL: undefined, COPPER_DATA_DIR: dataDir, SEED: 'false', WEB: 'false' });
  await waitUp(stack);
  const minted = await fetch(`http://127.0.0.1:${ports.ISSUER_PORT}/token`, { method: 'POST' });
  token = ((await minted.json()) as { access_token: string }).access_token;
}, 180_000);

afterAll(async () => {
  await stopDev(stack);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('an image job through pnpm dev', () => {
  it('turns an uploaded scan into renditions, tiles and a placeholder on the artwork', async () => {
    const artworkId = await newArtwork('Harbour Lights');
    const uploadKey = await upload(await plateImage({ width: 2000, height: 1400, seed: 9 }));

    const submitted = await api('/jobs', {
      method: 'POST',
      headers: { 'idempotency-key': 'e2e-harbour-lights' },
      json: { artworkId, uploadKey, alt: 'Harbour lights at night' },
    });
    expect(submitted.status).toBe(202);
    expect(submitted.body.status).toBe('queued');
    expect(submitted.headers.get('location')).toBe(`/v1/jobs/${submitted.body.id}`);
    expect(submitted.body.links.self).toBe(`/v1/jobs/${submitted.body.id}`);

    const again = await api('/jobs', {
      method: 'POST',
      headers: { 'idempotency-key': 'e2e-harbour-lights' },
      json: { artworkId, uploadKey, alt: 'Harbour lights at night' },
    });
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(submitted.body.id);
    const otherBody = await api('/jobs', {
      method: 'POST',
      headers: { 'idempotency-key': 'e2e-harbour-lights' },
      json: { artworkId, uploadKey, alt: 'Something else' },
    });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.errors[0].path).toBe('headers.idempotency-key');

    const { job } = await settle(submitted.body.id);
    expect(job.status).toBe('succeeded');
    expect(job.percent).toBe(100);
    expect(job.steps.map((step) => [step.name, step.status])).toEqual([
      ['inspect', 'succeeded'],
      ['render', 'succeeded'],
      ['tiles', 'succeeded'],
      ['placeholder', 'succeeded'],
      ['publish', 'succeeded'],
    ]);
    for (const step of job.steps)
      expect(Date.parse(step.endedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(step.startedAt ?? ''));

    const listed = await api(`/jobs?artworkId=${artworkId}`);
    expect(listed.body.items.map((item: Job) => item.id)).toEqual([job.id]);

    // The media on the artwork: every width the scan can fill × AVIF/WebP/JPEG, tiles, placeholder.
    // The artwork hears of it through EventBridge, a moment after the job's own record says done.
    const eventDeadline = Date.now() + 5000;
    let studio = await api(`/studio/artworks/${artworkId}`);
    while (studio.body.media.length === 0 && Date.now() < eventDeadline) {
      await new Promise((done) => setTimeout(done, 100));
      studio = await api(`/studio/artworks/${artworkId}`);
    }
    expect(studio.status).toBe(200);
    const media = studio.body.media[0];
    expect(media.alt).toBe('Harbour lights at night');
    expect([media.width, media.height]).toEqual([2000, 1400]);
    expect(media.renditions.map((r: { width: number; format: string }) => `${r.width}.${r.format}`).sort()).toEqual(
      [320, 640, 960, 1280, 1920].flatMap((w) => [`${w}.avif`, `${w}.jpeg`, `${w}.webp`]).sort(),
    );
    for (const url of [
      ...media.renditions.map((r: { url: string }) => r.url),
      media.tiles.url,
      media.placeholder.url,
    ]) {
      const object = await fetch(url);
      expect(object.status, url).toBe(200);
    }
    const rendition = await fetch(media.renditions[0].url);
    expect(rendition.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(media.tiles.url).then((r) => r.text())).includes('<Image')).toBe(true);

    // Every tile the descriptor promises is in the media bucket.
    const s3 = new S3Client({
      endpoint: `http://127.0.0.1:${ports.S3_PORT}`,
      forcePathStyle: true,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const prefix = new URL(media.tiles.url).pathname
      .replace('/copper-media-local/', '')
      .replace(/image\.dzi$/, 'image_files/');
    let tiles = 0;
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: 'copper-media-local', Prefix: prefix, ContinuationToken: token }),
      );
      tiles += page.KeyCount ?? 0;
      token = page.NextContinuationToken;
    } while (token);
    expect(tiles).toBe(job.steps.find((step) => step.name === 'tiles')?.output?.tiles);
    s3.destroy();
  }, 300_000);

  it('answers bad job requests with 4xx naming the field, and a bad scan with a failed job and its reason', async () => {
    const artworkId = await newArtwork('Not a Print');
    const unknownUpload = await api('/jobs', {
      method: 'POST',
      json: { artworkId, uploadKey: 'originals/2026/11/00000000-0000-4000-8000-000000000000.jpg' },
    });
    expect(unknownUpload.status).toBe(422);
    expect(unknownUpload.body.errors[0].path).toBe('body.uploadKey');

    const notAnImage = await upload(randomBytes(4096));
    const unknownArtwork = await api('/jobs', {
      method: 'POST',
      json: { artworkId: '00000000-0000-4000-8000-000000000000', uploadKey: notAnImage },
    });
    expect(unknownArtwork.status).toBe(422);
    expect(unknownArtwork.body.errors[0].path).toBe('body.artworkId');

    const unknownField = await api('/jobs', {
      method: 'POST',
      json: { artworkId, uploadKey: notAnImage, colour: 'red' },
    });
    expect(unknownField.status).toBe(422);
    expect(unknownField.body.errors[0].path).toBe('body.colour');

    const forged = await api('/jobs?cursor=bm90LWEtY3Vyc29y');
    expect(forged.status).toBe(422);
    expect(forged.body.errors[0].path).toBe('query.cursor');

    const unsigned = await fetch(`${base}/jobs`);
    expect(unsigned.status).toBe(401);

    const submitted = await api('/jobs', { method: 'POST', json: { artworkId, uploadKey: notAnImage } });
    expect(submitted.status).toBe(202);
    const { job } = await settle(submitted.body.id);
    expect(job.status).toBe('failed');
    expect(job.reason).toBe('The file is not a readable image (JPEG, PNG, TIFF or WebP).');
    expect(job.links.retry).toBe(`/v1/jobs/${job.id}/retry`);
    expect((await api(`/studio/artworks/${artworkId}`)).body.media).toEqual([]);

    // Retrying a refused scan runs it again and is refused again, for the same reason.
    const retried = await api(`/jobs/${job.id}/retry`, { method: 'POST' });
    expect(retried.status).toBe(202);
    const second = await settle(job.id);
    expect(second.job.status).toBe('failed');
    expect(second.job.reason).toBe(job.reason);
  }, 300_000);
});
