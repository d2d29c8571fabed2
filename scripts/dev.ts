// `pnpm dev`: the whole gallery backend on one machine, on embedded defaults.
// PGlite (or DATABASE_URL), s3rver, the image job state machine under aws-local-stepfunctions,
// the three services under serverless-offline, and one base URL in front of them routed like the
// shared API Gateway.
import { mkdir, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { DEV_ARTIST_SUBJECT } from '@copper/auth/dev-defaults';
import { startLocalIssuer } from '@copper/auth/local-issuer';
import { migratePgliteInstance, migrateUrl, redact } from '@copper/db/migrate';
import { openPglite } from '@copper/db/pglite';
import {
  type LocalStepFunctions,
  lambdaInvoker,
  loadImageJobStateMachine,
  startLocalStepFunctions,
} from '@copper/image-processing/local';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import S3rver from 's3rver';
import * as z from 'zod';
import { type Child, startChild, stopChild } from './dev/children.ts';
import {
  BUCKETS,
  type DevEnv,
  devEnvSchema,
  EVENT_BUS_NAME,
  repoRoot,
  type ServiceSpec,
  serviceSpecs,
} from './dev/config.ts';
import { startGateway } from './dev/gateway.ts';
import { takenPorts } from './dev/ports.ts';
import { startS3Front } from './dev/s3-front.ts';
import { describeReindex, reindexSearch, throttled } from './search/reindex.ts';
import { describeImageSummary, seedImages } from './seed/images.ts';
import { describeSummary, progressDisplay, seedDatabase } from './seed/run.ts';

const say = (line: string) => process.stdout.write(`[dev]              ${line}\n`);
const fail = (line: string) => process.stderr.write(`[dev]              ✖ ${line}\n`);

class StartupError extends Error {
  override name = 'StartupError';
}

/** The audience the local issuer signs for and the authorizer checks, as Auth0's API identifier would be. */
const AUDIENCE = 'https://api.copperprintgallery.com';
/** Enough for every instance the gateway's bounded lines can start (3 services × LAMBDA_CONCURRENCY × routes). */
const PGLITE_MAX_CONNECTIONS = 64;
/** Below postgres.js's connect_timeout (5 s), so a waiting client hears 53300 rather than timing out. */
const PGLITE_WAIT_MS = 4000;
/** s3rver's built-in account (S3RVER / S3RVER); the SDK signs with it and the front checks with it. */
const S3_SECRET = 'S3RVER';

interface Stack {
  issuer?: { close(): Promise<void> };
  pglite?: PGlite;
  pgSocket?: PGLiteSocketServer;
  s3?: S3rver;
  s3Front?: Server;
  stepFunctions?: LocalStepFunctions;
  children: Child[];
  gateway: Server[];
}

const stack: Stack = { children: [], gateway: [] };
let stopping: Promise<void> | undefined;

async function stop(): Promise<void> {
  stopping ??= (async () => {
    say('stopping…');
    for (const server of stack.gateway) server.closeAllConnections();
    await Promise.all(stack.gateway.map((server) => new Promise((done) => server.close(done))));
    // Before the services: running executions are aborted rather than left calling stopped functions.
    await stack.stepFunctions?.close().catch(() => {});
    await Promise.all(stack.children.map((child) => stopChild(child)));
    if (stack.s3Front) {
      stack.s3Front.closeAllConnections();
      await new Promise((done) => stack.s3Front?.close(done));
    }
    await stack.s3?.close().catch(() => {});
    await stack.issuer?.close().catch(() => {});
    await stack.pgSocket?.stop().catch(() => {});
    await stack.pglite?.close().catch(() => {});
    say('stopped; no process or port left behind.');
  })();
  return stopping;
}

async function startDatabase(env: DevEnv): Promise<string> {
  if (env.DATABASE_URL) {
    say(`database: ${redact(env.DATABASE_URL)} (DATABASE_URL), applying migrations…`);
    await migrateUrl(env.DATABASE_URL);
    return env.DATABASE_URL;
  }
  const dir = join(env.COPPER_DATA_DIR, 'pglite');
  await mkdir(dir, { recursive: true });
  say(`database: embedded PGlite in ${dir}, applying migrations…`);
  stack.pglite = await openPglite(dir);
  await migratePgliteInstance(stack.pglite);
  // PGlite is one session: its queries take turns whatever the connection count. Beyond
  // PGLITE_MAX_CONNECTIONS a client waits for a free slot (patched pglite-socket) and, after
  // PGLITE_WAIT_MS, gets PostgreSQL's "too many clients" (53300), which the API answers as 503
  // with Retry-After: under load nothing is reset, as a real server with a pooler in front behaves.
  stack.pgSocket = new PGLiteSocketServer({
    db: stack.pglite,
    host: '127.0.0.1',
    port: env.PGLITE_PORT,
    maxConnections: PGLITE_MAX_CONNECTIONS,
    connectionWaitTimeout: PGLITE_WAIT_MS,
  });
  await stack.pgSocket.start();
  return `postgres://postgres:postgres@127.0.0.1:${env.PGLITE_PORT}/postgres?sslmode=disable`;
}

/** A first start gets the sample catalogue, so there is a gallery to look at; later starts keep what is there. */
async function seedIfEmpty(databaseUrl: string): Promise<boolean> {
  const progress = progressDisplay('[dev]              seed: ');
  try {
    const summary = await seedDatabase(databaseUrl, { onlyIfEmpty: true, onProgress: progress.update });
    progress.finish();
    if (summary) say(`seed: sample catalogue added (${describeSummary(summary)}); SEED=false starts empty`);
    return summary !== undefined;
  } catch (error) {
    progress.finish();
    throw error;
  }
}

/**
 * Search's read model rebuilt from the catalogue before the services start. Changes made while the
 * stack runs reach search as events; this covers what no event told it: the seed above (written
 * before anything listens) and a database from an older checkout or filled by other means.
 */
async function reindex(databaseUrl: string): Promise<void> {
  const progress = progressDisplay('[dev]              search: ');
  try {
    const summary = await reindexSearch(databaseUrl, { onProgress: throttled(progress.update) });
    progress.finish();
    say(`search: read model rebuilt from the catalogue (${describeReindex(summary)})`);
  } catch (error) {
    progress.finish();
    throw error;
  }
}

async function startS3(env: DevEnv): Promise<string> {
  const directory = join(env.COPPER_DATA_DIR, 's3');
  await mkdir(directory, { recursive: true });
  // s3rver listens on a port of its own choosing; S3_PORT is the policy-checking front before it.
  stack.s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: [
      { name: BUCKETS.originals, configs: [] },
      { name: BUCKETS.media, configs: [] },
    ],
  });
  const { port } = await stack.s3.run();
  stack.s3Front = await startS3Front({
    port: env.S3_PORT,
    target: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: S3_SECRET },
    publicReadBuckets: [BUCKETS.media],
  });
  return `http://127.0.0.1:${env.S3_PORT}`;
}

/**
 * The image job state machine from image-processing's serverless.yml, run by aws-local-stepfunctions
 * behind a Step Functions endpoint; its Task states invoke that service's offline Lambda functions.
 */
async function startStepFunctions(env: DevEnv, services: ServiceSpec[], region: string) {
  const imageProcessing = services.find((service) => service.name === 'image-processing');
  if (!imageProcessing) throw new StartupError('no image-processing service to run the image job tasks');
  const machine = loadImageJobStateMachine({ stage: 'dev', region });
  const label = '[step-functions]'.padEnd(19);
  stack.stepFunctions = await startLocalStepFunctions({
    port: env.STEP_FUNCTIONS_PORT,
    host: '127.0.0.1',
    definition: machine.definition,
    stateMachineArn: machine.arn,
    invoke: lambdaInvoker({ endpoint: `http://127.0.0.1:${imageProcessing.lambdaPort}`, region }),
    log: (line) => process.stdout.write(`${label}${line}\n`),
  });
  return { ...machine, endpoint: stack.stepFunctions.endpoint };
}

async function waitHealthy(
  service: { name: string; httpPort: number; healthPath: string },
  child: Child,
  deadline: number,
): Promise<void> {
  const url = `http://127.0.0.1:${service.httpPort}${service.healthPath}`;
  let exited = false;
  void child.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new StartupError(`${service.name} exited during start-up (see its lines above)`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new StartupError(`${service.name} did not answer ${service.healthPath} in time`);
}

const webDir = resolve(repoRoot, 'web');

/**
 * The gallery is built for production (adapter-node) and served from that build, so what `pnpm dev`
 * shows is what the cloud serves and what the benchmarks measure: server-rendered pages with only
 * the JavaScript they need. Hot reload is `pnpm --filter @copper/web dev` (see the README).
 */
async function buildWeb(): Promise<void> {
  const child = startChild(
    'web build',
    resolve(webDir, 'node_modules/.bin/vite'),
    ['build', '--logLevel', 'warn'],
    webDir,
    {
      ...process.env,
      FORCE_COLOR: '0',
    },
  );
  stack.children.push(child);
  const { code, signal } = await child.exited;
  // Done with: out of the list the "stopped unexpectedly" watch reads.
  stack.children.splice(stack.children.indexOf(child), 1);
  if (code !== 0)
    throw new StartupError(`the gallery web app did not build (${signal ?? `exit ${code}`}); see its lines above`);
}

async function startWeb(env: DevEnv, port: number, deadline: number): Promise<void> {
  const child = startChild('web', process.execPath, ['build/index.js'], webDir, {
    ...process.env,
    FORCE_COLOR: '0',
    HOST: '127.0.0.1',
    PORT: String(port),
    // The gateway says how the visitor came (X-Forwarded-Proto, http here); adapter-node assumes https
    // otherwise, and SvelteKit's CSRF check would refuse every form POST as cross-site.
    PROTOCOL_HEADER: 'x-forwarded-proto',
    // Through the gateway, as every client of the API: its routing is the API's.
    API_BASE_URL: `http://127.0.0.1:${env.PORT}`,
    PUBLIC_SITE_URL: process.env.PUBLIC_SITE_URL ?? `http://localhost:${env.PORT}`,
  });
  stack.children.push(child);
  await waitHealthy({ name: 'web', healthPath: '/robots.txt', httpPort: port }, child, deadline);
}

async function main(): Promise<void> {
  const env = devEnvSchema.parse(process.env);
  const services = serviceSpecs(env);
  const started = Date.now();

  const wanted: Record<string, number> = {
    gateway: env.PORT,
    s3rver: env.S3_PORT,
    issuer: env.ISSUER_PORT,
    eventbridge: env.EVENTBRIDGE_PORT,
    'eventbridge pub/sub': env.EVENTBRIDGE_PUBSUB_PORT,
    'step functions': env.STEP_FUNCTIONS_PORT,
  };
  if (!env.DATABASE_URL) wanted.PGlite = env.PGLITE_PORT;
  const webPort = env.WEB_PORT ?? env.PORT + 4;
  if (env.WEB) wanted.web = webPort;
  for (const service of services) {
    wanted[service.name] = service.httpPort;
    wanted[`${service.name} lambda`] = service.lambdaPort;
  }
  const taken = await takenPorts(wanted);
  if (taken.length) {
    throw new StartupError(
      `port${taken.length > 1 ? 's' : ''} already taken: ${taken.join(', ')}. ` +
        'Stop what uses them (another `pnpm dev`?) or set PORT, S3_PORT, PGLITE_PORT, ISSUER_PORT, STEP_FUNCTIONS_PORT, ' +
        'EVENTBRIDGE_PORT, EVENTBRIDGE_PUBSUB_PORT, WEB_PORT.',
    );
  }

  const databaseUrl = await startDatabase(env);
  const seeded = env.SEED ? await seedIfEmpty(databaseUrl) : false;
  await reindex(databaseUrl);
  const s3Endpoint = await startS3(env);
  say(`s3: s3rver on ${s3Endpoint}, buckets ${BUCKETS.originals} and ${BUCKETS.media}`);

  const issuer = await startLocalIssuer({
    port: env.ISSUER_PORT,
    dataDir: join(env.COPPER_DATA_DIR, 'issuer'),
    audience: AUDIENCE,
    subject: DEV_ARTIST_SUBJECT,
  });
  stack.issuer = issuer;
  say(`auth: local issuer ${issuer.issuer} signs RS256 tokens for ${DEV_ARTIST_SUBJECT}`);

  const region = process.env.AWS_REGION ?? 'eu-west-1';
  const stepFunctions = await startStepFunctions(env, services, region);
  say(`step functions: ${stepFunctions.name} on ${stepFunctions.endpoint} (aws-local-stepfunctions)`);

  const eventBridgeEndpoint = `http://127.0.0.1:${env.EVENTBRIDGE_PORT}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    AUTH_ISSUER: issuer.issuer,
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_ARTIST_SUBJECT: DEV_ARTIST_SUBJECT,
    DATABASE_URL: databaseUrl,
    S3_ENDPOINT: s3Endpoint,
    ORIGINALS_BUCKET: BUCKETS.originals,
    MEDIA_BUCKET: BUCKETS.media,
    // The AWS SDK needs credentials even against local stand-ins; s3rver accepts these.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: S3_SECRET,
    AWS_REGION: region,
    FORCE_COLOR: '0',
    // Content's offline stack runs the bus (serverless-offline-aws-eventbridge) on these ports;
    // publishers put events on the endpoint, with the AWS SDK and the credentials above.
    EVENTBRIDGE_PORT: String(env.EVENTBRIDGE_PORT),
    EVENTBRIDGE_PUBSUB_PORT: String(env.EVENTBRIDGE_PUBSUB_PORT),
    EVENTBRIDGE_ENDPOINT: eventBridgeEndpoint,
    EVENT_BUS_NAME,
    // Visitors' browsers fetch media straight from s3rver's media bucket, as from CloudFront in the cloud.
    MEDIA_BASE_URL: `http://localhost:${env.S3_PORT}/${BUCKETS.media}/`,
  };
  // Only the job API starts executions; the other services are not told where.
  const serviceEnv = (service: ServiceSpec): NodeJS.ProcessEnv =>
    service.name === 'image-processing'
      ? { ...childEnv, STEP_FUNCTIONS_ENDPOINT: stepFunctions.endpoint, IMAGE_JOB_STATE_MACHINE_ARN: stepFunctions.arn }
      : childEnv;
  const deadline = started + env.STARTUP_TIMEOUT_SECONDS * 1000;
  // Built while the services start; a failed build is caught below, once they are up.
  const webBuilt = env.WEB ? buildWeb() : undefined;
  webBuilt?.catch(() => {});
  await Promise.all(
    services.map(async (service) => {
      const cwd = resolve(repoRoot, 'services', service.name);
      // Each start builds afresh, so no bundle of an earlier checkout is ever served.
      await rm(resolve(cwd, '.esbuild-offline'), { recursive: true, force: true });
      const child = startChild(
        service.name,
        resolve(cwd, 'node_modules/.bin/serverless'),
        [
          'offline',
          'start',
          '--stage',
          'dev',
          '--host',
          '127.0.0.1',
          '--httpPort',
          String(service.httpPort),
          '--lambdaPort',
          String(service.lambdaPort),
          '--localEnvironment',
        ],
        cwd,
        serviceEnv(service),
      );
      stack.children.push(child);
      await waitHealthy(service, child, deadline);
      say(`${service.name}: up (${service.prefixes.join(', ') || 'every other /v1 route'})`);
    }),
  );

  if (webBuilt) {
    await webBuilt;
    await startWeb(env, webPort, deadline);
    say(`web: the gallery is up (every path but /v1)`);
  }
  stack.gateway = await startGateway(
    services,
    env.PORT,
    { concurrency: env.LAMBDA_CONCURRENCY, waitMs: env.GATEWAY_WAIT_SECONDS * 1000 },
    env.WEB ? { port: webPort } : undefined,
  );
  for (const child of stack.children) {
    void child.exited.then(async ({ code, signal }) => {
      if (stopping) return;
      fail(`${child.name} stopped unexpectedly (${signal ?? `exit ${code}`}); stopping the stack.`);
      await stop();
      process.exit(1);
    });
  }

  const base = `http://localhost:${env.PORT}`;
  say('');
  say(`Copper Print Gallery is up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (env.WEB) say(`  gallery        ${base}/`);
  say(`  API base URL   ${base}/v1`);
  say(`  health         ${base}/v1/health  ${base}/v1/search/health  ${base}/v1/jobs/health`);
  say(`  database       ${redact(databaseUrl)}`);
  say(`  s3             ${s3Endpoint}`);
  say(`  eventbridge    ${eventBridgeEndpoint}  (bus ${EVENT_BUS_NAME})`);
  say(`  step functions ${stepFunctions.endpoint}  (${stepFunctions.name})`);
  say(`  artist token   pnpm -s dev:token   (studio routes: -H "Authorization: Bearer $(pnpm -s dev:token)")`);
  say('Press Ctrl-C to stop everything.');
  if (seeded && env.SEED_IMAGES) void seedSampleImages(base, issuer);
}

/**
 * The sample prints' images, made through the running stack exactly as the artist would: upload,
 * job, workflow. It runs after start-up so the API is usable at once; a failure is reported, not
 * fatal, and the next `pnpm seed:images` (or a fresh .data) tries again.
 */
async function seedSampleImages(base: string, issuer: { mint(): Promise<string> }): Promise<void> {
  const progress = progressDisplay('[dev]              images: ');
  say("images: making the sample prints' images through the image workflow (watch the steps above)…");
  try {
    const summary = await seedImages({ baseUrl: base, token: await issuer.mint(), onProgress: progress.update });
    progress.finish();
    say(`images: ${describeImageSummary(summary)}`);
  } catch (error) {
    progress.finish();
    if (!stopping) fail(`images: ${error instanceof Error ? error.message : String(error)}`);
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    void stop().then(() => process.exit(0));
  });
}

main().catch(async (error: unknown) => {
  if (error instanceof StartupError || error instanceof z.ZodError) fail(error.message);
  else fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
  await stop();
  process.exit(1);
});
