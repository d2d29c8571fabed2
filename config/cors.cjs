'use strict';
// The API Gateway CORS block for every http event of a service, built from the stage's
// `corsOrigins` param: one comma-separated string, because the functions receive the
// same value as their CORS_ORIGINS environment variable and environment values are strings.
module.exports = async ({ resolveVariable }) => ({
  origins: String(await resolveVariable('param:corsOrigins'))
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean),
  headers: ['Content-Type', 'Authorization', 'If-Match', 'Idempotency-Key', 'X-Request-Id'],
  maxAge: 600,
});
