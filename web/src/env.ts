// The web server's configuration, validated once when it starts (SvelteKit reads `variables` and
// refuses to start on a bad value); server code reads it from `$app/env/private`.
import { defineEnvVars } from '@sveltejs/kit/env';
import * as z from 'zod';

const origin = z
  .url()
  .transform((value) => value.replace(/\/+$/, ''))
  .pipe(z.string());

export const variables = defineEnvVars({
  API_BASE_URL: {
    description: 'Where the API answers (its origin); the app calls /v1/… under it.',
    schema: origin.default('http://localhost:3000'),
  },
  PUBLIC_SITE_URL: {
    description: 'The address visitors use: canonical links, feeds and sitemaps are built from it, never from Host.',
    schema: origin.default('http://localhost:3000'),
  },
  ORIGIN_VERIFY_SECRET: {
    description: 'When set, requests without a matching x-origin-verify header (added by API Gateway) get 403.',
    schema: z.string().min(16).optional(),
  },
  API_TIMEOUT_MS: {
    description: 'How long one API call may take before the page answers 503 (under Heroku’s 30 s).',
    schema: z.string().regex(/^\d+$/).default('10000').transform(Number).pipe(z.int().min(100).max(25_000)),
  },
});
