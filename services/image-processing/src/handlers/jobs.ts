// The artist's image jobs. API Gateway runs the artist authorizer before any of these.

import { httpRoute, type JsonResult } from '@copper/http';
import { decodeCursor, encodeCursor } from '@copper/http/cursor';
import { HttpProblemError, NotFoundError } from '@copper/http/errors';
import { headerOf, parseJsonBody, parsePart, parsePath, parseQuery } from '@copper/http/request';
import { routeTable } from '@copper/http/routes';
import { JobMissingError, JobRequestError, WorkflowUnavailableError } from '../domain/errors.ts';
import { IdempotencyKey, IdPath, JobCreate, JobsQuery } from '../http/schemas.ts';
import { jobView } from '../http/views.ts';
import { env, stack, useJobs } from '../runtime.ts';

const PRIVATE = { 'cache-control': 'no-store' };

/** The one place where job outcomes become HTTP problems. */
async function mapped(work: () => Promise<JsonResult>): Promise<JsonResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof JobMissingError) throw new NotFoundError(error.message);
    if (error instanceof JobRequestError) {
      const title = error.status === 409 ? 'Conflict' : error.status === 404 ? 'Not Found' : 'Unprocessable Content';
      throw new HttpProblemError(error.status, title, `${error.field} ${error.message}.`, {
        errors: [{ path: error.field, message: error.message }],
      });
    }
    if (error instanceof WorkflowUnavailableError) {
      throw new HttpProblemError(503, 'Service Unavailable', 'The job was recorded but could not start; retry it.', {
        cause: error,
      });
    }
    throw error;
  }
}

export const handler = httpRoute(
  stack,
  routeTable({
    'POST /v1/jobs': (event) =>
      mapped(async () => {
        const body = parseJsonBody(event, JobCreate, 8 * 1024);
        const rawKey = headerOf(event, 'idempotency-key');
        const key = rawKey === undefined ? undefined : parsePart(IdempotencyKey, rawKey, 'headers.idempotency-key');
        const { job, replayed } = await (await useJobs()).submit(body, key);
        return {
          statusCode: 202,
          headers: {
            ...PRIVATE,
            location: `/v1/jobs/${job.id}`,
            ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
          },
          body: jobView(job, env.MEDIA_BASE_URL),
        };
      }),

    'GET /v1/jobs': (event) =>
      mapped(async () => {
        const query = parseQuery(event, JobsQuery);
        const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
        if (query.cursor !== undefined && !after) {
          throw new JobRequestError('query.cursor', 'is not a cursor this API handed out');
        }
        const rows = await (await useJobs()).list({
          artworkId: query.artworkId,
          ...(after ? { after } : {}),
          limit: query.limit + 1,
        });
        const items = rows.slice(0, query.limit);
        const last = items.at(-1);
        return {
          statusCode: 200,
          headers: PRIVATE,
          body: {
            items: items.map((job) => jobView(job, env.MEDIA_BASE_URL)),
            nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null,
          },
        };
      }),

    'GET /v1/jobs/{id}': (event) =>
      mapped(async () => {
        const job = await (await useJobs()).get(parsePath(event, IdPath).id);
        return { statusCode: 200, headers: PRIVATE, body: jobView(job, env.MEDIA_BASE_URL) };
      }),

    'POST /v1/jobs/{id}/retry': (event) =>
      mapped(async () => {
        const job = await (await useJobs()).retry(parsePath(event, IdPath).id);
        return {
          statusCode: 202,
          headers: { ...PRIVATE, location: `/v1/jobs/${job.id}` },
          body: jobView(job, env.MEDIA_BASE_URL),
        };
      }),
  }),
);
