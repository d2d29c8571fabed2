// Clients created once per container, at module scope, and shared by this service's handlers.
import { createLogger } from '@copper/http';
import { lazyDatabase } from './adapters/database.ts';
import { env } from './env.ts';

export const logger = createLogger('content', env.LOG_LEVEL);
export const database = lazyDatabase(env);
export const stack = { logger, corsOrigins: env.CORS_ORIGINS };
export { env };
