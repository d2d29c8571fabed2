// The authorizer Lambda's entry. Everything is built once per cold start, so the JWKS cache inside
// the verifier is shared by every warm invocation.
import { Logger } from '@aws-lambda-powertools/logger';
import { parseEnv } from '@copper/http/env';
import { createAuthorizerHandler } from './authorizer.ts';
import { authorizerEnvSchema, verifierConfigFromEnv } from './env.ts';
import { createArtistVerifier } from './verifier.ts';

const env = parseEnv(authorizerEnvSchema);
const logger = new Logger({ serviceName: 'authorizer', logLevel: env.LOG_LEVEL });

export const handler = createAuthorizerHandler(createArtistVerifier(verifierConfigFromEnv(env)), { logger });
