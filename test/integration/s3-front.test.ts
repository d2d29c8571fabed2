import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { openAsBlob } from 'node:fs';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { SignatureV4 } from '@smithy/signature-v4';
import { build } from 'esbuild';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sha256 } from '../../scripts/dev/s3-signature.ts';

// The local S3 front in a process of its own before an s3rver, as `pnpm dev` runs them, spoken to as
// browsers and the SDK do.
const ORIGINALS = 'copper-originals-local';
const MEDIA = 'copper-media-local';
const ACCOUNT = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

let s3rver: S3rver | undefined;
let front: ChildProcess | undefined;
let endpoint: string;
let s3: S3Client;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'copper-s3-front-test-'));
  s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory: join(scratch, 's3'),
    silent: true,
    configureBuckets: [ORIGINALS, MEDIA].map((name) => ({ name, configs: [] })),
  });
  const { port } = await s3rver.run();

  // Bundled, so the process holds the front and not also Node's TypeScript loader (some 20 MB of its own).
  const bundle = join(scratch, 's3-front.mjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'support/s3-front-process.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  // V8 sizes its young generation by allocation rate, not by what is live: under the default, even a bare
  // `req.pipe(upstream)` proxy peaks near 120 MB while 300 MB pass through it. A small one lets the peak
  // RSS show what the front holds.
  front = spawn(process.execPath, ['--max-semi-space-size=1', bundle, `http://127.0.0.1:${port}`, MEDIA], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(front, 'exit').then(([code]) => Promise.reject(new Error(`the S3 front exited with ${code}`)));
  const started = once(createInterface({ input: front.stdout as NodeJS.ReadableStream }), 'line');
  const [line] = (await Promise.race([started, exited])) as [string];
  exited.catch(() => {});
  endpoint = (JSON.parse(line) as { endpoint: string }).endpoint;
  s3 = new S3Client({ endpoint, forcePathStyle: true, region: 'eu-west-1', credentials: ACCOUNT });
});

afterAll(async () => {
  if (front && front.exitCode === null) {
    front.kill('SIGTERM');
    await once(front, 'exit');
  }
  await s3rver?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const put = (bucket: string, key: string, body: string) =>
  s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/plain' }));

async function exists(bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw error;
  }
}

/** An S3 error body's code, as the SDK reads it. */
async function errorCode(response: Response): Promise<string | undefined> {
  const text = await response.text();
  return /<Error>\s*<Code>([^<]+)<\/Code>\s*<Message>[^<]*<\/Message>/.exec(text)?.[1];
}

/** A presigned URL made the way @aws-sdk/s3-request-presigner makes one. */
async function presign(
  method: string,
  bucket: string,
  key: string,
  options: { expiresIn?: number; signingDate?: Date; secretAccessKey?: string } = {},
): Promise<string> {
  const url = new URL(`${endpoint}/${bucket}/${key}`);
  const signer = new SignatureV4({
    credentials: { ...ACCOUNT, secretAccessKey: options.secretAccessKey ?? ACCOUNT.secretAccessKey },
    region: 'eu-west-1',
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
  const signed = await signer.presign(
    {
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: {},
      headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    },
    {
      expiresIn: options.expiresIn ?? 300,
      ...(options.signingDate ? { signingDate: options.signingDate } : {}),
      unsignableHeaders: new Set(['x-amz-content-sha256']),
      unhoistableHeaders: new Set(['x-amz-content-sha256']),
    },
  );
  for (const [name, value] of Object.entries(signed.query ?? {})) url.searchParams.set(name, String(value));
  return url.toString();
}

describe('the originals bucket (private scans)', () => {
  it('refuses unsigned GET, PUT, DELETE and listing with S3 AccessDenied', async () => {
    await put(ORIGINALS, 'originals/private.txt', 'scan');
    const object = `${endpoint}/${ORIGINALS}/originals/private.txt`;
    for (const [method, url] of [
      ['GET', object],
      ['HEAD', object],
      ['PUT', object],
      ['DELETE', object],
      ['GET', `${endpoint}/${ORIGINALS}`],
      ['GET', `${endpoint}/${ORIGINALS}/?list-type=2`],
      ['GET', `${endpoint}/${ORIGINALS}?prefix=originals/`],
    ] as const) {
      const response = await fetch(url, { method, ...(method === 'PUT' ? { body: 'overwritten' } : {}) });
      expect(response.status, `${method} ${url}`).toBe(403);
      if (method !== 'HEAD') expect(await errorCode(response), `${method} ${url}`).toBe('AccessDenied');
    }
    const kept = await s3.send(new GetObjectCommand({ Bucket: ORIGINALS, Key: 'originals/private.txt' }));
    expect(await kept.Body?.transformToString()).toBe('scan');
  });

  it('lets requests signed with the local account through, in the header and presigned', async () => {
    await put(ORIGINALS, 'originals/signed.txt', 'scan');
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: ORIGINALS, Prefix: 'originals/' }));
    expect(listed.Contents?.map((item) => item.Key)).toContain('originals/signed.txt');
    const read = await fetch(await presign('GET', ORIGINALS, 'originals/signed.txt'));
    expect(read.status).toBe(200);
    expect(await read.text()).toBe('scan');
    await s3.send(new DeleteObjectCommand({ Bucket: ORIGINALS, Key: 'originals/signed.txt' }));
    expect(await exists(ORIGINALS, 'originals/signed.txt')).toBe(false);
  });

  it('refuses what only looks signed: another secret, a garbled header, a tampered or expired presigned URL', async () => {
    await put(ORIGINALS, 'originals/guarded.txt', 'scan');
    const stranger = new S3Client({
      endpoint,
      forcePathStyle: true,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'guessed' },
    });
    await expect(
      stranger.send(new DeleteObjectCommand({ Bucket: ORIGINALS, Key: 'originals/guarded.txt' })),
    ).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    await expect(stranger.send(new ListObjectsV2Command({ Bucket: ORIGINALS }))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });

    const garbled = await fetch(`${endpoint}/${ORIGINALS}/originals/guarded.txt`, {
      method: 'DELETE',
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=S3RVER/20260101/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${'0'.repeat(64)}`,
        'x-amz-date': new Date().toISOString().replace(/[-:]|\.\d+/g, ''),
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      },
    });
    expect(garbled.status).toBe(403);
    expect(await errorCode(garbled)).toBe('SignatureDoesNotMatch');

    const otherKey = (await presign('GET', ORIGINALS, 'originals/anything.txt')).replace(
      'originals/anything.txt',
      'originals/guarded.txt',
    );
    const tampered = await fetch(otherKey);
    expect(tampered.status).toBe(403);
    expect(await errorCode(tampered)).toBe('SignatureDoesNotMatch');

    const wrongSecret = await fetch(
      await presign('DELETE', ORIGINALS, 'originals/guarded.txt', { secretAccessKey: 'x' }),
    );
    expect(wrongSecret.status).toBe(403);

    const expired = await fetch(
      await presign('GET', ORIGINALS, 'originals/guarded.txt', {
        expiresIn: 60,
        signingDate: new Date(Date.now() - 2 * 60 * 1000),
      }),
    );
    expect(expired.status).toBe(403);
    expect(await errorCode(expired)).toBe('AccessDenied');

    expect(await exists(ORIGINALS, 'originals/guarded.txt')).toBe(true);
  });
});

describe('the media bucket (public renditions)', () => {
  it('serves GET and HEAD to anyone', async () => {
    await put(MEDIA, 'media/a/320.jpeg', 'rendition');
    const read = await fetch(`${endpoint}/${MEDIA}/media/a/320.jpeg`);
    expect(read.status).toBe(200);
    expect(await read.text()).toBe('rendition');
    expect((await fetch(`${endpoint}/${MEDIA}/media/a/320.jpeg`, { method: 'HEAD' })).status).toBe(200);
  });

  it('refuses unsigned writes, deletes, POSTs and listing, and takes signed writes', async () => {
    await put(MEDIA, 'media/b/320.jpeg', 'rendition');
    const object = `${endpoint}/${MEDIA}/media/b/320.jpeg`;
    for (const [method, url] of [
      ['PUT', object],
      ['DELETE', object],
      ['POST', `${object}?uploads`],
      ['POST', `${endpoint}/${MEDIA}?delete`],
      ['GET', `${endpoint}/${MEDIA}`],
      ['GET', `${endpoint}/${MEDIA}/?list-type=2`],
      ['GET', `${object}?acl`],
    ] as const) {
      const response = await fetch(url, { method, ...(method === 'GET' ? {} : { body: 'x' }) });
      expect(response.status, `${method} ${url}`).toBe(403);
      expect(await errorCode(response), `${method} ${url}`).toBe('AccessDenied');
    }
    expect(await (await fetch(object)).text()).toBe('rendition');
    await put(MEDIA, 'media/b/320.jpeg', 'rendered again');
    expect(await (await fetch(object)).text()).toBe('rendered again');
  });
});

/** A browser-style presigned POST ticket for the originals bucket, as the uploads function makes one. */
async function ticket(key: string, maxBytes: number) {
  return createPresignedPost(s3, {
    Bucket: ORIGINALS,
    Key: key,
    Expires: 900,
    Fields: { 'Content-Type': 'image/tiff' },
    Conditions: [
      ['content-length-range', 1, maxBytes],
      ['eq', '$Content-Type', 'image/tiff'],
    ],
  });
}

function form(fields: Record<string, string>, file: Blob): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  body.append('file', file, 'scan.tif');
  return body;
}

describe('browser uploads (presigned POST)', () => {
  it('refuses a form field the policy does not name, and a bucket field the policy does not allow', async () => {
    const { url, fields } = await ticket('originals/extra.tif', 100);
    const file = new Blob([Buffer.from('II*\0plate')], { type: 'image/tiff' });

    const redirected = await fetch(url, {
      method: 'POST',
      body: form({ ...fields, success_action_redirect: 'https://evil.example/' }, file),
      redirect: 'manual',
    });
    expect(redirected.status).toBe(403);
    expect(await redirected.text()).toContain(
      'Invalid according to Policy: Extra input fields: success_action_redirect',
    );

    const elsewhere = await fetch(url, { method: 'POST', body: form({ ...fields, bucket: MEDIA }, file) });
    expect(elsewhere.status).toBe(403);
    expect(await errorCode(elsewhere)).toBe('AccessDenied');
    expect(await exists(ORIGINALS, 'originals/extra.tif')).toBe(false);

    const ignored = await fetch(url, { method: 'POST', body: form({ ...fields, 'x-ignore-note': 'kept out' }, file) });
    expect(ignored.status).toBe(204);
    expect(await exists(ORIGINALS, 'originals/extra.tif')).toBe(true);
  });

  it('refuses a file outside the policy range, or a broken form, leaving no object behind', async () => {
    const path = join(scratch, 'over.tif');
    await writeFile(path, '');
    await truncate(path, 8 * 1024 * 1024);
    const { url, fields } = await ticket('originals/over.tif', 1024 * 1024);
    const response = await fetch(url, {
      method: 'POST',
      body: form(fields, await openAsBlob(path, { type: 'image/tiff' })),
    });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('EntityTooLarge');
    expect(await exists(ORIGINALS, 'originals/over.tif')).toBe(false);

    const empty = await fetch(url, { method: 'POST', body: form(fields, new Blob([], { type: 'image/tiff' })) });
    expect(empty.status).toBe(400);
    expect(await errorCode(empty)).toBe('EntityTooSmall');
    expect(await exists(ORIGINALS, 'originals/over.tif')).toBe(false);

    const broken = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="key"\r\n\r\noriginals/over.tif\r\n--xy',
    });
    expect(broken.status).toBe(400);
    expect(await errorCode(broken)).toBe('MalformedPOSTRequest');
  });

  it('streams a 300 MB upload through the front in under 100 MB of memory', async () => {
    const size = 300 * 1024 * 1024;
    const path = join(scratch, 'large.tif');
    await writeFile(path, '');
    // A sparse file: generated on disk, never held in this process.
    await truncate(path, size);
    const { url, fields } = await ticket('originals/large.tif', 400 * 1024 * 1024);
    const response = await fetch(url, {
      method: 'POST',
      body: form(fields, await openAsBlob(path, { type: 'image/tiff' })),
    });
    expect(response.status).toBe(204);
    const head = await s3.send(new HeadObjectCommand({ Bucket: ORIGINALS, Key: 'originals/large.tif' }));
    expect(head.ContentLength).toBe(size);

    const status = await readFile(`/proc/${front?.pid}/status`, 'utf8');
    const peakKb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    console.info(`s3 front peak RSS during a 300 MB upload: ${Math.round(peakKb / 1024)} MB`);
    expect(peakKb).toBeGreaterThan(0);
    expect(peakKb).toBeLessThan(100 * 1024);
  });
});
