// Every write route of the content service, fed ≥ 1,000 generated requests each against the real
// database (and the real presigner against s3rver): arbitrary JSON, bytes that are not JSON, bodies
// shaped like the schema with wrong types and boundary values, random If-Match headers and path
// parameters. Whatever arrives, the answer is never a 5xx, always one of the route's documented
// statuses, a problem+json naming its fields on refusal, and the catalogue stays consistent.
import { TECHNIQUES } from '@copper/catalogue';
import { createPostgresDb, type DbHandle, executeRows } from '@copper/db/client';
import { createTestDatabaseServer, type TestDatabaseServer } from '@copper/db/testing';
import { apiGatewayEvent, lambdaContext } from '@copper/http/testing';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import {
  ArtworkSummary,
  Collection,
  Edition,
  Impression,
  Problem,
  Site,
  UploadTicket,
} from '../../src/http/schemas.ts';
import { localS3Env, startLocalS3 } from '../support/s3.ts';

const RUNS = 1000;
const TIMEOUT = 240_000;
// Reproduce a failure with FUZZ_SEED=<seed printed by fast-check>.
const SEED = process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {};
const BUCKET = 'copper-originals-fuzz';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type Table = 'artworks' | 'editions' | 'impressions' | 'collections' | 'site_profile';

let database: TestDatabaseServer;
let checks: DbHandle;
let s3: Awaited<ReturnType<typeof startLocalS3>> | undefined;
let studio: Handler;
let inquiries: Handler;
let uploads: Handler;

// ---- sending requests -------------------------------------------------------------------------

interface Sent {
  params: Record<string, string> | null;
  headers: Record<string, string>;
  body: string | null;
  isBase64Encoded: boolean;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

async function send(handler: Handler, route: string, request: Sent): Promise<Answer> {
  const [method = 'GET', resource = '/'] = route.split(' ');
  const path = Object.entries(request.params ?? {}).reduce(
    (p, [k, v]) => p.replace(`{${k}}`, encodeURIComponent(v.toWellFormed())),
    resource,
  );
  const event = apiGatewayEvent({
    httpMethod: method,
    resource,
    path,
    pathParameters: request.params,
    headers: request.headers,
    multiValueHeaders: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, [v]])),
    body: request.body,
    isBase64Encoded: request.isBase64Encoded,
  });
  const response = await handler(event, lambdaContext());
  const text = response.body ?? '';
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    throw new Error(`${route} answered ${response.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  return {
    status: response.statusCode,
    headers: Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)])),
    text,
    json,
  };
}

/** A well-formed JSON call, for seeding the database through the handlers. */
async function call(
  handler: Handler,
  route: string,
  options: { params?: Record<string, string>; body?: unknown; ifMatch?: string } = {},
) {
  return send(handler, route, {
    params: options.params ?? null,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.ifMatch ? { 'if-match': options.ifMatch } : {}),
    },
    body: options.body === undefined ? null : JSON.stringify(options.body),
    isBase64Encoded: false,
  });
}

const Created = z.object({
  id: z.string(),
  slug: z.string().optional(),
  version: z.int().optional(),
  impressions: z.array(z.object({ id: z.string() })).optional(),
});

async function must(answer: Promise<Answer>, status: number) {
  const got = await answer;
  expect(got.status, got.text).toBe(status);
  return Created.parse(got.json);
}

/** A published artwork with one edition, made through the handlers as the artist would. */
async function publishedWithEdition(title: string, size: number, amountMinor: number) {
  const artwork = await must(call(studio, 'POST /v1/studio/artworks', { body: { title } }), 201);
  const edition = await must(
    call(studio, 'POST /v1/studio/artworks/{id}/editions', {
      params: { id: artwork.id },
      body: { size, price: { amountMinor, currency: 'EUR' } },
    }),
    201,
  );
  await must(
    call(studio, 'POST /v1/studio/artworks/{id}/{action}', {
      params: { id: artwork.id, action: 'publish' },
      ifMatch: '"v1"',
    }),
    200,
  );
  return { artwork, edition };
}

// ---- what the fuzzer may see, and the rows it aims at -----------------------------------------

const pool: Record<Table | 'editioned', string[]> = {
  artworks: [],
  editions: [],
  impressions: [],
  collections: [],
  // The site profile is one row, keyed 'site'.
  site_profile: ['site'],
  // Artworks given an edition: the ones a publish can succeed on.
  editioned: [],
};
const seeded = {
  artworkIds: [] as string[],
  slugs: [] as string[],
  publishedSlugs: [] as string[],
  collectionSlugs: [] as string[],
  impressionIds: [] as string[],
};

function remember(table: keyof typeof pool, id: string) {
  if (!pool[table].includes(id)) pool[table].push(id);
}

async function versionOf(table: Table, id: string): Promise<number | undefined> {
  const rows = await executeRows<{ version: number }>(
    checks.db,
    // As text, so the site profile's 'site' key compares as well as a UUID does.
    sql`select version from ${sql.identifier('content')}.${sql.identifier(table)} where id::text = lower(${id})`,
  );
  return rows[0]?.version;
}

// ---- generators -------------------------------------------------------------------------------

const ABSENT = Symbol('absent');
type Field = fc.Arbitrary<unknown>;

/** One field of a body: values the schema accepts, values on or past its edges, and how often it is left out. */
interface Spec {
  valid: Field;
  edgy: Field;
  /** Left out this many times in four; 0 for a required field. */
  absent: number;
}
const spec = (valid: Field, edgy: Field): Spec => ({ valid, edgy, absent: 0 });
const optional = (field: Spec, absent = 1): Spec => ({ ...field, absent });

const withAbsentStripped = (value: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== ABSENT));

/** Characters that trip parsers, collations and drivers: NUL, lone surrogates, emoji, RTL, zero width. */
const trickyChar = fc.constantFrom(
  'a',
  'Z',
  '0',
  ' ',
  '-',
  '\u0000',
  '\u0001',
  '\n',
  '\t',
  '\u00a0',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\ud800',
  '\udfff',
  '🎨',
  '👩🏽‍🎨',
  'é',
  'ß',
  'İ',
  '№',
  'ﬁ',
  '"',
  '\\',
  "'",
  '%',
  '_',
  '<',
);
const trickyString = fc.string({ unit: trickyChar, maxLength: 40 });

/** Wrong types and boundary values, for any field. */
const nasty: Field = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1.5,
    -0.5,
    2 ** 31,
    2 ** 31 - 1,
    -(2 ** 31),
    2 ** 53,
    2 ** 53 + 2,
    1e308,
    -1e308,
    5e-324,
    'NaN',
    'Infinity',
    '-Infinity',
    '1',
    '0',
    '1e3',
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '🎨',
    '\ud800',
    'null',
    'true',
    null,
    true,
    false,
    [],
    {},
    [null],
    { '': null },
  ),
  fc.integer(),
  fc.double(),
  trickyString,
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(201, 5001, 10_001, 20_000).chain((n) => fc.constantFrom('w'.repeat(n), '🎨'.repeat(n))),
);

/** A string field: words and unicode graphemes; on the edge, NULs, lone surrogates, blanks and the length limit. */
const text = (max: number, min = 0): Spec =>
  spec(
    fc.oneof(
      fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).filter((value) => value.trim().length >= min),
      fc.lorem({ maxCount: 6 }),
    ),
    fc.oneof(
      trickyString,
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(
        'x'.repeat(max),
        'x'.repeat(max + 1),
        ` ${'x'.repeat(max)} `,
        '🎨'.repeat(Math.floor(max / 2)),
        '🎨'.repeat(Math.floor(max / 2) + 1),
        ' '.repeat(3),
        '',
      ),
    ),
  );

const slugLike = fc.stringMatching(/^[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,3}$/);
/** Fresh slugs, and ones the seeded rows already hold (409 on artworks and collections alike). */
const slug = (): Spec =>
  spec(
    fc.oneof({ weight: 3, arbitrary: slugLike }, fc.constantFrom(...seeded.slugs, ...seeded.collectionSlugs)),
    fc.constantFrom('Bad Slug', 'a--b', '-a', 'a-', 'ä', 'a_b', 'a'.repeat(80), 'a'.repeat(81), '', 'A'),
  );

const mm = fc.integer({ min: 1, max: 10_000 });
const edgyMm = fc.oneof(mm, fc.constantFrom(0, -1, 1.5, 10_000, 10_001, 2 ** 31, '100', null));
const sizeMm = (nullable: boolean): Spec =>
  spec(
    nullable
      ? fc.oneof({ weight: 4, arbitrary: fc.record({ width: mm, height: mm }) }, fc.constant(null))
      : fc.record({ width: mm, height: mm }),
    fc.oneof(
      fc.record({ width: edgyMm, height: edgyMm }),
      fc.record({ width: mm, height: mm, depth: mm }),
      fc.record({ width: mm }),
      fc.constant(null),
    ),
  );

const year = (nullable: boolean): Spec =>
  spec(
    nullable
      ? fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1800, max: 2200 }) }, fc.constant(null))
      : fc.integer({ min: 1800, max: 2200 }),
    fc.constantFrom(1799, 1800, 2200, 2201, null, 2024.5, '2024', -0),
  );

const techniques = spec(
  fc.subarray([...TECHNIQUES]),
  fc.oneof(
    fc.array(fc.constantFrom(...TECHNIQUES, 'lithograph', 'Etching', '', 'toString'), { maxLength: 10 }),
    fc.array(fc.constantFrom(...TECHNIQUES), { minLength: 8, maxLength: 9 }),
  ),
);

/** A whole number field, usually small (an edition of 1,000 is 1,000 rows); the bounds only on the edge. */
const count = (min: number, usual: number, max: number): Spec =>
  spec(
    fc.integer({ min, max: usual }),
    fc.constantFrom(min, max, max + 1, min - 1, 1.5, 2 ** 31, -(2 ** 31) - 1, `${usual}`, -0),
  );

const currency = fc.constantFrom('EUR', 'USD', 'GBP', 'JPY', 'CHF');
const amountMinor = fc.integer({ min: 0, max: 100_000_000 });
const money = spec(
  fc.record({ amountMinor, currency }),
  fc.oneof(
    fc.record({ amountMinor: fc.constantFrom(-1, 100_000_000, 100_000_001, 2 ** 31, 1.5, '100', null), currency }),
    fc.record({ amountMinor, currency: fc.constantFrom('XYZ', 'XXX', 'eur', 'EURO', '', 'E\u0000R') }),
    fc.record({ amountMinor, currency, extra: nasty }),
    fc.record({ amountMinor }),
  ),
);

/** Unknown fields, prototype keys included: a strict schema must name them, not choke on them. */
const extras = fc.dictionary(
  fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'status', 'version', 'id', ''),
  ),
  nasty,
  { minKeys: 1, maxKeys: 3 },
);

/**
 * Bodies shaped by a schema's field names: all valid (these reach the use cases), valid but for values
 * on the edges, or a mix of valid, edgy and wrongly typed values with fields missing and unknown ones added.
 */
function shaped(fields: Record<string, Spec>): fc.Arbitrary<Record<string, unknown>> {
  const record = (valid: number, edgy: number, wrong: number, requireAll = true) => {
    const parts = Object.fromEntries(
      Object.entries(fields).map(([key, field]) => {
        const choices = [
          { weight: valid, arbitrary: field.valid },
          { weight: edgy, arbitrary: field.edgy },
          { weight: wrong, arbitrary: nasty },
        ].filter((choice) => choice.weight > 0);
        const present = fc.oneof(...choices);
        const value =
          field.absent > 0
            ? fc.oneof({ weight: 4, arbitrary: present }, { weight: field.absent, arbitrary: fc.constant(ABSENT) })
            : present;
        return [key, value];
      }),
    );
    return fc.record(parts, requireAll ? {} : { requiredKeys: [] }).map(withAbsentStripped);
  };
  return fc.oneof(
    { weight: 4, arbitrary: record(1, 0, 0) },
    { weight: 3, arbitrary: record(6, 1, 0) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.oneof(record(4, 2, 1), record(4, 2, 1, false)), fc.option(extras, { freq: 2 }))
        .map(([body, extra]) => ({ ...extra, ...body })),
    },
  );
}

interface BodySpec {
  text: string | null;
  contentType: string | null;
  contentTypeKey: string;
  encoding: 'plain' | 'base64' | 'flag-only';
}

/** Raw bytes that are not JSON, or JSON cut short, or JSON with a byte-order mark. */
const notJson = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.constantFrom(
      '',
      ' ',
      '{',
      '}',
      '[',
      '{"title":',
      'undefined',
      'NaN',
      "{'title':'x'}",
      '{"title":"a",}',
      'null null',
      '\u0000',
      '\ufeff{"title":"x"}',
      '{"a":1}{"b":2}',
      '"unterminated',
      '{"title":"\u0000"}',
      '01',
    ),
    valid
      .map((value) => JSON.stringify(value) ?? '')
      .chain((json) => fc.nat(json.length).map((cut) => json.slice(0, cut))),
  );

/** Bodies of about `limit` bytes, either side of it, in one- to four-byte characters, escaped NULs included. */
const oversized = (limit: number, fieldNames: string[]) =>
  fc.oneof(
    fc
      .record({
        delta: fc.integer({ min: -8, max: 8 }),
        unit: fc.constantFrom('x', 'é', '🎨', '\\u0000'),
        field: fc.constantFrom(...fieldNames),
      })
      .map(({ delta, unit, field }) => {
        const prefix = `{"${field}":"`;
        const units = Math.max(0, Math.floor((limit + delta - prefix.length - 2) / Buffer.byteLength(unit)));
        return `${prefix}${unit.repeat(units)}"}`;
      }),
    fc.constantFrom('x'.repeat(limit + 1), `"${'y'.repeat(1024 * 1024)}"`),
  );

/** JSON nested thousands deep, inside the size limit: no parser or validator may recurse itself to death. */
const deep = (limit: number, fieldNames: string[]) =>
  fc
    .record({
      depth: fc.integer({ min: 1, max: Math.floor((limit - 40) / 2) }),
      open: fc.constantFrom('[', '{"a":'),
      field: fc.constantFrom(...fieldNames, '__proto__'),
    })
    .map(({ depth, open, field }) => {
      const levels = open === '[' ? depth : Math.floor(depth / 3);
      return `{"${field}":${open.repeat(levels)}1${(open === '[' ? ']' : '}').repeat(levels)}}`;
    });

function bodies(valid: fc.Arbitrary<unknown>, limit: number, fieldNames: string[]): fc.Arbitrary<BodySpec> {
  const serialise = (value: unknown) => JSON.stringify(value) ?? null;
  return fc.record({
    text: fc.oneof(
      { weight: 16, arbitrary: valid.map(serialise) },
      { weight: 2, arbitrary: fc.jsonValue().map(serialise) },
      { weight: 1, arbitrary: fc.anything().map(serialise) },
      { weight: 2, arbitrary: notJson(valid) },
      { weight: 1, arbitrary: oversized(limit, fieldNames) },
      { weight: 1, arbitrary: deep(limit, fieldNames) },
      { weight: 1, arbitrary: fc.constant(null) },
    ),
    contentType: fc.oneof(
      { weight: 24, arbitrary: fc.constant('application/json') },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          'application/json; charset=utf-8',
          'APPLICATION/JSON',
          'application/problem+json',
          'application/merge-patch+json',
        ),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          '',
          'json',
          'application/jsonp',
        ),
      },
      { weight: 1, arbitrary: fc.constant(null) },
    ),
    contentTypeKey: fc.constantFrom('content-type', 'Content-Type'),
    encoding: fc.oneof(
      { weight: 18, arbitrary: fc.constant('plain' as const) },
      { weight: 1, arbitrary: fc.constant('base64' as const) },
      { weight: 1, arbitrary: fc.constant('flag-only' as const) },
    ),
  });
}

/** Path parameters: ids of rows that exist (sometimes upper-cased), random uuids, and strings that are no uuid. */
type IdPick =
  | { kind: 'row'; index: number; upper: boolean; editioned: boolean }
  | { kind: 'literal'; value: string }
  | { kind: 'absent' };
const junkSegment = fc.oneof(
  fc.string({ maxLength: 40 }),
  trickyString,
  fc.constantFrom(
    '',
    ' ',
    'null',
    '..',
    '%00',
    '{id}',
    "' or 1=1 --",
    '12345',
    '00000000-0000-0000-0000-00000000000g',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
  ),
  fc.uuid().map((u) => u.slice(0, -1)),
  fc.uuid().map((u) => `${u} `),
  fc.uuid().map((u) => u.replaceAll('-', '')),
  fc.uuid().map((u) => `{${u}}`),
);
const idPick: fc.Arbitrary<IdPick> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('row' as const),
      index: fc.nat(),
      upper: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, fc.constant(true)),
      editioned: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.uuid().map((value) => ({ kind: 'literal' as const, value })) },
  { weight: 2, arbitrary: junkSegment.map((value) => ({ kind: 'literal' as const, value })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'absent' as const }) },
);

function resolveId(pick: IdPick, table: Table): { id: string | undefined; row: string | undefined } {
  if (pick.kind === 'absent') return { id: undefined, row: undefined };
  if (pick.kind === 'literal') return { id: pick.value, row: undefined };
  const rows = table === 'artworks' && pick.editioned && pool.editioned.length > 0 ? pool.editioned : pool[table];
  const row = rows[pick.index % rows.length];
  return { id: row && pick.upper ? row.toUpperCase() : row, row };
}

const action = (valid: readonly string[]) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...valid) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        ...valid.map((a) => a.toUpperCase()),
        'editions',
        '',
        'toString',
        '__proto__',
        'constructor',
        'hasOwnProperty',
        'cancel_sale',
      ),
    },
    { weight: 1, arbitrary: junkSegment },
  );

/** If-Match: missing, the row's current ETag (strong or weak), a stale or future one, or garbage. */
type MatchPick =
  | { kind: 'missing' }
  | { kind: 'current'; weak: boolean; padded: boolean }
  | { kind: 'off'; by: number }
  | { kind: 'literal'; value: string };
const matchPick: fc.Arbitrary<MatchPick> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'missing' as const }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('current' as const),
      weak: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, fc.constant(true)),
      padded: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, fc.constant(true)),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('off' as const), by: fc.integer({ min: -3, max: 3 }) }),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.constantFrom(
          '*',
          '',
          ' ',
          'v1',
          '"1"',
          '"v-1"',
          '"v1.5"',
          '"v2147483648"',
          '"v999999999"',
          '"v0000000001"',
          '"v1", "v2"',
          '"v1"\u0000',
          'W/"v"',
          '"V1"',
        ),
        fc.string({ maxLength: 20 }),
      )
      .map((value) => ({ kind: 'literal' as const, value })),
  },
);
const matchHeaderKey = fc.constantFrom('if-match', 'If-Match', 'IF-MATCH');

async function resolveMatch(pick: MatchPick, table: Table, row: string | undefined): Promise<string | undefined> {
  if (pick.kind === 'missing') return undefined;
  if (pick.kind === 'literal') return pick.value;
  const version = (row ? await versionOf(table, row) : undefined) ?? 1;
  if (pick.kind === 'off') return `"v${Math.max(0, version + (pick.by === 0 ? -1 : pick.by))}"`;
  const tag = `${pick.weak ? 'W/' : ''}"v${version}"`;
  return pick.padded ? ` ${tag} ` : tag;
}

// ---- requests and the rules every answer follows ----------------------------------------------

interface Input {
  body: BodySpec;
  id: IdPick;
  action: string;
  match: MatchPick;
  matchKey: string;
}

function sentOf(input: {
  body: BodySpec | null;
  params: Record<string, string | undefined>;
  match?: string | undefined;
  matchKey?: string;
}): Sent {
  const headers: Record<string, string> = {};
  let body: string | null = null;
  let isBase64Encoded = false;
  if (input.body) {
    const spec = input.body;
    if (spec.contentType !== null) headers[spec.contentTypeKey] = spec.contentType;
    body = spec.text;
    if (spec.text !== null && spec.encoding !== 'plain') {
      isBase64Encoded = true;
      if (spec.encoding === 'base64') body = Buffer.from(spec.text, 'utf8').toString('base64');
    }
  }
  if (input.match !== undefined) headers[input.matchKey ?? 'if-match'] = input.match;
  const entries = Object.entries(input.params).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return { params: entries.length > 0 ? Object.fromEntries(entries) : null, headers, body, isBase64Encoded };
}

// A field's path is its location then its name (`body.price.currency`); a problem with the part as a
// whole (a body that is an array, not an object) names the location alone, as the 400 for bad JSON does.
const LOCATED = /^(body|query|path|headers)(\.|$)/;

/** The documented answer of each route on success, checked against the OpenAPI schemas. */
function checkAnswer(route: string, expected: ReadonlySet<number>, success: z.ZodType | null, sent: Sent, got: Answer) {
  const where = `${route} ${JSON.stringify(sent).slice(0, 600)} → ${got.status} ${got.text.slice(0, 600)}`;
  expect(got.status, where).toBeLessThan(500);
  expect(expected.has(got.status), where).toBe(true);
  if (got.status >= 400) {
    expect(got.headers['content-type'], where).toBe('application/problem+json');
    const problem = Problem.parse(got.json);
    expect(problem.status, where).toBe(got.status);
    if (got.status === 422) expect(Array.isArray(problem.errors) && problem.errors.length > 0, where).toBe(true);
    // 422 must name its fields; a 400, 409, 412 or 428 that names one must name it the same way.
    for (const error of problem.errors ?? []) expect(error.path, where).toMatch(LOCATED);
  } else if (got.status !== 204) {
    expect(got.headers['content-type'], where).toBe('application/json');
    if (success) {
      const shown = success.safeParse(got.json);
      expect(shown.error?.issues ?? [], where).toEqual([]);
    }
    const version = (got.json as { version?: unknown } | null)?.version;
    if (typeof version === 'number') expect(got.headers.etag, where).toBe(`"v${version}"`);
  }
}

const tallies = new Map<string, Map<number, number>>();
/** Per route, how often each field path was refused (422): which fields the generators get wrong most. */
const refusals = new Map<string, Map<string, number>>();

async function fuzz<T>(
  route: string,
  handler: Handler,
  options: {
    input: fc.Arbitrary<T>;
    build: (input: T) => Promise<Sent>;
    expected: number[];
    success?: z.ZodType;
    learn?: (answer: Answer, sent: Sent) => void;
  },
) {
  const expected = new Set(options.expected);
  const tally = new Map<number, number>();
  tallies.set(route, tally);
  const refused = new Map<string, number>();
  refusals.set(route, refused);
  await fc.assert(
    fc.asyncProperty(options.input, async (input) => {
      const sent = await options.build(input);
      const got = await send(handler, route, sent);
      tally.set(got.status, (tally.get(got.status) ?? 0) + 1);
      checkAnswer(route, expected, options.success ?? null, sent, got);
      if (got.status === 422) {
        for (const { path } of Problem.parse(got.json).errors ?? []) refused.set(path, (refused.get(path) ?? 0) + 1);
      }
      if (got.status < 300) options.learn?.(got, sent);
    }),
    { numRuns: RUNS, ...SEED },
  );
  const total = [...tally.values()].reduce((sum, n) => sum + n, 0);
  expect(total).toBeGreaterThanOrEqual(RUNS);
  // The generators must reach the use cases, not only bounce off the validator.
  const succeeded = [...tally].filter(([status]) => status < 300).reduce((sum, [, n]) => sum + n, 0);
  expect(succeeded, `${route}: ${JSON.stringify([...tally].sort())}`).toBeGreaterThanOrEqual(10);
}

/** Learns the rows a success created: a new row, the impressions an edition holds, the artwork it was made for. */
const learnCreated = (table: Table) => (answer: Answer, sent: Sent) => {
  const created = Created.parse(answer.json);
  remember(table, created.id);
  for (const impression of created.impressions ?? []) remember('impressions', impression.id);
  const artwork = sent.params?.id?.toLowerCase();
  if (table === 'editions' && artwork && artwork !== created.id) remember('editioned', artwork);
};

const input = (body: fc.Arbitrary<BodySpec>, actions: readonly string[] = []): fc.Arbitrary<Input> =>
  fc.record({
    body,
    id: idPick,
    action: actions.length > 0 ? action(actions) : fc.constant(''),
    match: matchPick,
    matchKey: matchHeaderKey,
  });

/** A route on one row, with If-Match: resolves the picks against the rows that exist right now. */
const onRow =
  (table: Table, options: { action?: boolean } = {}) =>
  async ({ body, id, action: verb, match, matchKey }: Input): Promise<Sent> => {
    const target = resolveId(id, table);
    return sentOf({
      // Routes without a body must ignore whatever is sent anyway.
      body,
      params: { id: target.id, ...(options.action ? { action: verb } : {}) },
      match: await resolveMatch(match, table, target.row),
      matchKey,
    });
  };

// ---- the database, s3rver, and a catalogue to aim at -------------------------------------------

beforeAll(async () => {
  database = await createTestDatabaseServer();
  s3 = await startLocalS3(BUCKET);
  vi.stubEnv('STAGE', 'test');
  vi.stubEnv('LOG_LEVEL', 'ERROR');
  vi.stubEnv('DATABASE_URL', database.url);
  for (const [name, value] of Object.entries(localS3Env(s3.endpoint, BUCKET))) vi.stubEnv(name, value);
  studio = (await import('../../src/handlers/studio.ts')).handler;
  inquiries = (await import('../../src/handlers/inquiries.ts')).handler;
  uploads = (await import('../../src/handlers/uploads.ts')).handler;
  checks = createPostgresDb({ url: database.url, maxConnections: 1 });

  // Six artworks, four with an edition, three of those published; one impression sold, one reserved.
  const titles = ['Harbour in Fog', 'Night Ferry', 'Salt Marsh', 'Tidal Study', 'Copper Moon', 'Empty Quay'];
  for (const [index, title] of titles.entries()) {
    const artwork = await must(
      call(studio, 'POST /v1/studio/artworks', {
        body: { title, ...(index < 3 ? { slug: `seed-${index}` } : {}), techniques: ['etching'] },
      }),
      201,
    );
    remember('artworks', artwork.id);
    seeded.artworkIds.push(artwork.id);
    seeded.slugs.push(artwork.slug ?? '');
    if (index >= 4) continue;
    const edition = await must(
      call(studio, 'POST /v1/studio/artworks/{id}/editions', {
        params: { id: artwork.id },
        body: { size: 3, artistProofs: 1, paper: 'Hahnemühle', price: { amountMinor: 38_000, currency: 'EUR' } },
      }),
      201,
    );
    learnCreated('editions')(
      { status: 201, headers: {}, text: '', json: edition },
      { params: { id: artwork.id }, headers: {}, body: null, isBase64Encoded: false },
    );
    const impressionIds = (edition.impressions ?? []).map((i) => i.id);
    seeded.impressionIds.push(...impressionIds);
    if (index < 3) {
      await must(
        call(studio, 'POST /v1/studio/artworks/{id}/{action}', {
          params: { id: artwork.id, action: 'publish' },
          ifMatch: '"v1"',
        }),
        200,
      );
      seeded.publishedSlugs.push(artwork.slug ?? '');
    }
    const [first = '', second = ''] = impressionIds;
    if (index === 0) {
      await must(
        call(studio, 'POST /v1/studio/impressions/{id}/{action}', {
          params: { id: first, action: 'sell' },
          ifMatch: '"v1"',
        }),
        200,
      );
    }
    if (index === 1) {
      await must(
        call(studio, 'POST /v1/studio/impressions/{id}/{action}', {
          params: { id: second, action: 'reserve' },
          ifMatch: '"v1"',
        }),
        200,
      );
    }
  }
  for (const title of ['Harbour Series', 'Night Pieces', 'Studies']) {
    const collection = await must(call(studio, 'POST /v1/studio/collections', { body: { title } }), 201);
    remember('collections', collection.id);
    seeded.collectionSlugs.push(collection.slug ?? '');
  }
});

afterAll(async () => {
  // FUZZ_REPORT=1 prints how often each route answered each status: how deep the generators reach.
  if (process.env.FUZZ_REPORT) {
    for (const [route, tally] of tallies) {
      console.info(
        route.padEnd(45),
        [...tally]
          .sort(([a], [b]) => a - b)
          .map(([status, n]) => `${status}×${n}`)
          .join(' '),
      );
      const top = [...(refusals.get(route) ?? [])].sort(([, a], [, b]) => b - a).slice(0, 8);
      console.info(''.padEnd(45), top.map(([path, n]) => `${path}×${n}`).join(' '));
    }
  }
  await checks?.close();
  await database?.close();
  await s3?.close();
});

// ---- the routes -------------------------------------------------------------------------------

const ARTWORK_ACTIONS = ['publish', 'unpublish', 'archive', 'restore'] as const;
const IMPRESSION_ACTIONS = ['reserve', 'release', 'sell', 'cancelSale', 'withhold', 'offer'] as const;
const BODY_LIMIT = 64 * 1024;

// An update may set a year or a size to null; a creation leaves them out instead.
const artworkFields = (update: boolean): Record<string, Spec> => ({
  title: text(200, 1),
  slug: optional(slug(), 2),
  year: optional(year(update)),
  techniques: optional(techniques),
  plateSizeMm: optional(sizeMm(update)),
  description: optional(text(10_000)),
});
const editionFields = (update: boolean): Record<string, Spec> => ({
  size: count(1, 6, 1000),
  artistProofs: optional(count(0, 2, 100)),
  paper: optional(text(200)),
  ink: optional(text(200)),
  sheetSizeMm: optional(sizeMm(update), 2),
  plateSizeMm: optional(sizeMm(update), 2),
  price: money,
});
const collectionFields = (): Record<string, Spec> => ({
  title: text(200, 1),
  slug: optional(slug(), 2),
  description: optional(text(5000)),
});
/** A PATCH body: every field optional. */
const partial = (fields: Record<string, Spec>) =>
  Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, optional(field, 2)]));
const bodyOf = (fields: Record<string, Spec>, limit = BODY_LIMIT) => bodies(shaped(fields), limit, Object.keys(fields));
/** Bodies for routes that take none: they must ignore whatever arrives. */
const ignoredBody = () => bodyOf({ note: text(20) });

/** The catalogue's invariants, read straight from the tables. */
async function expectConsistentCatalogue(atLeast: number) {
  const editions = await executeRows<{
    id: string;
    size: number;
    artist_proofs: number;
    numbered: number;
    last_numbered: number | null;
    proofs: number;
    last_proof: number | null;
  }>(
    checks.db,
    sql`select e.id, e.size, e.artist_proofs,
          count(i.id) filter (where i.kind = 'numbered')::int as numbered,
          max(i.number) filter (where i.kind = 'numbered') as last_numbered,
          count(i.id) filter (where i.kind = 'artist_proof')::int as proofs,
          max(i.number) filter (where i.kind = 'artist_proof') as last_proof
        from content.editions e left join content.impressions i on i.edition_id = e.id
        group by e.id`,
  );
  expect(editions.length).toBeGreaterThanOrEqual(atLeast);
  const broken = editions.filter(
    (e) =>
      e.numbered !== e.size ||
      (e.last_numbered ?? 0) !== e.size ||
      e.proofs !== e.artist_proofs ||
      (e.last_proof ?? 0) !== e.artist_proofs,
  );
  expect(broken, 'every edition holds exactly 1/size … size/size and AP 1 … AP n').toEqual([]);

  const bare = await executeRows<{ slug: string }>(
    checks.db,
    sql`select a.slug from content.artworks a
        where a.status = 'published'
          and (a.published_at is null
            or not exists (select 1 from content.editions e where e.artwork_id = a.id))`,
  );
  expect(bare, 'no artwork is published without an edition').toEqual([]);

  const gaps = await executeRows<{ collection_id: string }>(
    checks.db,
    sql`select collection_id from content.collection_artworks
        group by collection_id
        having min(position) <> 0 or max(position) <> count(*) - 1 or count(distinct position) <> count(*)`,
  );
  expect(gaps, 'each collection orders its artworks 0 … n-1').toEqual([]);
}

const WithArtworkIds = Collection.extend({ artworkIds: z.array(z.string()) });

describe('every write route answers generated requests without a 5xx', () => {
  it('POST /v1/studio/artworks', { timeout: TIMEOUT }, async () => {
    await fuzz('POST /v1/studio/artworks', studio, {
      input: bodyOf(artworkFields(false)),
      build: async (body) => sentOf({ body, params: {} }),
      expected: [201, 400, 409, 413, 415, 422],
      success: ArtworkSummary,
      learn: learnCreated('artworks'),
    });
  });

  it('POST /v1/studio/artworks/{id}/editions', { timeout: TIMEOUT }, async () => {
    await fuzz('POST /v1/studio/artworks/{id}/editions', studio, {
      input: input(bodyOf(editionFields(false))),
      build: async ({ body, id }) => sentOf({ body, params: { id: resolveId(id, 'artworks').id } }),
      expected: [201, 400, 404, 413, 415, 422],
      success: Edition,
      learn: learnCreated('editions'),
    });
  });

  it('PATCH /v1/studio/artworks/{id}', { timeout: TIMEOUT }, async () => {
    await fuzz('PATCH /v1/studio/artworks/{id}', studio, {
      input: input(bodyOf(partial(artworkFields(true)))),
      build: onRow('artworks'),
      expected: [200, 400, 404, 409, 412, 413, 415, 422, 428],
      success: ArtworkSummary,
    });
  });

  it('POST /v1/studio/artworks/{id}/{action}', { timeout: TIMEOUT }, async () => {
    await fuzz('POST /v1/studio/artworks/{id}/{action}', studio, {
      input: input(ignoredBody(), ARTWORK_ACTIONS),
      build: onRow('artworks', { action: true }),
      expected: [200, 404, 409, 412, 422, 428],
      success: ArtworkSummary,
    });
  });

  it('PATCH /v1/studio/editions/{id}', { timeout: TIMEOUT }, async () => {
    const status = spec(fc.constantFrom('open', 'closed'), fc.constantFrom('sold', 'OPEN', ''));
    const fields = { ...editionFields(true), status };
    await fuzz('PATCH /v1/studio/editions/{id}', studio, {
      input: input(bodyOf(partial(fields))),
      build: onRow('editions'),
      expected: [200, 400, 404, 409, 412, 413, 415, 422, 428],
      success: Edition,
      learn: learnCreated('editions'),
    });
  });

  it('POST /v1/studio/impressions/{id}/{action}', { timeout: TIMEOUT }, async () => {
    await fuzz('POST /v1/studio/impressions/{id}/{action}', studio, {
      input: input(ignoredBody(), IMPRESSION_ACTIONS),
      build: onRow('impressions', { action: true }),
      expected: [200, 404, 409, 412, 422, 428],
      success: Impression,
    });
  });

  it('kept every edition whole through resizes and sales', { timeout: 60_000 }, async () => {
    await expectConsistentCatalogue(10);
  });

  it('DELETE /v1/studio/editions/{id}', { timeout: TIMEOUT }, async () => {
    await fuzz('DELETE /v1/studio/editions/{id}', studio, {
      input: input(ignoredBody()),
      build: onRow('editions'),
      expected: [204, 404, 409, 412, 422, 428],
    });
  });

  it('POST /v1/studio/collections', { timeout: TIMEOUT }, async () => {
    await fuzz('POST /v1/studio/collections', studio, {
      input: bodyOf(collectionFields()),
      build: async (body) => sentOf({ body, params: {} }),
      expected: [201, 400, 409, 413, 415, 422],
      success: Collection,
      learn: learnCreated('collections'),
    });
  });

  it('PATCH /v1/studio/collections/{id}', { timeout: TIMEOUT }, async () => {
    await fuzz('PATCH /v1/studio/collections/{id}', studio, {
      input: input(bodyOf(partial(collectionFields()))),
      build: onRow('collections'),
      expected: [200, 400, 404, 409, 412, 413, 415, 422, 428],
      success: Collection,
    });
  });

  it('PUT /v1/studio/collections/{id}/artworks', { timeout: TIMEOUT }, async () => {
    const ids = seeded.artworkIds;
    // Valid: existing artworks, each once, in any order. Edgy: repeats, unknown ids, upper case, past 500.
    const artworkIds = spec(
      fc.shuffledSubarray(ids),
      fc.oneof(
        fc.shuffledSubarray(ids).map((list) => list.map((id) => id.toUpperCase())),
        fc.array(fc.constantFrom(...ids), { maxLength: 8 }),
        fc.array(fc.oneof(fc.uuid(), fc.constantFrom(...ids)), { maxLength: 6 }),
        fc.array(fc.oneof(junkSegment, nasty), { maxLength: 4 }),
        fc.array(fc.uuid(), { minLength: 499, maxLength: 502 }),
      ),
    );
    await fuzz('PUT /v1/studio/collections/{id}/artworks', studio, {
      input: input(bodyOf({ artworkIds })),
      build: onRow('collections'),
      expected: [200, 400, 404, 412, 413, 415, 422, 428],
      success: WithArtworkIds,
    });
  });

  it('PUT /v1/studio/site', { timeout: TIMEOUT }, async () => {
    // What is published now (the fuzzing above moved artworks at will), plus one made for the purpose.
    await publishedWithEdition('Featured Plate', 2, 1000);
    const shown = await executeRows<{ id: string }>(
      checks.db,
      sql`select id from content.artworks where status = 'published' order by id limit 40`,
    );
    const publishedIds = shown.map((row) => row.id);
    // Valid: published artworks, each once, at most 12. Edgy: drafts, unknown ids, repeats, past 12, junk.
    const featuredArtworkIds = spec(
      fc.shuffledSubarray(publishedIds, { maxLength: Math.min(12, publishedIds.length) }),
      fc.oneof(
        fc
          .shuffledSubarray(publishedIds, { maxLength: Math.min(12, publishedIds.length) })
          .map((ids) => ids.map((id) => id.toUpperCase())),
        fc.array(fc.constantFrom(...publishedIds, ...seeded.artworkIds), { maxLength: 6 }),
        fc.array(fc.oneof(fc.uuid(), fc.constantFrom(...publishedIds)), { maxLength: 6 }),
        fc.array(fc.oneof(junkSegment, nasty), { maxLength: 4 }),
        fc.array(fc.uuid(), { minLength: 12, maxLength: 14 }),
      ),
    );
    const fields = { artistName: text(200, 1), statement: text(2000), featuredArtworkIds };
    // Saved once from the default (version 0), so there is a row whose version the picks aim at.
    const first = await call(studio, 'PUT /v1/studio/site', {
      body: { artistName: 'Mara Ellison', statement: '', featuredArtworkIds: [] },
      ifMatch: '"v0"',
    });
    expect(first.status, first.text).toBe(200);
    await fuzz('PUT /v1/studio/site', studio, {
      input: input(bodyOf(fields)),
      build: async ({ body, match, matchKey }) =>
        sentOf({ body, params: {}, match: await resolveMatch(match, 'site_profile', 'site'), matchKey }),
      expected: [200, 400, 412, 413, 415, 422, 428],
      success: Site,
    });
  });

  it('POST /v1/inquiries', { timeout: TIMEOUT }, async () => {
    // What is on show now (the fuzzing above published and unpublished at will), plus one made for the purpose.
    await publishedWithEdition('Asked About', 2, 1000);
    const shown = await executeRows<{ slug: string; impression: string }>(
      checks.db,
      sql`select a.slug, i.id as impression from content.artworks a
          join content.editions e on e.artwork_id = a.id
          join content.impressions i on i.edition_id = e.id
          where a.status = 'published' order by a.slug, i.number limit 200`,
    );
    const onShow = fc.constantFrom(...shown);
    const subject = fc.oneof(
      { weight: 3, arbitrary: onShow.map((s) => ({ artworkSlug: s.slug })) },
      { weight: 3, arbitrary: onShow.map((s) => ({ impressionId: s.impression })) },
      { weight: 2, arbitrary: onShow.map((s) => ({ artworkSlug: s.slug, impressionId: s.impression })) },
      {
        weight: 2,
        arbitrary: fc.record(
          {
            artworkSlug: fc.oneof(slug().valid, slug().edgy),
            impressionId: fc.oneof(fc.constantFrom(...seeded.impressionIds), fc.uuid(), nasty),
          },
          { requiredKeys: [] },
        ),
      },
    );
    const fields = {
      name: text(200, 1),
      email: spec(
        fc
          .tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.constantFrom('example.com', 'post.example.org'))
          .map(([local, domain]) => `${local}@${domain}`),
        fc.oneof(
          fc.emailAddress(),
          fc.constantFrom('a@b', 'not-an-email', 'x@y.z', 'a\u0000@x.io', `${'a'.repeat(320)}@x.io`, ''),
        ),
      ),
      message: text(5000, 1),
      // The honeypot: a filled one is answered 202 and dropped.
      website: optional(spec(fc.constant(''), fc.constantFrom(' ', 'http://spam.example', 'x'.repeat(501))), 12),
    };
    const inquiry = fc.tuple(shaped(fields), subject).map(([body, about]) => ({ ...body, ...about }));
    await fuzz('POST /v1/inquiries', inquiries, {
      input: bodies(inquiry, 16 * 1024, [...Object.keys(fields), 'artworkSlug', 'impressionId']),
      build: async (body) => sentOf({ body, params: {} }),
      expected: [202, 400, 413, 415, 422],
      success: z.object({ status: z.literal('received') }),
    });
  });

  it('POST /v1/uploads', { timeout: TIMEOUT }, async () => {
    const fields = {
      filename: text(255, 1),
      contentType: spec(
        fc.constantFrom('image/jpeg', 'image/png', 'image/tiff', 'image/webp'),
        fc.constantFrom('image/svg+xml', 'IMAGE/JPEG', 'image/jpeg ', 'application/pdf', ''),
      ),
      size: spec(
        fc.integer({ min: 1, max: 500 * 1024 * 1024 }),
        fc.constantFrom(0, -1, 1, 500 * 1024 * 1024, 500 * 1024 * 1024 + 1, 1.5, 2 ** 53, '10'),
      ),
    };
    await fuzz('POST /v1/uploads', uploads, {
      input: bodyOf(fields, 4096),
      build: async (body) => sentOf({ body, params: {} }),
      expected: [201, 400, 413, 415, 422],
      success: UploadTicket,
    });
  });
});

describe('what the fuzzing found, pinned', () => {
  it('refuses a NUL character in a text field with 422 naming it, where PostgreSQL answered 500', async () => {
    const refused = await call(studio, 'POST /v1/studio/artworks', { body: { title: 'Nul\u0000Plate' } });
    expect(refused.status).toBe(422);
    expect(Problem.parse(refused.json).errors).toEqual([{ path: 'body.title', message: expect.any(String) }]);
    const inquiry = await call(inquiries, 'POST /v1/inquiries', {
      body: { name: 'Ada', email: 'ada@example.com', message: 'a\u0000b', artworkSlug: seeded.publishedSlugs[0] },
    });
    expect(inquiry.status).toBe(422);
    expect(Problem.parse(inquiry.json).errors?.map((e) => e.path)).toEqual(['body.message']);
  });

  it('keeps the last edition of a published artwork (409), and deletes it once the artwork is a draft', async () => {
    const { artwork, edition } = await publishedWithEdition('Last Plate', 1, 500);
    const refused = await call(studio, 'DELETE /v1/studio/editions/{id}', {
      params: { id: edition.id },
      ifMatch: '"v1"',
    });
    expect(refused.status).toBe(409);
    expect(Problem.parse(refused.json).errors).toEqual([{ path: 'body.editions', message: expect.any(String) }]);
    await must(
      call(studio, 'POST /v1/studio/artworks/{id}/{action}', {
        params: { id: artwork.id, action: 'unpublish' },
        ifMatch: '"v2"',
      }),
      200,
    );
    const deleted = await call(studio, 'DELETE /v1/studio/editions/{id}', {
      params: { id: edition.id },
      ifMatch: '"v1"',
    });
    expect(deleted.status).toBe(204);
  });
});

describe('after the fuzzing', () => {
  it('covered every write route', () => {
    expect([...tallies.keys()]).toHaveLength(13);
  });

  it('left a consistent catalogue', { timeout: 60_000 }, async () => {
    await expectConsistentCatalogue(1);
  });
});
