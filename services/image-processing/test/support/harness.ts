// Everything a job needs, for real, in one test process: a migrated database, s3rver with both
// buckets, the real adapters and sharp, and the state machine definition from serverless.yml run by
// aws-local-stepfunctions. Only the event bus is a recorder: EventBridge has its own tests in content.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { artworks } from '@copper/db/schema';
import { createTestDatabase, type TestDatabase } from '@copper/db/testing';
import type { MediaDocument } from '@copper/events';
import { StateMachine } from 'aws-local-stepfunctions';
import { startLocalS3 } from '../../../content/test/support/s3.ts';
import { loadImageJobStateMachine } from '../../local/index.ts';
import { createArtworkDirectory, createJobStore, createMediaRecords } from '../../src/adapters/job-store.ts';
import { sharpImaging } from '../../src/adapters/sharp-imaging.ts';
import { createMediaObjects, createOriginals, createS3Client } from '../../src/adapters/storage.ts';
import { createJobs } from '../../src/domain/jobs.ts';
import { createPipeline, type Pipeline, type PipelineDeps } from '../../src/domain/pipeline.ts';
import type { Job, Workflow } from '../../src/domain/ports.ts';

export const ORIGINALS = 'copper-originals-test';
export const MEDIA = 'copper-media-test';

/** Which task function each Task state of the definition runs. */
const TASKS: Record<string, keyof Pipeline> = {
  Inspect: 'inspect',
  Render: 'render',
  Tiles: 'tiles',
  Placeholder: 'placeholder',
  Publish: 'publish',
  RecordFailure: 'recordFailure',
};

export interface Execution {
  status: 'SUCCEEDED' | 'FAILED';
  output?: unknown;
  error?: string;
}

export interface Harness {
  database: TestDatabase;
  s3: S3Client;
  endpoint: string;
  published: MediaDocument[];
  jobs: ReturnType<typeof createJobs>;
  pipeline: Pipeline;
  /** Executions started through the workflow port, awaited by `settle`. */
  executions: Map<string, Promise<Execution>>;
  settle(job: Job): Promise<Execution>;
  /** Every task call, in order, by state name: a retried state appears once per attempt. */
  calls: string[];
  /** What the pipeline logged, in order. */
  logs: { level: 'warn'; message: string; attributes: Record<string, unknown> }[];
  upload(bytes: Buffer, extension?: 'jpg' | 'png' | 'tif' | 'webp'): Promise<string>;
  artwork(): Promise<string>;
  mediaKeys(): Promise<string[]>;
  close(): Promise<void>;
}

export type Wrap = (deps: PipelineDeps) => PipelineDeps;

export async function startHarness(options: { wrap?: Wrap } = {}): Promise<Harness> {
  const database = await createTestDatabase();
  const local = await startLocalS3([ORIGINALS, MEDIA]);
  process.env.AWS_ACCESS_KEY_ID ??= 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'S3RVER';
  process.env.AWS_REGION ??= 'eu-west-1';
  const s3 = createS3Client(local.endpoint);
  const workDir = await mkdtemp(join(tmpdir(), 'copper-jobs-'));
  const published: MediaDocument[] = [];
  const calls: string[] = [];
  const logs: Harness['logs'] = [];

  const base: PipelineDeps = {
    jobs: createJobStore(database.db),
    originals: createOriginals(s3, ORIGINALS, workDir),
    media: createMediaObjects(s3, MEDIA),
    records: createMediaRecords(database.db),
    artworks: createArtworkDirectory(database.db),
    events: {
      async mediaPublished(document) {
        published.push(document);
      },
    },
    imaging: sharpImaging,
    settings: { workDir, maxPixels: 200_000_000, watermarkText: '© Test' },
    logger: {
      warn(message, attributes) {
        logs.push({ level: 'warn', message, attributes });
      },
    },
  };
  const pipeline = createPipeline(options.wrap ? options.wrap(base) : base);

  const { definition } = loadImageJobStateMachine({ stage: 'test' });
  const machine = new StateMachine(definition as ConstructorParameters<typeof StateMachine>[0], {
    validationOptions: { checkArn: false },
  });
  const handlers = Object.fromEntries(
    Object.entries(TASKS).map(([state, method]) => [
      state,
      async (input: unknown) => {
        calls.push(state);
        // Through JSON, as a Lambda invocation would: nothing but data crosses a state boundary.
        const run = pipeline[method] as (value: unknown) => Promise<unknown>;
        return JSON.parse(JSON.stringify(await run(JSON.parse(JSON.stringify(input)))));
      },
    ]),
  );
  // The definition's backoff is seconds; the tests keep its shape but not its patience.
  const noPause = Object.fromEntries(Object.keys(TASKS).map((state) => [state, 5]));

  const executions = new Map<string, Promise<Execution>>();
  const workflow: Workflow = {
    async start(job) {
      const name = `${job.id}-${job.attempt}`;
      if (executions.has(name)) return;
      const input = {
        jobId: job.id,
        attempt: job.attempt,
        artworkId: job.artworkId,
        uploadKey: job.uploadKey,
        alt: job.alt,
        watermark: job.watermark,
      };
      const execution = machine.run(input, {
        overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: noPause },
      });
      executions.set(
        name,
        execution.result.then(
          (output: unknown): Execution => ({ status: 'SUCCEEDED', output }),
          (error: unknown): Execution => ({
            status: 'FAILED',
            error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          }),
        ),
      );
    },
  };

  const jobs = createJobs({
    jobs: base.jobs,
    artworks: base.artworks,
    originals: base.originals,
    workflow,
  });

  let uploads = 0;
  return {
    database,
    s3,
    endpoint: local.endpoint,
    published,
    jobs,
    pipeline,
    executions,
    calls,
    logs,
    async settle(job) {
      const execution = executions.get(`${job.id}-${job.attempt}`);
      if (!execution) throw new Error(`no execution for ${job.id}-${job.attempt}`);
      return execution;
    },
    async upload(bytes, extension = 'jpg') {
      uploads += 1;
      const key = `originals/2026/11/${String(uploads).padStart(8, '0')}-0000-4000-8000-${Date.now().toString(16).padStart(12, '0').slice(-12)}.${extension}`;
      await s3.send(new PutObjectCommand({ Bucket: ORIGINALS, Key: key, Body: bytes }));
      return key;
    },
    async artwork() {
      const [row] = await database.db
        .insert(artworks)
        .values({ slug: `plate-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, title: 'Plate' })
        .returning({ id: artworks.id });
      if (!row) throw new Error('artwork insert returned nothing');
      return row.id;
    },
    async mediaKeys() {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: MEDIA, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).flatMap((item) => (item.Key ? [item.Key] : [])));
        token = page.NextContinuationToken;
      } while (token);
      return keys.sort();
    },
    async close() {
      await Promise.allSettled(executions.values());
      await database.close();
      await local.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
