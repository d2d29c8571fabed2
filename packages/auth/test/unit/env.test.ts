import { parseEnv } from '@copper/http/env';
import { describe, expect, it } from 'vitest';
import { authorizerEnvSchema, verifierConfigFromEnv } from '../../src/env.ts';

describe('authorizer environment', () => {
  it('derives the JWKS URL from the issuer and drops unset per-stage params', () => {
    const env = parseEnv(authorizerEnvSchema, {
      STAGE: 'prod',
      AUTH_ISSUER: 'https://copper.eu.auth0.com/',
      AUTH_AUDIENCE: 'https://api.copper.example/v1',
      AUTH_ARTIST_SUBJECT: 'auth0|64f0c0ffee',
      AUTH_ARTIST_PERMISSION: '',
    });
    expect(verifierConfigFromEnv(env)).toEqual({
      issuer: 'https://copper.eu.auth0.com/',
      audience: 'https://api.copper.example/v1',
      jwksUrl: 'https://copper.eu.auth0.com/.well-known/jwks.json',
      artistSubject: 'auth0|64f0c0ffee',
      artistPermission: undefined,
      clockToleranceSeconds: 30,
    });
  });

  it('keeps an explicit JWKS URL and tolerance, and an issuer without its trailing slash exactly as given', () => {
    const env = parseEnv(authorizerEnvSchema, {
      STAGE: 'dev',
      AUTH_ISSUER: 'http://127.0.0.1:4580',
      AUTH_AUDIENCE: 'copper-local',
      AUTH_ARTIST_PERMISSION: 'manage:catalogue',
      AUTH_CLOCK_TOLERANCE_SECONDS: '5',
    });
    expect(verifierConfigFromEnv(env)).toMatchObject({
      issuer: 'http://127.0.0.1:4580',
      jwksUrl: 'http://127.0.0.1:4580/.well-known/jwks.json',
      artistSubject: undefined,
      clockToleranceSeconds: 5,
    });
    const explicit = parseEnv(authorizerEnvSchema, {
      STAGE: 'dev',
      AUTH_ISSUER: 'https://copper.eu.auth0.com/',
      AUTH_AUDIENCE: 'a',
      AUTH_JWKS_URL: 'https://keys.example/jwks.json',
    });
    expect(verifierConfigFromEnv(explicit).jwksUrl).toBe('https://keys.example/jwks.json');
  });

  it('fails at cold start when the issuer or audience is missing', () => {
    expect(() => parseEnv(authorizerEnvSchema, { STAGE: 'prod' })).toThrowError(/AUTH_ISSUER.*AUTH_AUDIENCE/);
  });
});
