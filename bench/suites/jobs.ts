// POST /v1/jobs invoked in-process with real API Gateway events: the job API's handler with its middy
// stack, zod, the Jobs use case, drizzle over a real database, HeadObject against s3rver and
// StartExecution against the local Step Functions endpoint running the definition from serverless.yml.
// Its tasks answer at once (the scan is "refused"), so the bench measures the API, not image work.
// Beside it, in the same run, the I/O no implementation can skip, issued bare over connections made
// the same way: the artwork check with HeadObject of the upload, the insert of the job and its steps,
// and StartExecution. Overhead = handler − bare.
import { randomUUID } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createPostgresDb, type DbHandle } from '@copper/db/client';
import { artworks, JOB_STEPS, jobSteps, jobs as jobsTable } from '@copper/db/schema';
import { createTestDatabaseServer, type TestDatabaseServer } from '@copper/db/testing';
import { plateImage } from '@copper/imaging/testing';
import { apiGatewayEvent, lambdaContext } from '../../packages/http/src/testing.ts';
import { startLocalS3 } from '../../services/content/test/support/s3.ts';
import {
  type LocalStepFunctions,
  loadImageJobStateMachine,
  startLocalStepFunctions,
} from '../../services/image-processing/local/state-machine.ts';
import { createArtworkDirectory } from '../../services/image-processing/src/adapters/job-store.ts';
import { createS3Client } from '../../services/image-processing/src/adapters/storage.ts';
import { createWorkflow } from '../../services/image-processing/src/adapters/workflow.ts';
import { fingerprint } from '../../services/image-processing/src/domain/keys.ts';
import { percentile } from '../lib/stats.ts';
import { printTable } from '../lib/table.ts';

type JobsHandler = typeof import('../../services/image-processing/src/handlers/jobs.ts')['handler'];
type Runtime = typeof import('../../services/image-processing/src/runtime.ts');

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 500);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 50);
const GOAL_P99_MS = 20;
const ORIGINALS = 'copper-originals-bench';
const MEDIA = 'copper-media-bench';
const STAGE = 'bench';
/** What the stub task answers for Inspect: a refusal ends the execution at once (Choice → Refused). */
const REFUSED = { ok: false, reason: 'bench', message: 'The bench does no image work.' };

export async function jobs(): Promise<void> {
  if (!Number.isInteger(ITERATIONS) || ITERATIONS < 1) {
    throw new Error(`BENCH_ITERATIONS must be a positive integer, not ${process.env.BENCH_ITERATIONS}`);
  }
  if (!Number.isInteger(WARMUP) || WARMUP < 0) {
    throw new Error(`BENCH_WARMUP must be a non-negative integer, not ${process.env.BENCH_WARMUP}`);
  }
  const savedEnv = { ...process.env };
  const cleanups: (() => Promise<void>)[] = [];
  try {
    // ---- the database, S3 with one uploaded scan, one artwork ----------------------------------
    const database: TestDatabaseServer = await createTestDatabaseServer();
    cleanups.push(() => database.close());
    const s3 = await startLocalS3([ORIGINALS, MEDIA]);
    cleanups.push(() => s3.close());
    const s3Env = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'eu-west-1' };
    Object.assign(process.env, s3Env);
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;

    // Every job points at the same small scan: the API only checks that it exists and is not empty.
    const uploadKey = `originals/2026/11/${randomUUID()}.jpg`;
    const scan = await plateImage({ width: 640, height: 480 });
    const bareS3 = createS3Client(s3.endpoint);
    await bareS3.send(
      new PutObjectCommand({ Bucket: ORIGINALS, Key: uploadKey, Body: scan, ContentType: 'image/jpeg' }),
    );
    const seedHandle = createPostgresDb({ url: database.url, maxConnections: 1, applicationName: 'copper-bench-seed' });
    const [artwork] = await seedHandle.db
      .insert(artworks)
      .values({ slug: `bench-jobs-${Date.now().toString(36)}`, title: 'Harbour in Fog' })
      .returning({ id: artworks.id });
    await seedHandle.close();
    if (!artwork) throw new Error('the artwork insert returned nothing');
    const request = { artworkId: artwork.id, uploadKey, alt: 'A harbour in fog, etched', watermark: false };

    // ---- the workflow: serverless.yml's definition on the local Step Functions endpoint ----------
    const machine = loadImageJobStateMachine({ stage: STAGE });
    const invoked: string[] = [];
    const stepFunctions: LocalStepFunctions = await startLocalStepFunctions({
      port: 0,
      definition: machine.definition,
      stateMachineArn: machine.arn,
      async invoke(functionName) {
        invoked.push(functionName);
        return functionName.endsWith('-inspect') ? REFUSED : {};
      },
    });
    cleanups.push(() => stepFunctions.close());
    console.log(
      `database: ${describeDatabase(database)}; S3: s3rver at ${s3.endpoint}; Step Functions: ` +
        `${stepFunctions.endpoint} (${machine.name} from serverless.yml, tasks stubbed); all in this process`,
    );

    // ---- the handler, configured as the deployed jobs function reads its environment ------------
    Object.assign(process.env, {
      STAGE,
      SERVICE_VERSION: '0.0.0',
      LOG_LEVEL: 'ERROR',
      CORS_ORIGINS: 'http://localhost:3000',
      DATABASE_URL: database.url,
      ORIGINALS_BUCKET: ORIGINALS,
      MEDIA_BUCKET: MEDIA,
      S3_ENDPOINT: s3.endpoint,
      IMAGE_JOB_STATE_MACHINE_ARN: machine.arn,
      STEP_FUNCTIONS_ENDPOINT: stepFunctions.endpoint,
      ...s3Env,
    });
    delete process.env.DATABASE_URL_PARAMETER;
    const runtime: Runtime = await import('../../services/image-processing/src/runtime.ts');
    cleanups.push(closeHandlerDatabase(runtime));
    const handler: JobsHandler = (await import('../../services/image-processing/src/handlers/jobs.ts')).handler;

    // ---- the bare baseline: the same I/O, no handler, no use case -----------------------------
    const bareHandle: DbHandle = createPostgresDb({ url: database.url, applicationName: 'copper-bench-bare' });
    cleanups.push(() => bareHandle.close());
    const directory = createArtworkDirectory(bareHandle.db);
    const workflow = createWorkflow({ stateMachineArn: machine.arn, endpoint: stepFunctions.endpoint });
    // Its three parts are timed too, to show where the unavoidable time goes.
    const parts = { checks: [] as number[], insert: [] as number[], start: [] as number[] };
    const bare = async (): Promise<{ id: string; checks: number; insert: number; start: number }> => {
      const t0 = performance.now();
      const [exists, head] = await Promise.all([
        directory.exists(request.artworkId),
        bareS3.send(new HeadObjectCommand({ Bucket: ORIGINALS, Key: request.uploadKey })),
      ]);
      if (!exists || !head.ContentLength) throw new Error('the bare checks found no artwork or no upload');
      const t1 = performance.now();
      const row = await bareHandle.db.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(jobsTable)
          .values({ ...request, idempotencyKey: null, requestFingerprint: fingerprint(request) })
          .returning();
        if (!inserted) throw new Error('the bare job insert returned nothing');
        await tx.insert(jobSteps).values(JOB_STEPS.map((step) => ({ jobId: inserted.id, step })));
        return inserted;
      });
      const t2 = performance.now();
      await workflow.start({ ...row, steps: [] });
      return { id: row.id, checks: t1 - t0, insert: t2 - t1, start: performance.now() - t2 };
    };

    const event = () =>
      apiGatewayEvent({
        httpMethod: 'POST',
        resource: '/v1/jobs',
        path: '/v1/jobs',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        multiValueHeaders: { Accept: ['application/json'], 'Content-Type': ['application/json'] },
        body: JSON.stringify(request),
      });
    // The event and context are built outside the timed region, as API Gateway and the Lambda
    // runtime do; the status is checked after it, so a failing call can never be measured.
    const timedHandler = async (): Promise<number> => {
      const input = event();
      const context = lambdaContext({ functionName: 'bench' });
      const start = performance.now();
      const response = await handler(input, context);
      const ms = performance.now() - start;
      if (response.statusCode !== 202) {
        throw new Error(`POST /v1/jobs answered ${response.statusCode}: ${(response.body ?? '').slice(0, 300)}`);
      }
      return ms;
    };
    const timedBare = async (keep: boolean): Promise<number> => {
      const start = performance.now();
      const timings = await bare();
      const ms = performance.now() - start;
      if (keep) for (const part of ['checks', 'insert', 'start'] as const) parts[part].push(timings[part]);
      return ms;
    };

    // ---- one checked call of each before any timing --------------------------------------------
    await verify(handler, event, bare, stepFunctions, machine.arn);

    const samples = { handler: [] as number[], bare: [] as number[] };
    // Interleaved, alternating which goes first, so drift and GC hit handler and baseline alike.
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      const order = i % 2 === 0 ? (['handler', 'bare'] as const) : (['bare', 'handler'] as const);
      for (const side of order) {
        const ms = side === 'handler' ? await timedHandler() : await timedBare(i >= WARMUP);
        if (i >= WARMUP) samples[side].push(ms);
      }
    }

    // Every request must have started its execution, and every execution must have run the stub.
    await Promise.all([...stepFunctions.executions.values()].map((execution) => execution.done));
    const started = stepFunctions.executions.size;
    const expected = 2 * (WARMUP + ITERATIONS + 1);
    const ended = [...stepFunctions.executions.values()].filter((execution) => execution.status === 'FAILED').length;
    if (started !== expected || ended !== expected) {
      throw new Error(`${started} executions started and ${ended} ended refused, for ${expected} requests`);
    }

    report(samples, parts, database, { started, invoked: invoked.length });
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => console.error('cleanup failed:', message(error)));
    }
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
  }
}

async function verify(
  handler: JobsHandler,
  event: () => Parameters<JobsHandler>[0],
  bare: () => Promise<{ id: string }>,
  stepFunctions: LocalStepFunctions,
  stateMachineArn: string,
): Promise<void> {
  const response = await handler(event(), lambdaContext({ functionName: 'bench' }));
  const body = JSON.parse(response.body ?? 'null') as { id?: string; status?: string } | null;
  if (response.statusCode !== 202 || !body?.id || body.status !== 'queued') {
    throw new Error(`POST /v1/jobs answered ${response.statusCode}: ${(response.body ?? '').slice(0, 300)}`);
  }
  const { id: bareId } = await bare();
  for (const id of [body.id, bareId]) {
    const arn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${id}-1`;
    const execution = stepFunctions.executions.get(arn);
    if (!execution) throw new Error(`no execution ${arn} was started`);
    await execution.done;
    if (execution.status !== 'FAILED' || execution.error !== 'SourceRefused') {
      throw new Error(`execution ${arn} ended ${execution.status} ${execution.error ?? ''}, not refused by the stub`);
    }
  }
}

// ---- the report --------------------------------------------------------------------------------

function report(
  samples: { handler: number[]; bare: number[] },
  parts: { checks: number[]; insert: number[]; start: number[] },
  database: TestDatabaseServer,
  workflow: { started: number; invoked: number },
): void {
  const ms = (value: number) => value.toFixed(2);
  const stats = (values: number[]) => ({
    p50: percentile(values, 0.5),
    p95: percentile(values, 0.95),
    p99: percentile(values, 0.99),
  });
  const handler = stats(samples.handler);
  const bare = stats(samples.bare);
  const ok = handler.p99 <= GOAL_P99_MS;
  const verdict = `${ok ? 'OK' : 'OVER'} (p99 ≤ ${GOAL_P99_MS} ms)`;
  printTable(
    [
      { header: 'route' },
      { header: 'run' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p95 ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
      { header: 'handler/bare', align: 'right' },
      { header: 'goal' },
    ],
    [
      ['POST /v1/jobs', 'handler', ms(handler.p50), ms(handler.p95), ms(handler.p99), '', verdict],
      ['', 'bare I/O', ms(bare.p50), ms(bare.p95), ms(bare.p99), '', ''],
      ...(
        [
          ['checks', '  artwork check ∥ HeadObject'],
          ['insert', '  job + steps insert'],
          ['start', '  StartExecution'],
        ] as const
      ).map(([part, label]) => {
        const timing = stats(parts[part]);
        return ['', label, ms(timing.p50), ms(timing.p95), ms(timing.p99), '', ''];
      }),
      [
        '',
        'overhead',
        ms(handler.p50 - bare.p50),
        ms(handler.p95 - bare.p95),
        ms(handler.p99 - bare.p99),
        `${(handler.p50 / bare.p50).toFixed(2)}x p50, ${(handler.p99 / bare.p99).toFixed(2)}x p99`,
        '',
      ],
    ],
  );
  console.log(
    `\n${ITERATIONS} timed requests (BENCH_ITERATIONS) after ${WARMUP} dropped (BENCH_WARMUP), interleaved, ` +
      `node ${process.version}, on ${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite (in this process)'}. ` +
      'handler = middy stack + zod + Jobs.submit (artwork check ∥ HeadObject, job + steps insert, re-read of ' +
      'the job, StartExecution) + JSON, invoked with an API Gateway event; bare = artwork check ∥ HeadObject, ' +
      'the job + steps insert, StartExecution, over a connection made the same way; overhead = difference of the ' +
      `percentiles. ${workflow.started} executions started, ${workflow.invoked} stub task calls, each ended refused.`,
  );
  console.log(`Goal: POST /v1/jobs ${verdict}.`);
  // The process's peak over its life: under plain `pnpm bench`, the suites before this one count too.
  console.log(`Peak RSS of the bench process ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB.`);
}

function describeDatabase(database: TestDatabaseServer): string {
  const url = new URL(database.url);
  const where = `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  return database.kind === 'postgres'
    ? `PostgreSQL at ${where} (fresh database from DATABASE_URL, dropped at the end)`
    : `in-process PGlite over its socket at ${where} (DATABASE_URL unset)`;
}

/** The handler's own connection, closed before the database is dropped or stopped. */
function closeHandlerDatabase(runtime: Runtime): () => Promise<void> {
  return async () => {
    const handle = await runtime.database.get().catch(() => undefined);
    await handle?.close();
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
