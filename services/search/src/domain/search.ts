// The visitor's search, over whichever engine implements the port: checks what the query schema
// cannot (ranges the right way round, a cursor from this very search), picks the order pages are
// read in and hands out the next cursor.
import { decodeCursor, encodeCursor, fingerprint, positionFits } from './cursor.ts';
import { SearchRequestError } from './errors.ts';
import type {
  Availability,
  EngineResult,
  FacetCount,
  Position,
  SearchEngine,
  SearchFilters,
  Sort,
  Suggestion,
} from './ports.ts';
import { isBrowse, planQuery } from './query.ts';
import type { SizeBand } from './size.ts';

export const MAX_QUERY_LENGTH = 200;
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 50;
export const MAX_SUGGESTIONS = 8;

export interface SearchRequest {
  q: string;
  technique: SearchFilters['techniques'];
  collection: string[];
  availability: Availability[];
  size: SizeBand[];
  yearFrom?: number | undefined;
  yearTo?: number | undefined;
  priceFrom?: number | undefined;
  priceTo?: number | undefined;
  sort: Sort;
  limit: number;
  cursor?: string | undefined;
}

export type SearchPage = Omit<EngineResult, 'next'> & { nextCursor: string | null };

export interface Search {
  search(request: SearchRequest): Promise<SearchPage>;
  suggest(q: string): Promise<Suggestion[]>;
}

function inverted(from: number | undefined, to: number | undefined) {
  return from !== undefined && to !== undefined && from > to;
}

/** Filter values asked for stay in their facet, at 0 when nothing matches, so a page can show them ticked. */
function withSelected(counts: FacetCount[], selected: readonly string[]): FacetCount[] {
  const missing = selected.filter((value) => !counts.some((count) => count.value === value));
  return [...counts, ...missing.map((value) => ({ value, count: 0 }))];
}

export function createSearch(engine: SearchEngine): Search {
  return {
    async search(request) {
      if (request.q.length > MAX_QUERY_LENGTH) {
        throw new SearchRequestError('q', `must be at most ${MAX_QUERY_LENGTH} characters`);
      }
      if (request.q.includes('\u0000')) throw new SearchRequestError('q', 'must not contain the NUL character');
      if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_LIMIT) {
        throw new SearchRequestError('limit', `must be between 1 and ${MAX_LIMIT}`);
      }
      if (inverted(request.yearFrom, request.yearTo)) {
        throw new SearchRequestError('yearFrom', 'must not be after yearTo');
      }
      if (inverted(request.priceFrom, request.priceTo)) {
        throw new SearchRequestError('priceFrom', 'must not be above priceTo');
      }
      const filters: SearchFilters = {
        techniques: [...new Set(request.technique)].sort(),
        collections: [...new Set(request.collection)].sort(),
        availability: [...new Set(request.availability)].sort(),
        sizes: [...new Set(request.size)].sort(),
        year: { from: request.yearFrom, to: request.yearTo },
        price: { from: request.priceFrom, to: request.priceTo },
      };
      // Without words there is nothing to rank by: relevance browses newest first.
      const order: Sort = request.sort === 'relevance' && isBrowse(planQuery(request.q)) ? 'newest' : request.sort;
      const searchFingerprint = fingerprint({ q: request.q, filters, sort: request.sort });
      let after: Position | undefined;
      if (request.cursor !== undefined) {
        const cursor = decodeCursor(request.cursor);
        if (!cursor || !positionFits(order, cursor.position)) {
          throw new SearchRequestError('cursor', 'is not a cursor this API handed out');
        }
        if (cursor.sort !== request.sort || cursor.fingerprint !== searchFingerprint) {
          throw new SearchRequestError('cursor', 'belongs to another search: keep q, filters and sort as they were');
        }
        after = cursor.position;
      }
      const result = await engine.search({ q: request.q, filters, order, limit: request.limit, after });
      return {
        hits: result.hits,
        total: result.total,
        facets: {
          technique: withSelected(result.facets.technique, filters.techniques),
          collection: withSelected(result.facets.collection, filters.collections),
          availability: withSelected(result.facets.availability, filters.availability),
          size: withSelected(result.facets.size, filters.sizes),
        },
        stats: result.stats,
        nextCursor: result.next ? encodeCursor(request.sort, searchFingerprint, result.next) : null,
      };
    },

    async suggest(q) {
      if (q.length > MAX_QUERY_LENGTH)
        throw new SearchRequestError('q', `must be at most ${MAX_QUERY_LENGTH} characters`);
      if (q.includes('\u0000')) throw new SearchRequestError('q', 'must not contain the NUL character');
      if (isBrowse(planQuery(q))) return [];
      return engine.suggest(q, MAX_SUGGESTIONS);
    },
  };
}
