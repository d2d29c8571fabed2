// The two buckets: content's originals (read here, streamed to local disk while digested) and this
// service's media (written with year-long immutable caching, since every key is content-addressed).
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { MediaObjects, Originals } from '../domain/ports.ts';

export const IMMUTABLE = 'public, max-age=31536000, immutable';

export function createS3Client(endpoint?: string): S3Client {
  return new S3Client({ ...(endpoint ? { endpoint, forcePathStyle: true } : {}) });
}

const isMissing = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404);

async function sizeOf(client: S3Client, bucket: string, key: string): Promise<number | undefined> {
  try {
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return head.ContentLength ?? 0;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

export function createOriginals(client: S3Client, bucket: string, workDir: string): Originals {
  const sources = join(workDir, 'sources');
  return {
    sizeOf: (key) => sizeOf(client, bucket, key),

    async fetch(key, expectedSha256) {
      await mkdir(sources, { recursive: true });
      if (expectedSha256) {
        // A task earlier in this execution, in this container, already fetched and digested it.
        const cached = join(sources, expectedSha256);
        const present = await stat(cached).catch(() => undefined);
        if (present?.isFile()) return { path: cached, sha256: expectedSha256, bytes: present.size };
      }
      let body: NodeJS.ReadableStream;
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        body = object.Body as NodeJS.ReadableStream;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
      // Lambda's /tmp is small and shared by every invocation of the container: keep one scan at a time.
      for (const name of await readdir(sources)) await rm(join(sources, name), { force: true, recursive: true });
      const partial = join(sources, `.${randomUUID()}.part`);
      const digest = createHash('sha256');
      let bytes = 0;
      const digesting = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          digest.update(chunk);
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      try {
        await pipeline(body, digesting, createWriteStream(partial));
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      const sha256 = digest.digest('hex');
      const path = join(sources, sha256);
      await rename(partial, path);
      return { path, sha256, bytes };
    },
  };
}

export function createMediaObjects(client: S3Client, bucket: string): MediaObjects {
  return {
    async exists(key) {
      return (await sizeOf(client, bucket, key)) !== undefined;
    },
    async put(key, body, contentType) {
      // Files here are tiles and descriptors, a few kB each: read whole, they retry cleanly and leave
      // no stream open on a file the step may remove.
      const payload = Buffer.isBuffer(body) ? body : await readFile(body.path);
      const length = payload.length;
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: payload,
          ContentLength: length,
          ContentType: contentType,
          CacheControl: IMMUTABLE,
        }),
      );
    },
    async getJson(key) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return JSON.parse((await object.Body?.transformToString('utf8')) ?? 'null') as unknown;
    },
  };
}
