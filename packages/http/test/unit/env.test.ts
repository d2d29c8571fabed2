import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv, serviceEnvSchema } from '../../src/env.ts';

describe('parseEnv', () => {
  it('reads the stage settings and splits CORS origins', () => {
    const env = parseEnv(serviceEnvSchema, {
      STAGE: 'prod',
      LOG_LEVEL: 'ERROR',
      CORS_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(env).toEqual({
      STAGE: 'prod',
      SERVICE_VERSION: '0.0.0',
      LOG_LEVEL: 'ERROR',
      CORS_ORIGINS: ['https://a.example', 'https://b.example'],
    });
  });

  it('fails at cold start naming every wrong variable', () => {
    expect(() => parseEnv(serviceEnvSchema, { LOG_LEVEL: 'LOUD' })).toThrowError(ConfigError);
    expect(() => parseEnv(serviceEnvSchema, { LOG_LEVEL: 'LOUD' })).toThrowError(/STAGE.*LOG_LEVEL/);
  });
});
