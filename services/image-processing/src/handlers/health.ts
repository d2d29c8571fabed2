import { httpRoute } from '@copper/http';
import { healthHandler } from '@copper/http/health';
import { imagingEngineLoads } from '../adapters/imaging.ts';
import { env, stack } from '../runtime.ts';

export const handler = httpRoute(
  stack,
  healthHandler(
    { service: 'image-processing', version: env.SERVICE_VERSION, stage: env.STAGE },
    { sharp: imagingEngineLoads },
  ),
);
