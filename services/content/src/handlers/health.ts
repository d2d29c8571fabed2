import { httpRoute } from '@copper/http';
import { healthHandler } from '@copper/http/health';
import { database, env, stack } from '../runtime.ts';

export const handler = httpRoute(
  stack,
  healthHandler({ service: 'content', version: env.SERVICE_VERSION, stage: env.STAGE }, { database: database.ping }),
);
