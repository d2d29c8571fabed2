import { httpRoute } from '@copper/http';
import { healthHandler } from '@copper/http/health';
import { env, stack } from '../runtime.ts';

export const handler = httpRoute(
  stack,
  healthHandler({ service: 'search', version: env.SERVICE_VERSION, stage: env.STAGE }),
);
