import type { Logger } from '@aws-lambda-powertools/logger';
import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ZodError } from 'zod';
import { type FieldProblem, HttpProblemError } from './errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[];
}

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemResponse(problem: ProblemBody, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode: problem.status,
    headers: { ...headers, 'content-type': PROBLEM_CONTENT_TYPE },
    body: JSON.stringify(problem),
  };
}

function zodProblems(error: ZodError, prefix?: string): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)',
    message: issue.message,
  }));
}

/** Errors thrown by middy's own middlewares (body parsers, validators) carry `statusCode` and `expose`. */
function isExposedHttpError(error: unknown): error is Error & { statusCode: number } {
  if (!(error instanceof Error)) return false;
  const { statusCode } = error as { statusCode?: unknown };
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
}

/**
 * Codes that mean "the database cannot take this request right now", not "this request is wrong":
 * postgres.js's own connection failures, the socket's, and PostgreSQL's too_many_connections,
 * cannot_connect_now and insufficient_resources. Drizzle wraps driver errors, so causes are walked.
 */
const UNAVAILABLE_CODES = new Set([
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'ECONNREFUSED',
  'ECONNRESET',
  '53300',
  '57P03',
  '53000',
]);

export function isTemporarilyUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth += 1) {
    const { code } = cause as { code?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    cause = cause.cause;
  }
  return false;
}

/** Seconds a client is asked to wait after a 503: connections free up within a request's time. */
export const RETRY_AFTER_SECONDS = 2;

/** Maps an error to the problem a client is shown; only 4xx carry a message. */
export function toProblem(error: unknown): ProblemBody {
  if (error instanceof HttpProblemError) {
    return {
      type: 'about:blank',
      title: error.title,
      status: error.status,
      detail: error.message,
      ...(error.errors ? { errors: error.errors } : {}),
    };
  }
  if (error instanceof ZodError) {
    return {
      type: 'about:blank',
      title: STATUS_TITLES[422] ?? 'Unprocessable Content',
      status: 422,
      detail: 'The request is not valid.',
      errors: zodProblems(error),
    };
  }
  if (isExposedHttpError(error)) {
    return {
      type: 'about:blank',
      title: STATUS_TITLES[error.statusCode] ?? 'Bad Request',
      status: error.statusCode,
      detail: error.message,
    };
  }
  if (isTemporarilyUnavailable(error)) {
    return {
      type: 'about:blank',
      title: STATUS_TITLES[503] ?? 'Service Unavailable',
      status: 503,
      detail: 'Too busy to answer just now; try again in a moment.',
    };
  }
  return { type: 'about:blank', title: STATUS_TITLES[500] ?? 'Internal Server Error', status: 500 };
}

/**
 * The edge where errors become HTTP: RFC 9457 problem+json, with the request id so a
 * visitor's report can be found in the logs. Unexpected errors are logged whole and shown as a bare 500.
 */
export function problemJson(logger: Logger): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    onError: async (request) => {
      const problem = toProblem(request.error);
      const headers = { ...(request.response?.headers as Record<string, string> | undefined) };
      if (problem.status === 503) {
        logger.warn('database unavailable', { error: request.error as Error });
        headers['retry-after'] = String(RETRY_AFTER_SECONDS);
      } else if (problem.status >= 500) logger.error('unhandled error', { error: request.error as Error });
      else logger.info('request refused', { status: problem.status, detail: problem.detail });
      problem.instance = request.event?.path;
      problem.requestId = request.event?.requestContext?.requestId ?? request.context.awsRequestId;
      request.response = problemResponse(problem, headers);
    },
  };
}
