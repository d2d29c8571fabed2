import * as z from 'zod';

const list = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

/** What every service reads from its environment; each service's env.ts extends it. */
export const serviceEnvSchema = z.object({
  STAGE: z.string().min(1),
  SERVICE_VERSION: z.string().min(1).default('0.0.0'),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  CORS_ORIGINS: list,
  /** Set to "true" by serverless-offline for the functions it runs: the API is plain http on localhost. */
  IS_OFFLINE: z.stringbool().default(false),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once at cold start; a misconfigured function fails loudly before serving anything. */
export function parseEnv<T extends z.ZodType>(schema: T, source: NodeJS.ProcessEnv = process.env): z.output<T> {
  const result = schema.safeParse(source);
  if (!result.success) {
    const fields = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`invalid environment: ${fields}`, { cause: result.error });
  }
  return result.data;
}
