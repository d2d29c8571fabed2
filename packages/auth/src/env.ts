import { serviceEnvSchema } from '@copper/http/env';
import * as z from 'zod';
import type { ArtistVerifierConfig } from './verifier.ts';

// Serverless renders an unset per-stage param as an empty string; that means "not configured".
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/** The authorizer function's environment; per stage, one or both of subject and permission name the artist. */
export const authorizerEnvSchema = serviceEnvSchema.extend({
  AUTH_ISSUER: z.string().min(1),
  AUTH_AUDIENCE: z.string().min(1),
  /** Defaults to `{issuer}.well-known/jwks.json`, where both Auth0 and the local issuer serve it. */
  AUTH_JWKS_URL: optionalText,
  AUTH_ARTIST_SUBJECT: optionalText,
  AUTH_ARTIST_PERMISSION: optionalText,
  AUTH_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
});

export type AuthorizerEnv = z.output<typeof authorizerEnvSchema>;

export function verifierConfigFromEnv(env: AuthorizerEnv): ArtistVerifierConfig {
  const issuerBase = env.AUTH_ISSUER.endsWith('/') ? env.AUTH_ISSUER : `${env.AUTH_ISSUER}/`;
  return {
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
    jwksUrl: env.AUTH_JWKS_URL ?? new URL('.well-known/jwks.json', issuerBase).href,
    artistSubject: env.AUTH_ARTIST_SUBJECT,
    artistPermission: env.AUTH_ARTIST_PERMISSION,
    clockToleranceSeconds: env.AUTH_CLOCK_TOLERANCE_SECONDS,
  };
}
