import { resolve } from 'node:path';
import * as z from 'zod';

export const repoRoot = resolve(import.meta.dirname, '../..');

const port = z.coerce.number().int().min(1).max(65535);

/** Every knob of the local stack, each with an embedded default, validated once. */
export const devEnvSchema = z.object({
  PORT: port.default(3000),
  S3_PORT: port.default(4569),
  PGLITE_PORT: port.default(5433),
  ISSUER_PORT: port.default(4580),
  /** The local EventBridge (in content's offline stack, as content owns the bus): PutEvents is answered here… */
  EVENTBRIDGE_PORT: port.default(4010),
  /** …and every offline stack with `eventBridge` rules gets the events from its broker on this port. */
  EVENTBRIDGE_PUBSUB_PORT: port.default(4011),
  /** The local Step Functions endpoint (aws-local-stepfunctions) that image jobs are started on. */
  STEP_FUNCTIONS_PORT: port.default(4584),
  /** The gallery web app (its adapter-node server); the base URL sends every non-/v1 path there. Default PORT+4. */
  WEB_PORT: port.optional(),
  /** `false` starts the API alone, without building and serving the gallery. */
  WEB: z.stringbool().default(true),
  DATABASE_URL: z.url().optional(),
  COPPER_DATA_DIR: z.string().default(resolve(repoRoot, '.data')),
  STARTUP_TIMEOUT_SECONDS: z.coerce.number().positive().default(90),
  /**
   * Requests each service works on at once; more wait in line at the gateway. serverless-offline
   * starts a Lambda instance per parallel request, so this also bounds the instances and their
   * database connections, as reserved concurrency would in the cloud.
   */
  LAMBDA_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** How long a request waits for a slot before the gateway answers 503 with Retry-After. */
  GATEWAY_WAIT_SECONDS: z.coerce.number().positive().max(120).default(10),
  /** Adds the sample catalogue when the database holds no artwork yet; `SEED=false` starts empty. */
  SEED: z.stringbool().default(true),
  /** After a first start's seed, makes the sample prints' images through the image workflow. */
  SEED_IMAGES: z.stringbool().default(true),
});
export type DevEnv = z.output<typeof devEnvSchema>;

export interface ServiceSpec {
  /** Name of the service folder and of its lines in the console. */
  name: 'content' | 'search' | 'image-processing';
  /** Path prefixes the shared API Gateway sends to this service; content takes the rest. */
  prefixes: string[];
  healthPath: string;
  httpPort: number;
  lambdaPort: number;
}

export function serviceSpecs(env: DevEnv): ServiceSpec[] {
  return [
    { name: 'content', prefixes: [], healthPath: '/v1/health', httpPort: env.PORT + 1, lambdaPort: env.PORT + 101 },
    {
      name: 'search',
      prefixes: ['/v1/search'],
      healthPath: '/v1/search/health',
      httpPort: env.PORT + 2,
      lambdaPort: env.PORT + 102,
    },
    {
      name: 'image-processing',
      prefixes: ['/v1/jobs'],
      healthPath: '/v1/jobs/health',
      httpPort: env.PORT + 3,
      lambdaPort: env.PORT + 103,
    },
  ];
}

export const BUCKETS = { originals: 'copper-originals-local', media: 'copper-media-local' } as const;

/** The dev stage's bus, as services/content/serverless.yml names it (`copper-${sls:stage}`). */
export const EVENT_BUS_NAME = 'copper-dev';
