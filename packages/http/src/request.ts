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

/** Bytes that are not UTF-8 are refused, never decoded to U+FFFD; a byte-order mark is kept, and so refused by JSON. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * API Gateway hands text bodies over already decoded (invalid bytes are U+FFFD by then, beyond
 * telling from a real one); base64 bodies are bytes, judged here strictly.
 */
function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The body's declared charset, if any (`application/json; charset="UTF-8"` → `utf-8`). */
function charsetOf(contentType: string): string | undefined {
  for (const parameter of contentType.split(';').slice(1)) {
    const [name, ...rest] = parameter.split('=');
    if (name?.trim().toLowerCase() === 'charset') {
      return rest
        .join('=')
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
    }
  }
  return undefined;
}

// Only a `\uD800`–`\uDFFF` escape can put a lone surrogate into a parsed string of well-formed text.
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Every string in a parsed body, field names included, that is not well-formed Unicode (a lone
 * surrogate), named by its path. Iterative, as bodies may nest thousands deep.
 */
function illFormedStrings(root: unknown): FieldProblem[] {
  type Entry = { value: unknown; key: string | undefined; parent: Entry | undefined };
  const pathOf = (entry: Entry, last?: string) => {
    const parts: string[] = last === undefined ? [] : [last];
    for (let at: Entry | undefined = entry; at?.key !== undefined; at = at.parent) parts.unshift(at.key);
    return ['body', ...parts].join('.');
  };
  const message = 'is not well-formed Unicode (it holds a lone surrogate)';
  const problems: FieldProblem[] = [];
  const pending: Entry[] = [{ value: root, key: undefined, parent: undefined }];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const { value } = entry;
    if (typeof value === 'string') {
      if (!value.isWellFormed()) problems.push({ path: pathOf(entry), message });
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) {
        pending.push({ value: value[index], key: String(index), parent: entry });
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value).reverse()) {
        if (!key.isWellFormed()) problems.push({ path: pathOf(entry, key.toWellFormed()), message });
        else pending.push({ value: item, key, parent: entry });
      }
    }
  }
  return problems;
}

/**
 * The JSON body, refused before parsing when it is too large (413), not JSON or declared in
 * another charset than UTF-8 (415), or not UTF-8 or malformed (400); then refused when a string
 * in it is not well-formed Unicode (422), so a lone surrogate is never stored as U+FFFD; then
 * validated by `schema` (422 naming each field).
 */
export function parseJsonBody<T extends z.ZodType>(
  event: APIGatewayProxyEvent,
  schema: T,
  limitBytes = DEFAULT_BODY_LIMIT_BYTES,
): z.output<T> {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : undefined;
  if ((bytes?.byteLength ?? Buffer.byteLength(raw, 'utf8')) > limitBytes) {
    throw new HttpProblemError(413, 'Content Too Large', `The body must be at most ${limitBytes} bytes.`);
  }
  const contentType = headerOf(event, 'content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new HttpProblemError(415, 'Unsupported Media Type', 'Send the body as application/json.');
  }
  const charset = charsetOf(contentType);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpProblemError(415, 'Unsupported Media Type', 'Send the body as UTF-8 JSON.', {
      errors: [{ path: 'headers.content-type', message: `declares charset ${charset}; only utf-8 is accepted` }],
    });
  }
  const text = bytes ? utf8Text(bytes) : raw;
  if (text === undefined || !text.isWellFormed()) {
    throw new HttpProblemError(400, 'Bad Request', 'The body is not UTF-8.', {
      errors: [{ path: 'body', message: 'is not valid UTF-8' }],
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpProblemError(400, 'Bad Request', 'The body is not valid JSON.', {
      errors: [{ path: 'body', message: 'is not valid JSON' }],
    });
  }
  if (SURROGATE_ESCAPE.test(text)) {
    const problems = illFormedStrings(value);
    if (problems.length > 0) throw new ValidationError(problems);
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
