// The render step of an image job on a 24 MP JPEG and a 100 MP 16-bit TIFF: the pipeline's render as
// the workflow runs it (real S3 client against s3rver, real database, sharp), beside bare sharp
// writing the same renditions from local disk, and @copper/imaging alone. Each side runs in a child
// process of its own, so its peak RSS is its own, as a Lambda's "Max Memory Used" would be.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createPostgresDb } from '@copper/db/client';
import { artworks } from '@copper/db/schema';
import { createTestDatabaseServer, type TestDatabaseServer } from '@copper/db/testing';
import { plateImage, sixteenBitImage } from '@copper/imaging/testing';
import sharp from '../../packages/imaging/node_modules/sharp/dist/index.mjs';
import { startLocalS3 } from '../../services/content/test/support/s3.ts';
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
import { fingerprint } from '../../services/image-processing/src/domain/keys.ts';
import {
  createPipeline,
  type JobInput,
  type SourceAccepted,
} from '../../services/image-processing/src/domain/pipeline.ts';
import { median } from '../lib/stats.ts';
import { printTable } from '../lib/table.ts';
import type { Sample } from '../render/child.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
// Git-ignored with the rest of `.data/`; delete it to generate the sources again.
const CACHE = resolve(repoRoot, '.data/bench');
const ORIGINALS = 'copper-originals-bench';
const MEDIA = 'copper-media-bench';
const MAX_PIXELS = 200_000_000;
const GOAL_RATIO = 1.15;
const GOAL_RSS_MB = 1536;
const ITERATIONS = process.env.BENCH_RENDER_ITERATIONS ? Number(process.env.BENCH_RENDER_ITERATIONS) : undefined;
const SELECTED = process.env.BENCH_RENDER_SOURCES?.split(',').map((id) => id.trim());
const CHILD_TIMEOUT_MS = 30 * 60_000;

interface Source {
  id: string;
  label: string;
  file: string;
  extension: 'jpg' | 'tif';
  make: () => Promise<Buffer>;
  warmup: number;
  iterations: number;
  /** The peak RSS goal, where the issue sets one. */
  rssGoalMb?: number;
}

const SOURCES: Source[] = [
  {
    id: 'jpeg24',
    label: '24 MP JPEG',
    file: 'plate-6000x4000-seed1.jpg',
    extension: 'jpg',
    make: () => plateImage({ width: 6000, height: 4000, seed: 1, chop: true, format: 'jpeg' }),
    warmup: 1,
    iterations: 3,
  },
  {
    id: 'tiff100',
    label: '100 MP 16-bit TIFF',
    file: 'plate16-12000x8333-seed7.tif',
    extension: 'tif',
    // Drawn at full size: about 25 s and 0.9 GB once, then read from the cache.
    make: () => sixteenBitImage({ width: 12000, height: 8333, seed: 7, format: 'tiff' }),
    warmup: 0,
    iterations: 2,
    rssGoalMb: GOAL_RSS_MB,
  },
];

const SIDES = [
  { key: 'bare', label: 'bare sharp (clone per output)', script: 'bare-sharp.ts' },
  { key: 'imaging', label: '@copper/imaging alone', script: 'imaging-only.ts' },
  { key: 'pipeline', label: 'pipeline.render', script: 'pipeline.ts' },
] as const;
type Side = (typeof SIDES)[number]['key'];

interface Prepared {
  source: Source;
  path: string;
  accepted: SourceAccepted;
  input: JobInput & { source: SourceAccepted };
}

export async function render(): Promise<void> {
  if (ITERATIONS !== undefined && (!Number.isInteger(ITERATIONS) || ITERATIONS < 1)) {
    throw new Error(`BENCH_RENDER_ITERATIONS must be a positive integer, not ${process.env.BENCH_RENDER_ITERATIONS}`);
  }
  const sources = SOURCES.filter((source) => !SELECTED || SELECTED.includes(source.id));
  if (sources.length === 0) {
    throw new Error(`BENCH_RENDER_SOURCES names none of ${SOURCES.map((source) => source.id).join(', ')}`);
  }
  const savedEnv = { ...process.env };
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const paths = new Map<Source, string>();
    for (const source of sources) paths.set(source, await cached(source));

    // ---- S3 and the database the render function talks to ----------------------------------
    const s3 = await startLocalS3([ORIGINALS, MEDIA]);
    cleanups.push(() => s3.close());
    const database: TestDatabaseServer = await createTestDatabaseServer();
    cleanups.push(() => database.close());
    const s3Env = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'eu-west-1' };
    Object.assign(process.env, s3Env);
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    const client = createS3Client(s3.endpoint);
    const handle = createPostgresDb({ url: database.url, applicationName: 'copper-bench-render-setup' });
    cleanups.push(() => handle.close());
    const workDir = await mkdtemp(join(tmpdir(), 'copper-bench-inspect-'));
    cleanups.push(() => rm(workDir, { recursive: true, force: true }));
    const jobs = createJobStore(handle.db);
    const pipeline = createPipeline({
      jobs,
      originals: createOriginals(client, ORIGINALS, workDir),
      media: createMediaObjects(client, MEDIA),
      records: createMediaRecords(handle.db),
      artworks: createArtworkDirectory(handle.db),
      events: { mediaPublished: async () => {} },
      imaging: sharpImaging,
      settings: { workDir, maxPixels: MAX_PIXELS, watermarkText: '© Copper Print Gallery' },
    });
    console.log(
      `database: ${database.kind === 'postgres' ? 'PostgreSQL (fresh database from DATABASE_URL)' : 'PGlite over its socket (DATABASE_URL unset)'}; ` +
        `S3: s3rver at ${s3.endpoint}; both in this process, the renders in child processes`,
    );

    // ---- per source: the upload, the artwork, the job and its inspect step (all untimed) ----
    const prepared: Prepared[] = [];
    for (const source of sources) {
      const path = paths.get(source) ?? '';
      const uploadKey = `originals/2026/11/${randomUUID()}.${source.extension}`;
      await client.send(
        new PutObjectCommand({
          Bucket: ORIGINALS,
          Key: uploadKey,
          // A Buffer: a bare streamed PutObject reached s3rver aws-chunked and was stored framing and all.
          Body: await readFile(path),
          ContentType: source.extension === 'jpg' ? 'image/jpeg' : 'image/tiff',
        }),
      );
      const [artwork] = await handle.db
        .insert(artworks)
        .values({ slug: `bench-${source.id}-${Date.now().toString(36)}`, title: `Bench ${source.label}` })
        .returning({ id: artworks.id });
      if (!artwork) throw new Error('the artwork insert returned nothing');
      const request = { artworkId: artwork.id, uploadKey, alt: `Bench ${source.label}`, watermark: false };
      const { job } = await jobs.create({ ...request, idempotencyKey: null, requestFingerprint: fingerprint(request) });
      const input: JobInput = { jobId: job.id, attempt: job.attempt, ...request };
      const inspected = await pipeline.inspect(input);
      if (!inspected.ok) throw new Error(`${source.label} was refused: ${inspected.message}`);
      await rm(join(workDir, 'sources'), { recursive: true, force: true });
      prepared.push({ source, path, accepted: inspected, input: { ...input, source: inspected } });
    }

    // ---- the children: one per side and source, driven round by round ----------------------
    const idle = await idleRssKb();
    const results = new Map<string, Measured>();
    for (const { source, path, input } of prepared) {
      const children = new Map<Side, Child>();
      try {
        for (const side of SIDES) {
          const settings =
            side.key === 'pipeline'
              ? {
                  databaseUrl: database.url,
                  s3Endpoint: s3.endpoint,
                  originalsBucket: ORIGINALS,
                  mediaBucket: MEDIA,
                  maxPixels: MAX_PIXELS,
                  input,
                }
              : { source: path, maxPixels: MAX_PIXELS };
          children.set(side.key, await startChild(side.script, settings, side.key === 'pipeline' ? s3Env : {}));
        }
        const samples = new Map<Side, Sample[]>(SIDES.map((side) => [side.key, []]));
        const rounds = source.warmup + (ITERATIONS ?? source.iterations);
        // Each round renders once per side, the order turning each round, so a busy spell on the
        // machine hits every side alike. Warm-up rounds are dropped.
        for (let round = 0; round < rounds; round++) {
          for (let i = 0; i < SIDES.length; i++) {
            const side = SIDES[(round + i) % SIDES.length]?.key ?? 'bare';
            const sample = await children.get(side)?.render();
            if (sample && round >= source.warmup) samples.get(side)?.push(sample);
          }
        }
        for (const side of SIDES) {
          const child = children.get(side.key);
          children.delete(side.key);
          const maxRssKb = (await child?.exit()) ?? 0;
          results.set(`${source.id}:${side.key}`, { samples: samples.get(side.key) ?? [], maxRssKb });
        }
      } finally {
        for (const child of children.values()) child.kill();
      }
    }

    report(prepared, results, idle);
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => console.error('cleanup failed:', message(error)));
    }
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
  }
}

/** The generated source, from `.data/bench/` when an earlier run left it there. */
async function cached(source: Source): Promise<string> {
  const path = join(CACHE, source.file);
  const present = await stat(path).catch(() => undefined);
  if (present?.isFile()) {
    console.log(`source ${source.label}: ${relative(repoRoot, path)} (cached, ${mb(present.size)} MB)`);
    return path;
  }
  await mkdir(CACHE, { recursive: true });
  const started = performance.now();
  const bytes = await source.make();
  // Written whole or not at all, so an interrupted run never leaves a truncated source to reuse.
  const partial = `${path}.${process.pid}.part`;
  await writeFile(partial, bytes);
  await rename(partial, path);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `source ${source.label}: generated ${relative(repoRoot, path)} in ${seconds.toFixed(1)} s (${mb(bytes.length)} MB)`,
  );
  return path;
}

interface Measured {
  samples: Sample[];
  maxRssKb: number;
}

interface Child {
  render(): Promise<Sample>;
  /** Ends the child; its peak RSS in KB. */
  exit(): Promise<number>;
  kill(): void;
}

/** Only what sharp and the SDK need, so the developer's NODE_OPTIONS cannot skew a row; VIPS_* passes. */
function childEnv(extra: Record<string, string>): Record<string, string> {
  const kept = Object.entries(process.env).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined && (['PATH', 'HOME', 'TMPDIR', 'LANG'].includes(entry[0]) || entry[0].startsWith('VIPS_')),
  );
  return { ...Object.fromEntries(kept), ...extra };
}

/**
 * A render child under tsx, run as node itself (so its maxRSS is the renderer's), answering one JSON
 * line per command.
 */
async function startChild(script: string, settings: object, env: Record<string, string>): Promise<Child> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(import.meta.dirname, '../render', script), JSON.stringify(settings)],
    { cwd: repoRoot, env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const waiting: { done: (line: string) => void; failed: (error: Error) => void }[] = [];
  const lines = createInterface({ input: proc.stdout });
  lines.on('line', (line) => waiting.shift()?.done(line));
  proc.on('close', (code, signal) => {
    const why = stderr.trim().split('\n').slice(-8).join(' | ');
    const error = new Error(`${script} ended with ${signal ?? `exit ${code}`}${why ? `: ${why}` : ''}`);
    for (const waiter of waiting.splice(0)) waiter.failed(error);
  });
  const next = (command?: string) =>
    new Promise<unknown>((done, failed) => {
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        failed(new Error(`${script} gave no answer in ${CHILD_TIMEOUT_MS / 60_000} minutes`));
      }, CHILD_TIMEOUT_MS);
      waiting.push({
        done: (line) => {
          clearTimeout(timer);
          done(JSON.parse(line));
        },
        failed: (error) => {
          clearTimeout(timer);
          failed(error);
        },
      });
      if (command) proc.stdin.write(`${command}\n`);
    });
  await next();
  return {
    render: () => next('render') as Promise<Sample>,
    exit: async () => ((await next('exit')) as { maxRssKb: number }).maxRssKb,
    kill: () => proc.kill('SIGKILL'),
  };
}

/** What node with the tsx loader peaks at doing nothing: the floor under every child's figure. */
async function idleRssKb(): Promise<number> {
  const script = "process.stdout.write(String(process.resourceUsage().maxRSS) + '\\n');";
  return new Promise((done, failed) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot,
      env: childEnv({}),
    });
    let stdout = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    proc.on('error', failed);
    proc.on('close', (code) =>
      code === 0 ? done(Number(stdout.trim())) : failed(new Error(`the idle child ended with exit ${code}`)),
    );
  });
}

function report(prepared: readonly Prepared[], results: ReadonlyMap<string, Measured>, idleKb: number): void {
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  const rows: string[][] = [];
  const verdicts: string[] = [];
  for (const { source, accepted } of prepared) {
    const get = (side: Side) => {
      const result = results.get(`${source.id}:${side}`);
      if (!result || result.samples.length === 0) throw new Error(`no samples for ${source.id} ${side}`);
      return { ...result, ms: result.samples.map((sample) => sample.ms), last: result.samples.at(-1) as Sample };
    };
    const bare = median(get('bare').ms);
    const pipelineResult = get('pipeline');
    const ratio = median(pipelineResult.ms) / bare;
    const rssMb = pipelineResult.maxRssKb / 1024;
    const timeOk = ratio <= GOAL_RATIO;
    const rssOk = source.rssGoalMb === undefined || rssMb <= source.rssGoalMb;
    const rssGoal = source.rssGoalMb === undefined ? '' : `, ${rssOk ? 'OK' : 'OVER'} RSS`;
    const goal = `${timeOk ? 'OK' : 'OVER'} time${rssGoal}`;
    verdicts.push(
      `${source.label}: pipeline/bare p50 ${ratio.toFixed(2)}x ${timeOk ? '≤' : '>'} ${GOAL_RATIO}` +
        (source.rssGoalMb === undefined
          ? ''
          : `, pipeline peak RSS ${rssMb.toFixed(0)} MB ${rssOk ? '≤' : '>'} ${source.rssGoalMb} MB`) +
        ` (${timeOk && rssOk ? 'OK' : 'OVER'})`,
    );
    const what = `${source.label} ${accepted.width}×${accepted.height}, ${mb(accepted.bytes)} MB`;
    for (const [index, side] of SIDES.entries()) {
      const result = get(side.key);
      const p50 = median(result.ms);
      rows.push([
        index === 0 ? what : '',
        side.label,
        seconds(p50),
        seconds(Math.min(...result.ms)),
        seconds(Math.max(...result.ms)),
        String(result.ms.length),
        String(result.last.outputs),
        mb(result.last.bytes),
        (result.maxRssKb / 1024).toFixed(0),
        `${(p50 / bare).toFixed(2)}x`,
        side.key === 'pipeline' ? goal : '',
      ]);
    }
  }
  printTable(
    [
      { header: 'source' },
      { header: 'run' },
      { header: 'p50 s', align: 'right' },
      { header: 'min s', align: 'right' },
      { header: 'max s', align: 'right' },
      { header: 'n', align: 'right' },
      { header: 'files', align: 'right' },
      { header: 'MB out', align: 'right' },
      { header: 'peak RSS MB', align: 'right' },
      { header: '/bare p50', align: 'right' },
      { header: 'goal' },
    ],
    rows,
  );
  const plans = prepared
    .map(({ source }) => `${source.label}: ${ITERATIONS ?? source.iterations} timed after ${source.warmup} dropped`)
    .join(', ');
  console.log(
    `\n${plans} (BENCH_RENDER_ITERATIONS; BENCH_RENDER_SOURCES picks from ${SOURCES.map((s) => s.id).join(',')}), ` +
      'one render per side per round, the order turning each round. ' +
      `node ${process.version}, sharp ${sharp.versions.sharp} / libvips ${sharp.versions.vips}, ` +
      `${cpus().length} CPUs, libvips concurrency ${sharp.concurrency()}. ` +
      'Widths 320–2560 × AVIF/WebP/JPEG, no watermark. pipeline.render = download and digest the scan from ' +
      's3rver, decode once into a master, encode, upload every rendition and the manifest, job-step rows; ' +
      'bare = sharp from local disk to files, one clone() per output; @copper/imaging alone = renderRenditions ' +
      'from local disk to files. Peak RSS = maxRSS of each side’s own node process (setup and warm-up ' +
      `included; node + tsx alone peaks at ${(idleKb / 1024).toFixed(0)} MB).`,
  );
  console.log(`Goals: ${verdicts.join('; ')}.`);
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
