import { httpRoute } from '@copper/http';
import { openApiDocument } from '../http/openapi.ts';
import { env, stack } from '../runtime.ts';

// Built once per container: the document only changes with a deploy.
const document = openApiDocument(env.SERVICE_VERSION);

export const handler = httpRoute(stack, async () => ({
  statusCode: 200,
  headers: { 'cache-control': 'public, max-age=300' },
  body: document,
}));
