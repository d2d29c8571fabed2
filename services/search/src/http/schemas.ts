// The search routes' query strings, parsed at the edge. Unknown parameters are refused (strict),
// and every problem names its parameter: `query.technique`, `query.limit`…
import { TECHNIQUES, type Technique } from '@copper/catalogue';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from 'zod';
import { AVAILABILITIES, type Availability, SORTS } from '../domain/ports.ts';
import { DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERY_LENGTH } from '../domain/search.ts';
import { SIZE_BANDS, type SizeBand } from '../domain/size.ts';

/** Parameters that take several values, repeated (`?technique=a&technique=b`) or as a comma list. */
export const LIST_PARAMETERS = new Set(['technique', 'collection', 'availability', 'size']);
const MAX_LIST_VALUES = 20;

/**
 * The query string as one record: list parameters as arrays of their values, every other one as
 * its value, or as an array when it was given more than once (which its schema then refuses).
 * API Gateway keeps every value of a repeated parameter in multiValueQueryStringParameters only.
 */
export function queryParameters(event: APIGatewayProxyEvent): Record<string, string | string[]> {
  const single = event.queryStringParameters ?? {};
  const multi = event.multiValueQueryStringParameters ?? {};
  const out: Record<string, string | string[]> = {};
  for (const key of new Set([...Object.keys(single), ...Object.keys(multi)])) {
    const given = multi[key] ?? (single[key] === undefined ? [] : [single[key]]);
    const values = given.filter((value): value is string => value !== undefined);
    if (LIST_PARAMETERS.has(key)) {
      out[key] = values
        .flatMap((value) => value.split(','))
        .map((value) => value.trim())
        .filter((value) => value !== '');
    } else {
      out[key] = values.length === 1 ? (values[0] ?? '') : values;
    }
  }
  return out;
}

const single = z.string({ error: 'must be given once' });

const text = single
  .max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`)
  .refine((value) => !value.includes('\u0000'), 'must not contain the NUL character (U+0000)');

const whole = (min: number, max: number) =>
  single
    .regex(/^\d{1,10}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** A list of known values; the problem names the parameter and the values it does not know. */
const listOf = <T extends string>(known: readonly T[]) =>
  z
    .array(z.string())
    .max(MAX_LIST_VALUES, `takes at most ${MAX_LIST_VALUES} values`)
    .superRefine((values, context) => {
      const unknown = values.filter((value) => !(known as readonly string[]).includes(value));
      if (unknown.length > 0) {
        context.addIssue({
          code: 'custom',
          message: `must be one of ${known.join(', ')}, not ${unknown.map((value) => JSON.stringify(value)).join(', ')}`,
        });
      }
    })
    .transform((values) => values as T[])
    .meta({ description: `Any of ${known.join(', ')}: the parameter repeated, or the values comma-separated.` });

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const slugs = z
  .array(z.string())
  .max(MAX_LIST_VALUES, `takes at most ${MAX_LIST_VALUES} values`)
  .superRefine((values, context) => {
    const bad = values.filter((value) => value.length > 80 || !SLUG.test(value));
    if (bad.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `must be collection slugs (lowercase words joined by hyphens), not ${bad.map((value) => JSON.stringify(value)).join(', ')}`,
      });
    }
  });

export const SearchQuery = z.strictObject({
  q: text.default(''),
  technique: listOf<Technique>(TECHNIQUES).default([]),
  collection: slugs.default([]),
  availability: listOf<Availability>(AVAILABILITIES).default([]),
  size: listOf<SizeBand>(SIZE_BANDS).default([]),
  yearFrom: whole(0, 9999).optional(),
  yearTo: whole(0, 9999).optional(),
  priceFrom: whole(0, 1_000_000_000).optional(),
  priceTo: whole(0, 1_000_000_000).optional(),
  sort: z.enum(SORTS, { error: `must be one of ${SORTS.join(', ')}` }).default('relevance'),
  cursor: single.min(1).max(400).optional(),
  limit: whole(1, MAX_LIMIT).default(DEFAULT_LIMIT),
});
export type SearchQuery = z.output<typeof SearchQuery>;

export const SuggestQuery = z.strictObject({ q: text.default('') });

// ---- responses (documentation; the handlers build them in views.ts) -----------------------------

const FacetValue = z.object({
  value: z.string(),
  count: z.int().min(0),
  title: z.string().optional().meta({ description: 'A collection’s title, to show its value by.' }),
});
const Range = z.object({ min: z.number(), max: z.number() }).nullable();
/** HTML: the source text escaped, the words that matched in `<mark>`. */
const Highlighted = z.string().meta({ description: 'HTML: the text escaped, matched words in <mark>.' });

export const SearchHitView = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    title: z.string(),
    year: z.int().nullable(),
    techniques: z.array(z.enum(TECHNIQUES)),
    collections: z.array(z.object({ slug: z.string(), title: z.string() })),
    price: z.object({ minMinor: z.int(), maxMinor: z.int(), currency: z.string() }).nullable(),
    availability: z.enum(AVAILABILITIES),
    plateSizeMm: z.object({ width: z.int(), height: z.int() }).nullable(),
    size: z.enum(SIZE_BANDS).nullable(),
    publishedAt: z.iso.datetime().nullable(),
    thumbnail: z
      .object({
        url: z.string(),
        width: z.int(),
        height: z.int(),
        contentType: z.string(),
        alt: z.string(),
        placeholder: z.object({ thumbhash: z.string(), dominantColour: z.string() }),
      })
      .nullable(),
    highlight: z.object({ title: Highlighted, description: Highlighted }),
  })
  .meta({ id: 'SearchHit' });

export const SearchResults = z
  .object({
    hits: z.array(SearchHitView),
    total: z.int().min(0).meta({ description: 'Every match the filters keep, not only this page.' }),
    facets: z
      .object({
        technique: z.array(FacetValue),
        collection: z.array(FacetValue),
        availability: z.array(FacetValue),
        size: z.array(FacetValue),
      })
      .meta({ description: 'Counted over the matches under every filter but the facet’s own.' }),
    stats: z.object({ year: Range, price: Range }),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'SearchResults' });

export const Suggestions = z
  .object({
    suggestions: z.array(
      z.object({
        kind: z.enum(['title', 'term']),
        text: z.string().meta({ description: 'Plain text, to put in the search box.' }),
        highlight: Highlighted,
        slug: z.string().optional().meta({ description: 'The artwork a title suggestion opens.' }),
      }),
    ),
  })
  .meta({ id: 'Suggestions' });
