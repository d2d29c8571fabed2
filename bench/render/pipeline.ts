// The image-processing service's render step as the workflow runs it: `createPipeline(deps).render`
// with the real adapters (S3 client against s3rver, drizzle over a real database, sharp), in a process
// of its own like the render Lambda. Before each render (untimed) the container's copy of the scan
// and the media bucket are emptied, so every render downloads and digests the scan and writes every
// rendition and the manifest, instead of finding the manifest and skipping.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createPostgresDb } from '@copper/db/client';
import {
  createArtworkDirectory,
  createJobStore,
  createMediaRecords,
} from '../../services/image-processing/src/adapters/job-store.ts';
import { sharpImaging } from '../../services/image-processing/src/adapters/sharp-imaging.ts';
import {
  createMediaObjects,
  createOriginals,
  createS3Client,
} from '../../services/image-processing/src/adapters/storage.ts';
import {
  createPipeline,
  type JobInput,
  type SourceAccepted,
} from '../../services/image-processing/src/domain/pipeline.ts';
import { childSettings, serve } from './child.ts';

interface Settings {
  databaseUrl: string;
  s3Endpoint: string;
  originalsBucket: string;
  mediaBucket: string;
  maxPixels: number;
  input: JobInput & { source: SourceAccepted };
}

const settings = childSettings<Settings>();
const workDir = await mkdtemp(join(tmpdir(), 'copper-bench-render-'));
// One connection, as the render function's lazy database opens.
const database = createPostgresDb({ url: settings.databaseUrl, applicationName: 'copper-bench-render' });
const s3 = createS3Client(settings.s3Endpoint);
const pipeline = createPipeline({
  jobs: createJobStore(database.db),
  originals: createOriginals(s3, settings.originalsBucket, workDir),
  media: createMediaObjects(s3, settings.mediaBucket),
  records: createMediaRecords(database.db),
  artworks: createArtworkDirectory(database.db),
  events: { mediaPublished: async () => {} },
  imaging: sharpImaging,
  settings: { workDir, maxPixels: settings.maxPixels, watermarkText: '© Copper Print Gallery' },
});
const cached = join(workDir, 'sources', settings.input.source.sha256);
let renditions = 0;

await serve({
  async prepare() {
    await rm(join(workDir, 'sources'), { recursive: true, force: true });
    await emptyBucket(s3, settings.mediaBucket);
  },
  async render() {
    renditions = (await pipeline.render(settings.input)).renditions.length;
  },
  async verify() {
    if (!(await stat(cached).catch(() => undefined))) throw new Error('the render did not download the scan');
    const objects = await listAll(s3, settings.mediaBucket);
    const manifests = objects.filter((object) => object.key.endsWith('/manifest.json'));
    if (manifests.length !== 1 || objects.length !== renditions + 1) {
      throw new Error(`the render wrote ${objects.length} objects for ${renditions} renditions and a manifest`);
    }
    const files = objects.filter((object) => !object.key.endsWith('/manifest.json'));
    return { outputs: files.length, bytes: files.reduce((sum, object) => sum + object.size, 0) };
  },
  async close() {
    await database.close();
    await rm(workDir, { recursive: true, force: true });
  },
});

async function listAll(client: S3Client, bucket: string): Promise<{ key: string; size: number }[]> {
  const objects: { key: string; size: number }[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const item of page.Contents ?? []) if (item.Key) objects.push({ key: item.Key, size: item.Size ?? 0 });
    token = page.NextContinuationToken;
  } while (token);
  return objects;
}

async function emptyBucket(client: S3Client, bucket: string): Promise<void> {
  const keys = (await listAll(client, bucket)).map((object) => ({ Key: object.key }));
  for (let i = 0; i < keys.length; i += 1000) {
    await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(i, i + 1000) } }));
  }
}
