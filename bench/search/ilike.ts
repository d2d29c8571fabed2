// The naive baseline: what a search box becomes without a search engine. Every word of `q` must
// appear somewhere in the title or the description (`ILIKE '%word%'`, so a partial last word is
// found as a substring), with the same filters on the same read model, newest first (or the
// asked price order), 20 rows. No typo tolerance, no stemming, no ranking, no total, no facets.
import type postgres from 'postgres';
import { type BenchQuery, rawWords } from './queries.ts';

export const ILIKE_LIMIT = 20;

export function ilikeSearch(sql: postgres.Sql, query: BenchQuery): Promise<{ artwork_id: string }[]> {
  const words = rawWords(query.q);
  const conditions: postgres.PendingQuery<postgres.Row[]>[] = [];
  for (const word of words) {
    const pattern = `%${word}%`;
    conditions.push(sql`(a.title ilike ${pattern} or d.description ilike ${pattern})`);
  }
  if (query.technique?.length) conditions.push(sql`a.techniques && ${query.technique}::text[]`);
  if (query.availability?.length) conditions.push(sql`a.availability = any(${query.availability}::text[])`);
  if (query.yearFrom !== undefined) conditions.push(sql`a.year >= ${query.yearFrom}`);
  if (query.yearTo !== undefined) conditions.push(sql`a.year <= ${query.yearTo}`);
  if (query.priceFrom !== undefined) conditions.push(sql`a.price_max_minor >= ${query.priceFrom}`);
  if (query.priceTo !== undefined) conditions.push(sql`a.price_min_minor <= ${query.priceTo}`);
  const where = conditions.reduce((all, condition) => sql`${all} and ${condition}`, sql`true`);
  const order =
    query.sort === 'price_asc'
      ? sql`a.price_min_minor asc nulls last`
      : query.sort === 'price_desc'
        ? sql`a.price_max_minor desc nulls last`
        : sql`a.published_at desc nulls last`;
  return sql<{ artwork_id: string }[]>`
    select a.artwork_id from search.artworks a join search.artwork_details d on d.artwork_id = a.artwork_id
    where ${where}
    order by ${order}, a.artwork_id
    limit ${ILIKE_LIMIT}`;
}
