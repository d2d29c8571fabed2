// The fixed query mix: what visitors type into a print shop's search box. Plain words, typos (one
// on words of 5+ letters, two on words of 9+, as the search allows), the last word still being
// typed, each with and without filters, a browse without words, and sorts other than relevance.
import type { Technique } from '../../packages/catalogue/src/artworks.ts';

export type Availability = 'available' | 'reserved' | 'sold-out' | 'none';
export type Sort = 'relevance' | 'newest' | 'price_asc' | 'price_desc';

export interface BenchQuery {
  label: string;
  kind: 'plain' | 'typo 1' | 'typo 2' | 'prefix' | 'browse';
  q: string;
  technique?: Technique[];
  availability?: Availability[];
  yearFrom?: number;
  yearTo?: number;
  priceFrom?: number;
  priceTo?: number;
  sort?: Sort;
  /** For typo queries: the word of the catalogue the typo stands for, and the typed word. */
  typo?: { typed: string; meant: string };
}

export const QUERIES: BenchQuery[] = [
  { label: 'harbour', kind: 'plain', q: 'harbour' },
  { label: 'gulls quay', kind: 'plain', q: 'gulls quay' },
  { label: 'heron reeds', kind: 'plain', q: 'heron reeds' },
  { label: 'études', kind: 'plain', q: 'études' },
  { label: 'winter estuary aquatint', kind: 'plain', q: 'winter estuary aquatint' },
  { label: 'harbuor', kind: 'typo 1', q: 'harbuor', typo: { typed: 'harbuor', meant: 'harbour' } },
  { label: 'thisle', kind: 'typo 1', q: 'thisle', typo: { typed: 'thisle', meant: 'thistle' } },
  {
    label: 'cormorents at dusk',
    kind: 'typo 1',
    q: 'cormorents at dusk',
    typo: { typed: 'cormorents', meant: 'cormorants' },
  },
  { label: 'honysuckel', kind: 'typo 2', q: 'honysuckel', typo: { typed: 'honysuckel', meant: 'honeysuckle' } },
  { label: 'lihgthosue fog', kind: 'typo 2', q: 'lihgthosue fog', typo: { typed: 'lihgthosue', meant: 'lighthouse' } },
  { label: 'harb', kind: 'prefix', q: 'harb' },
  { label: 'gulls over the qu', kind: 'prefix', q: 'gulls over the qu' },
  { label: 'winter thi', kind: 'prefix', q: 'winter thi' },
  { label: 'harbour +technique', kind: 'plain', q: 'harbour', technique: ['etching'] },
  {
    label: 'gulls +avail +price',
    kind: 'plain',
    q: 'gulls',
    availability: ['available'],
    priceFrom: 20_000,
    priceTo: 60_000,
  },
  {
    label: 'harbuor +years',
    kind: 'typo 1',
    q: 'harbuor',
    yearFrom: 2010,
    yearTo: 2020,
    typo: { typed: 'harbuor', meant: 'harbour' },
  },
  {
    label: 'lighth +tech +avail',
    kind: 'prefix',
    q: 'lighth',
    technique: ['aquatint', 'drypoint'],
    availability: ['available'],
  },
  {
    label: 'thistle +tech +avail +year',
    kind: 'plain',
    q: 'thistle',
    technique: ['aquatint'],
    availability: ['available'],
    yearFrom: 2015,
  },
  {
    label: '(browse) +tech +avail',
    kind: 'browse',
    q: '',
    technique: ['mezzotint'],
    availability: ['available'],
  },
  { label: 'boats sort=price_asc', kind: 'plain', q: 'boats', sort: 'price_asc' },
  { label: 'heron sort=newest +price', kind: 'plain', q: 'heron', sort: 'newest', priceTo: 50_000 },
];

/** Whether a query narrows by any filter. */
export const filtered = (query: BenchQuery): boolean =>
  (query.technique?.length ?? 0) > 0 ||
  (query.availability?.length ?? 0) > 0 ||
  query.yearFrom !== undefined ||
  query.yearTo !== undefined ||
  query.priceFrom !== undefined ||
  query.priceTo !== undefined;

/** The query string of `GET /v1/search` for a query: single values and, for lists, every value. */
export function queryString(query: BenchQuery): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (query.q !== '') out.q = [query.q];
  if (query.technique?.length) out.technique = [...query.technique];
  if (query.availability?.length) out.availability = [...query.availability];
  for (const key of ['yearFrom', 'yearTo', 'priceFrom', 'priceTo'] as const) {
    const value = query[key];
    if (value !== undefined) out[key] = [String(value)];
  }
  if (query.sort) out.sort = [query.sort];
  return out;
}

/** The words of a query as a naive search sees them: whatever sits between non-letters. */
export const rawWords = (q: string): string[] => q.match(/[\p{L}\p{N}]+/gu) ?? [];

/** Optimal string alignment distance (a swap of neighbours is one edit), for labelling typos. */
export function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        value = Math.min(value, at(i - 2, j - 2) + 1);
      const row = d[i];
      if (row) row[j] = value;
    }
  }
  return at(s.length, t.length);
}
