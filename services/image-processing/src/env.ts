import { parseEnv, serviceEnvSchema } from '@copper/http/env';
import * as z from 'zod';

export const env = parseEnv(
  serviceEnvSchema
    .extend({
      /** Set locally and in tests; in the cloud the URL is a secret fetched from SSM at cold start. */
      DATABASE_URL: z.url().optional(),
      DATABASE_URL_PARAMETER: z.string().startsWith('/').optional(),
      /** Content's private bucket of scans, read here and never written. */
      ORIGINALS_BUCKET: z.string().min(3).default('copper-originals-local'),
      /** This service's bucket of everything visitors see. */
      MEDIA_BUCKET: z.string().min(3).default('copper-media-local'),
      /** Public base of the media bucket (CloudFront in the cloud, s3rver locally); keys are appended. */
      MEDIA_BASE_URL: z.url().default('http://localhost:4569/copper-media-local/'),
      /** The bus content owns; MediaPublished goes there. */
      EVENT_BUS_NAME: z.string().min(1).default('copper-dev'),
      /** Only the job API starts executions, so only its function is given the ARN. */
      IMAGE_JOB_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
      /** Endpoints of the local stand-ins under `pnpm dev`; unset in the cloud, where the SDK finds AWS. */
      S3_ENDPOINT: z.url().optional(),
      STEP_FUNCTIONS_ENDPOINT: z.url().optional(),
      EVENTBRIDGE_ENDPOINT: z.url().optional(),
      /** Where tasks keep a scan while they work on it: Lambda's ephemeral storage. */
      WORK_DIR: z.string().min(1).default('/tmp/copper-imaging'),
      /** Drawn on renditions ≥ 1280 px when a job asks for a watermark. */
      WATERMARK_TEXT: z.string().min(1).max(100).default('© Copper Print Gallery'),
      /** Lambda ships no fonts; a deployment may bundle one. Unset, fontconfig picks a system sans. */
      WATERMARK_FONT: z.string().min(1).optional(),
      /** Sources above this many pixels are refused from their header, before any decode. */
      MAX_SOURCE_PIXELS: z.coerce.number().int().positive().default(200_000_000),
    })
    .refine((value) => value.DATABASE_URL || value.DATABASE_URL_PARAMETER, {
      message: 'set DATABASE_URL or DATABASE_URL_PARAMETER',
      path: ['DATABASE_URL'],
    }),
);
export type Env = typeof env;
