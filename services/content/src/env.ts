import { parseEnv, serviceEnvSchema } from '@copper/http/env';
import * as z from 'zod';

/** Media keys are appended to it, so `…/copper-media-local` and `…/copper-media-local/` mean the same. */
export const MediaBaseUrl = z.url().transform((url) => (url.endsWith('/') ? url : `${url}/`));

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
      /**
       * Public base of the media the image service publishes; a rendition's URL is this + its key.
       * Set under `pnpm dev` (s3rver's media bucket); empty in the cloud, where it is read from
       * MEDIA_BASE_URL_PARAMETER (see serverless.yml for why).
       */
      MEDIA_BASE_URL: z
        .union([z.literal(''), MediaBaseUrl])
        .optional()
        .transform((value) => value || undefined),
      MEDIA_BASE_URL_PARAMETER: z.string().startsWith('/').optional(),
      /**
       * The stage's bus (this service owns it): catalogue changes go there as ArtworkChanged. Set for
       * the studio function in serverless.yml and by `pnpm dev`; unset (tests), changes are not announced.
       */
      EVENT_BUS_NAME: z.string().min(1).optional(),
      /** The local EventBridge under `pnpm dev`; unset in the cloud, where the SDK finds AWS. */
      EVENTBRIDGE_ENDPOINT: z.url().optional(),
    })
    .refine((value) => value.DATABASE_URL || value.DATABASE_URL_PARAMETER, {
      message: 'set DATABASE_URL or DATABASE_URL_PARAMETER',
      path: ['DATABASE_URL'],
    }),
);
