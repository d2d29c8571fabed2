import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invoke } from '../support/invoke.ts';
import { localS3Env, startLocalS3 } from '../support/s3.ts';

// The real presigning code against s3rver, the same local S3 `pnpm dev` runs.
const BUCKET = 'copper-originals-test';
let s3: Awaited<ReturnType<typeof startLocalS3>>;
let endpoint: string;
let uploads: Awaited<typeof import('../../src/handlers/uploads.ts')>['handler'];

beforeAll(async () => {
  s3 = await startLocalS3(BUCKET);
  endpoint = s3.endpoint;
  vi.stubEnv('STAGE', 'test');
  vi.stubEnv('LOG_LEVEL', 'ERROR');
  vi.stubEnv('DATABASE_URL', 'postgres://postgres@127.0.0.1:1/unused');
  for (const [name, value] of Object.entries(localS3Env(endpoint, BUCKET))) vi.stubEnv(name, value);
  uploads = (await import('../../src/handlers/uploads.ts')).handler;
});

afterAll(async () => {
  await s3?.close();
});

const JPEG_BYTES = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

describe('POST /v1/uploads', () => {
  it('gives a presigned POST that uploads the scan to a key the server chose', async () => {
    const response = await invoke(uploads, 'POST /v1/uploads', {
      body: { filename: '../../etc/passwd harbour.jpg', contentType: 'image/jpeg', size: JPEG_BYTES.length },
    });
    expect(response.status).toBe(201);
    const ticket = response.body;
    expect(ticket.uploadKey).toMatch(/^originals\/\d{4}\/\d{2}\/[0-9a-f-]{36}\.jpg$/);
    expect(ticket.maxBytes).toBe(JPEG_BYTES.length);
    expect(Date.parse(ticket.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
    const policy = JSON.parse(Buffer.from(ticket.fields.Policy, 'base64').toString('utf8'));
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, JPEG_BYTES.length],
        ['eq', '$Content-Type', 'image/jpeg'],
      ]),
    );

    const form = new FormData();
    for (const [name, value] of Object.entries(ticket.fields as Record<string, string>)) form.append(name, value);
    form.append('file', new Blob([JPEG_BYTES], { type: 'image/jpeg' }), 'scan.jpg');
    const upload = await fetch(ticket.url, { method: 'POST', body: form });
    expect(upload.status).toBeLessThan(300);

    const s3 = new S3Client({ endpoint, forcePathStyle: true });
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: ticket.uploadKey }));
    expect(head.ContentType).toBe('image/jpeg');
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: ticket.uploadKey }));
    expect(Buffer.from(await (object.Body?.transformToByteArray() ?? new Uint8Array()))).toEqual(JPEG_BYTES);
  });

  it.each([
    ['an SVG', { filename: 'plate.svg', contentType: 'image/svg+xml', size: 1000 }, 'body.contentType'],
    ['a PDF', { filename: 'plate.pdf', contentType: 'application/pdf', size: 1000 }, 'body.contentType'],
    ['more than 500 MB', { filename: 'huge.tif', contentType: 'image/tiff', size: 500 * 1024 * 1024 + 1 }, 'body.size'],
    ['an empty file', { filename: 'empty.jpg', contentType: 'image/jpeg', size: 0 }, 'body.size'],
    ['a chosen key', { filename: 'a.jpg', contentType: 'image/jpeg', size: 10, key: 'originals/x' }, 'body.key'],
  ])('refuses %s with 422 naming the field', async (_name, body, path) => {
    const response = await invoke(uploads, 'POST /v1/uploads', { body });
    expect(response.status).toBe(422);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});
