import { randomUUID } from 'node:crypto';
import type { Handle, HandleServerError } from '@sveltejs/kit/hooks';
import { log } from '#lib/server/log.ts';
import { originVerified } from '#lib/server/origin.ts';
import { ORIGIN_VERIFY_SECRET } from '$app/env/private';

/** HTML pages may be cached briefly by browsers and CDNs; form answers and errors never are. */
const PAGE_CACHE = 'public, max-age=60, stale-while-revalidate=600';
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export const handle: Handle = async ({ event, resolve }) => {
  const started = performance.now();
  const given = event.request.headers.get('x-request-id');
  event.locals.requestId = given && REQUEST_ID.test(given) ? given : randomUUID();

  // In the cloud, API Gateway adds the secret header; a request without it went around the API.
  if (!originVerified(ORIGIN_VERIFY_SECRET, event.request.headers.get('x-origin-verify'))) {
    log('warn', 'origin not verified', { requestId: event.locals.requestId, path: event.url.pathname });
    return new Response('Forbidden', { status: 403, headers: { 'content-type': 'text/plain' } });
  }

  const response = await resolve(event);
  const type = response.headers.get('content-type') ?? '';
  if (
    event.request.method === 'GET' &&
    response.status === 200 &&
    type.startsWith('text/html') &&
    !response.headers.has('cache-control')
  ) {
    response.headers.set('cache-control', PAGE_CACHE);
  }
  response.headers.set('x-request-id', event.locals.requestId);
  log('info', 'request', {
    requestId: event.locals.requestId,
    method: event.request.method,
    path: event.url.pathname,
    status: response.status,
    ms: Math.round(performance.now() - started),
  });
  return response;
};

/**
 * Errors raised on purpose (404, the API's 503) keep their message; anything unexpected is logged with
 * its stack and the visitor sees only a plain sentence and the request id to quote.
 */
export const handleError: HandleServerError = (caught) => {
  const requestId = caught.event.locals.requestId;
  if (caught.kind === 'unknown') {
    const error = caught.error;
    log('error', 'unhandled error', {
      requestId,
      path: caught.event.url.pathname,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    return { message: 'Something went wrong on our side.', requestId };
  }
  return { message: caught.error.message, requestId };
};
