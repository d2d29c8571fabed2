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
      IS_OFFLINE: false,
    });
  });

  it('knows when it runs under serverless-offline, which sets IS_OFFLINE', () => {
    expect(parseEnv(serviceEnvSchema, { STAGE: 'dev', IS_OFFLINE: 'true' }).IS_OFFLINE).toBe(true);
    expect(parseEnv(serviceEnvSchema, { STAGE: 'dev' }).IS_OFFLINE).toBe(false);
  });

  it('fails at cold start naming every wrong variable', () => {
    expect(() => parseEnv(serviceEnvSchema, { LOG_LEVEL: 'LOUD' })).toThrowError(ConfigError);
    expect(() => parseEnv(serviceEnvSchema, { LOG_LEVEL: 'LOUD' })).toThrowError(/STAGE.*LOG_LEVEL/);
  });
});
