import { parseEnv, serviceEnvSchema } from '@copper/http/env';
import * as z from 'zod';

/** Media keys are appended to it, so `…/copper-media-local` and `…/copper-media-local/` mean the same. */
export const MediaBaseUrl = z.url().transform((url) => (url.endsWith('/') ? url : `${url}/`));

/** s3rver's media bucket, where `pnpm dev` and the tests serve media when nothing else is set. */
export const LOCAL_MEDIA_BASE_URL = 'http://localhost:4569/copper-media-local/';

export const env = parseEnv(
  serviceEnvSchema
    .extend({
      /** Set locally and in tests; in the cloud the URL is a secret fetched from SSM at cold start. */
      DATABASE_URL: z.url().optional(),
      /** Name of the SecureString SSM parameter holding the database URL (cloud). */
      DATABASE_URL_PARAMETER: z.string().startsWith('/').optional(),
      /**
       * Public base of the media (a thumbnail's URL is this + its key). Set under `pnpm dev`; empty
       * in the cloud, where it is read from MEDIA_BASE_URL_PARAMETER, which the image service writes
       * (as for content, see its serverless.yml). With neither, the local media bucket.
       */
      MEDIA_BASE_URL: z
        .union([z.literal(''), MediaBaseUrl])
        .optional()
        .transform((value) => value || undefined),
      MEDIA_BASE_URL_PARAMETER: z.string().startsWith('/').optional(),
    })
    .refine((value) => value.DATABASE_URL || value.DATABASE_URL_PARAMETER, {
      message: 'set DATABASE_URL or DATABASE_URL_PARAMETER',
      path: ['DATABASE_URL'],
    }),
);
export type Env = typeof env;
