// The in-process alternative: MiniSearch over the same documents, in this process's heap, with
// the same queries and filters. Fuzzy 0.2 (a fifth of a word's letters, Levenshtein: a swap of two
// letters costs two), the last word as a prefix while it is typed, title boosted, every word
// required (AND, as the PostgreSQL search does), accents folded and English stop words dropped.
// No stemming and no synonyms; filters and sorts run in JavaScript over its matches.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import MiniSearch, { type SearchResult } from 'minisearch';
import type { ArtworkProjection } from '../../packages/events/src/index.ts';
import { techniqueWords } from './catalogue.ts';
import type { BenchQuery } from './queries.ts';

const STOP_WORDS = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers ' +
    'herself it its itself they them their theirs themselves what which who whom this that these those am is ' +
    'are was were be been being have has had having do does did doing a an the and but if or because as until ' +
    'while of at by for with about against between into through during before after above below to from up ' +
    'down in out on off over under again further then once here there when where why how all any both each ' +
    'few more most other some such no nor not only own same so than too very s t can will just don should now'
  ).split(' '),
);

const fold = (term: string) =>
  term
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '');

function processTerm(term: string): string | null {
  const folded = fold(term);
  return folded === '' || STOP_WORDS.has(folded) ? null : folded;
}

interface Doc {
  id: number;
  title: string;
  keywords: string;
  description: string;
}

/** What the filters and sorts read, kept beside the index by document number. */
interface Meta {
  techniques: string[];
  availability: string;
  year: number | null;
  priceMin: number | null;
  priceMax: number | null;
  publishedAt: number;
}

export interface MiniSearchIndex {
  search(query: BenchQuery, limit: number): { ids: number[]; total: number };
  buildMs: number;
  /** Heap the index holds (after full GCs before and after building it); NaN when GC cannot be forced. */
  heapBytes: number;
  documents: number;
}

/** `global.gc`, reached without --expose-gc on the command line (safe: it only adds the function). */
export function forceGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  }
}

export function buildMiniSearch(artworks: readonly ArtworkProjection[]): MiniSearchIndex {
  const gc = forceGc();
  const meta: Meta[] = artworks.map((artwork) => ({
    techniques: artwork.techniques,
    availability: artwork.availability,
    year: artwork.year,
    priceMin: artwork.price?.minMinor ?? null,
    priceMax: artwork.price?.maxMinor ?? null,
    publishedAt: artwork.publishedAt === null ? 0 : Date.parse(artwork.publishedAt),
  }));
  gc?.();
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const index = new MiniSearch<Doc>({ fields: ['title', 'keywords', 'description'], idField: 'id', processTerm });
  index.addAll(
    artworks.map((artwork, id) => ({
      id,
      title: artwork.title,
      keywords: [
        ...artwork.techniques.map(techniqueWords),
        ...artwork.collections.map((c) => c.title),
        artwork.year ?? '',
      ].join(' '),
      description: artwork.description,
    })),
  );
  const buildMs = performance.now() - started;
  gc?.();
  gc?.();
  const heapBytes = gc ? process.memoryUsage().heapUsed - heapBefore : Number.NaN;

  const keeps = (query: BenchQuery) => {
    const techniques = query.technique?.length ? new Set<string>(query.technique) : undefined;
    const availability = query.availability?.length ? new Set<string>(query.availability) : undefined;
    const priceSet = query.priceFrom !== undefined || query.priceTo !== undefined;
    const yearSet = query.yearFrom !== undefined || query.yearTo !== undefined;
    return (id: number): boolean => {
      const m = meta[id];
      if (!m) return false;
      if (techniques && !m.techniques.some((t) => techniques.has(t))) return false;
      if (availability && !availability.has(m.availability)) return false;
      if (yearSet) {
        if (m.year === null) return false;
        if (query.yearFrom !== undefined && m.year < query.yearFrom) return false;
        if (query.yearTo !== undefined && m.year > query.yearTo) return false;
      }
      if (priceSet) {
        if (m.priceMin === null || m.priceMax === null) return false;
        if (query.priceFrom !== undefined && m.priceMax < query.priceFrom) return false;
        if (query.priceTo !== undefined && m.priceMin > query.priceTo) return false;
      }
      return true;
    };
  };
  const nullsLast = (a: number | null, b: number | null, ascending: boolean) =>
    a === null ? (b === null ? 0 : 1) : b === null ? -1 : ascending ? a - b : b - a;

  return {
    buildMs,
    heapBytes,
    documents: artworks.length,
    search(query, limit) {
      const keep = keeps(query);
      const filter = (result: SearchResult) => keep(result.id as number);
      // The last word is a prefix while it is typed (nothing after it).
      const typing = /[\p{L}\p{N}]$/u.test(query.q);
      const results =
        query.q.trim() === ''
          ? index.search(MiniSearch.wildcard, { filter })
          : index.search(query.q, {
              fuzzy: 0.2,
              prefix: (_term, i, terms) => typing && i === terms.length - 1,
              boost: { title: 2 },
              combineWith: 'AND',
              filter,
            });
      const sort = query.sort ?? (query.q.trim() === '' ? 'newest' : 'relevance');
      if (sort !== 'relevance') {
        const m = (result: SearchResult) => meta[result.id as number];
        results.sort((a, b) => {
          const x = m(a);
          const y = m(b);
          if (!x || !y) return 0;
          if (sort === 'newest') return y.publishedAt - x.publishedAt;
          if (sort === 'price_asc') return nullsLast(x.priceMin, y.priceMin, true) || x.publishedAt - y.publishedAt;
          return nullsLast(x.priceMax, y.priceMax, false) || x.publishedAt - y.publishedAt;
        });
      }
      return { ids: results.slice(0, limit).map((result) => result.id as number), total: results.length };
    },
  };
}
