import { parseEnv, serviceEnvSchema } from '@copper/http/env';
import * as z from 'zod';

export const env = parseEnv(
  serviceEnvSchema
    .extend({
      /** Set locally and in tests; in the cloud the URL is a secret fetched from SSM at cold start. */
      DATABASE_URL: z.url().optional(),
      /** Name of the SecureString SSM parameter holding the database URL (cloud). */
      DATABASE_URL_PARAMETER: z.string().startsWith('/').optional(),
      /** The private bucket the artist's scans are uploaded to. */
      ORIGINALS_BUCKET: z.string().min(3).default('copper-originals-local'),
      /** Set locally (s3rver); unset in the cloud, where the SDK finds S3 itself. */
      S3_ENDPOINT: z.url().optional(),
    })
    .refine((value) => value.DATABASE_URL || value.DATABASE_URL_PARAMETER, {
      message: 'set DATABASE_URL or DATABASE_URL_PARAMETER',
      path: ['DATABASE_URL'],
    }),
);
