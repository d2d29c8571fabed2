// Clients created once per container, at module scope, and shared by this service's handlers.
import { createLogger } from '@copper/http';
import { env } from './env.ts';

export const logger = createLogger('image-processing', env.LOG_LEVEL);
export const stack = { logger, corsOrigins: env.CORS_ORIGINS };
export { env };
