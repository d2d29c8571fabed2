import { parseEnv, serviceEnvSchema } from '@copper/http/env';

export const env = parseEnv(serviceEnvSchema);
