// The gallery's one door to the data: the typed API client, called anonymously from server loads
// and form actions. Every call carries the visitor's request id and gives up after API_TIMEOUT_MS,
// so a slow or stopped API becomes the friendly 503 page, never a hung request.

import { error } from '@sveltejs/kit';
import createClient from 'openapi-fetch';
import { API_BASE_URL, API_TIMEOUT_MS } from '$app/env/private';
import type { paths } from '../api/types.ts';
import { log } from './log.ts';

export type Api = ReturnType<typeof createClient<paths>>;

export class ApiUnavailableError extends Error {
  override name = 'ApiUnavailableError';
}

export function apiFor(requestId: string, fetchImpl: typeof fetch = globalThis.fetch): Api {
  return createClient<paths>({
    baseUrl: API_BASE_URL,
    headers: { 'x-request-id': requestId, accept: 'application/json' },
    fetch: async (request: Request) => {
      const started = performance.now();
      try {
        const response = await fetchImpl(request, { signal: AbortSignal.timeout(API_TIMEOUT_MS) });
        // API Gateway answers with its own request id: logged beside ours, the two sides join up.
        log('info', 'api call', {
          requestId,
          apiRequestId: response.headers.get('x-request-id'),
          method: request.method,
          url: request.url,
          status: response.status,
          ms: Math.round(performance.now() - started),
        });
        return response;
      } catch (cause) {
        log('error', 'api unreachable', { requestId, url: request.url, error: String(cause) });
        throw new ApiUnavailableError(`the API did not answer ${request.url}`, { cause });
      }
    },
  });
}

/** The friendly 503 for an API that is down, timed out, or answering 5xx. */
export function unavailable(): never {
  error(503, { message: 'The gallery is resting for a moment. Please try again shortly.' });
}

/** Awaits an API call, turning an unreachable API or a 5xx into the 503 page. */
export async function call<T extends { response: Response }>(request: Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await request;
  } catch (cause) {
    if (cause instanceof ApiUnavailableError) unavailable();
    throw cause;
  }
  if (result.response.status >= 500) unavailable();
  return result;
}
