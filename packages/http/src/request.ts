import type { APIGatewayProxyEvent } from 'aws-lambda';
import type * as z from 'zod';
import { type FieldProblem, HttpProblemError, ValidationError } from './errors.ts';

/** JSON bodies of this API are small records; anything larger is refused before parsing. */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

function problemsOf(error: z.ZodError, location: string): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    return keys.map((key) => ({
      path: [location, ...issue.path.map(String), key].filter((part) => part !== undefined && part !== '').join('.'),
      message: issue.code === 'unrecognized_keys' ? 'is not a known field' : issue.message,
    }));
  });
}

/** Parses one part of a request, naming each failing field by where it is: `body.title`, `query.limit`. */
export function parsePart<T extends z.ZodType>(schema: T, value: unknown, location: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(problemsOf(result.error, location));
  return result.data;
}

/**
 * The JSON body, refused before parsing when it is too large (413), not JSON (415) or
 * malformed (400); then validated by `schema` (422 naming each field).
 */
export function parseJsonBody<T extends z.ZodType>(
  event: APIGatewayProxyEvent,
  schema: T,
  limitBytes = DEFAULT_BODY_LIMIT_BYTES,
): z.output<T> {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > limitBytes) {
    throw new HttpProblemError(413, 'Content Too Large', `The body must be at most ${limitBytes} bytes.`);
  }
  const contentType = headerOf(event, 'content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new HttpProblemError(415, 'Unsupported Media Type', 'Send the body as application/json.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpProblemError(400, 'Bad Request', 'The body is not valid JSON.', {
      errors: [{ path: 'body', message: 'is not valid JSON' }],
    });
  }
  return parsePart(schema, value, 'body');
}

export function parseQuery<T extends z.ZodType>(event: APIGatewayProxyEvent, schema: T): z.output<T> {
  return parsePart(schema, event.queryStringParameters ?? {}, 'query');
}

export function parsePath<T extends z.ZodType>(event: APIGatewayProxyEvent, schema: T): z.output<T> {
  return parsePart(schema, event.pathParameters ?? {}, 'path');
}

/** Headers arrive in any case from API Gateway; middy's normaliser lowercases them, tests may not. */
export function headerOf(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

/** Strong ETag of a row at a version: two tabs holding the same version hold the same row. */
export function etagOf(version: number): string {
  return `"v${version}"`;
}

/**
 * The row version an update is based on, from If-Match. Updates without it are refused (428)
 * so two open studio tabs can never overwrite each other silently.
 */
export function requireIfMatch(event: APIGatewayProxyEvent): number {
  const value = headerOf(event, 'if-match');
  if (!value) {
    throw new HttpProblemError(428, 'Precondition Required', 'Send If-Match with the ETag you last read.', {
      errors: [{ path: 'headers.if-match', message: 'is required' }],
    });
  }
  const tag = value.trim();
  // If-Match compares strongly (RFC 9110 §13.1.1): a weak validator never matches, whatever it names.
  if (tag.startsWith('W/')) {
    throw new HttpProblemError(412, 'Precondition Failed', 'If-Match needs the strong ETag you last read.', {
      errors: [{ path: 'headers.if-match', message: 'is a weak ETag, which never matches' }],
    });
  }
  const match = /^"v(\d{1,9})"$/.exec(tag);
  if (!match?.[1]) {
    throw new HttpProblemError(412, 'Precondition Failed', 'If-Match does not name a version of this resource.', {
      errors: [{ path: 'headers.if-match', message: 'is not an ETag of this API' }],
    });
  }
  return Number(match[1]);
}

export const stalePrecondition = () =>
  new HttpProblemError(412, 'Precondition Failed', 'It changed since you loaded it. Reload and try again.', {
    errors: [{ path: 'headers.if-match', message: 'is stale' }],
  });
