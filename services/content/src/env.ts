import { parseEnv, serviceEnvSchema } from '@copper/http/env';
import * as z from 'zod';

export const env = parseEnv(
  serviceEnvSchema
    .extend({
      /** Set locally and in tests; in the cloud the URL is a secret fetched from SSM at cold start. */
      DATABASE_URL: z.url().optional(),
      /** Name of the SecureString SSM parameter holding the database URL (cloud). */
      DATABASE_URL_PARAMETER: z.string().startsWith('/').optional(),
    })
    .refine((value) => value.DATABASE_URL || value.DATABASE_URL_PARAMETER, {
      message: 'set DATABASE_URL or DATABASE_URL_PARAMETER',
      path: ['DATABASE_URL'],
    }),
);
