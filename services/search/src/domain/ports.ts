// The search port: what the search service needs of a search engine, in its own words. The
// PostgreSQL store (adapters/search-store.ts) implements it today; a dedicated engine (Meilisearch,
// OpenSearch) could implement the same interface and nothing above the adapters would change.
import type { Technique } from '@copper/catalogue';
import type { ArtworkProjection, MediaDocument } from '@copper/events';
import type { SizeBand } from './size.ts';
import type { Thumbnail } from './thumbnail.ts';

export const SORTS = ['relevance', 'newest', 'price_asc', 'price_desc'] as const;
export type Sort = (typeof SORTS)[number];

export const AVAILABILITIES = ['available', 'reserved', 'sold-out', 'none'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export interface Bounds {
  from?: number | undefined;
  to?: number | undefined;
}

/** Filters combine with AND; the values of one filter with OR (any of the techniques asked for). */
export interface SearchFilters {
  techniques: Technique[];
  collections: string[];
  availability: Availability[];
  sizes: SizeBand[];
  /** Inclusive; an artwork without a year is left out once either bound is set. */
  year: Bounds;
  /** Inclusive, minor units: an artwork matches when any of its prices can fall in the range. */
  price: Bounds;
}

/** Where a page ends: the last hit's sort value (score, publication time or price) and id. */
export interface Position {
  key: number | string | null;
  id: string;
}

export interface EngineQuery {
  q: string;
  filters: SearchFilters;
  /** The order pages are read in: `relevance` only when there are words to rank by. */
  order: Sort;
  limit: number;
  after?: Position | undefined;
}

export interface Price {
  minMinor: number;
  maxMinor: number;
  currency: string;
}

export interface HitImage {
  thumbnail: Thumbnail;
  placeholder: { thumbhash: string; dominantColour: string };
  alt: string;
}

export interface SearchHit {
  artworkId: string;
  slug: string;
  title: string;
  year: number | null;
  techniques: string[];
  collections: { slug: string; title: string }[];
  price: Price | null;
  availability: Availability;
  plateSizeMm: { width: number; height: number } | null;
  size: SizeBand | null;
  publishedAt: string | null;
  image: HitImage | null;
  /** HTML: the source text escaped, matched words in `<mark>`; the description as fragments. */
  highlight: { title: string; description: string };
  position: Position;
}

export interface FacetCount {
  value: string;
  count: number;
  /** A collection's title, for showing its facet value. */
  title?: string;
}

export interface Facets {
  technique: FacetCount[];
  collection: FacetCount[];
  availability: FacetCount[];
  size: FacetCount[];
}

export interface Range {
  min: number;
  max: number;
}

/** Ranges of the range filters over the hits their own filter would allow; null when none has one. */
export interface FacetStats {
  year: Range | null;
  price: Range | null;
}

export interface EngineResult {
  hits: SearchHit[];
  total: number;
  facets: Facets;
  stats: FacetStats;
  /** Where the next page starts; null on the last page. */
  next: Position | null;
}

export interface Suggestion {
  kind: 'title' | 'term';
  /** Plain text, to put in the search box. */
  text: string;
  /** HTML, escaped, the part that matched what was typed in `<mark>`. */
  highlight: string;
  /** The artwork a title suggestion opens. */
  slug?: string;
}

/** `stored`: searchable now; `removed`: not published, gone from search; `stale`: older than what is held. */
export type UpsertOutcome = 'stored' | 'removed' | 'stale';
/** `unknown-artwork`: kept, and shown once the artwork is published; `stale`: a newer media is held. */
export type MediaOutcome = 'stored' | 'stale' | 'unknown-artwork';
export type RemoveOutcome = 'removed' | 'absent' | 'stale';

/** Keeping the read model: every write is idempotent and safe to receive in any order. */
export interface SearchIndex {
  upsertArtwork(projection: ArtworkProjection): Promise<UpsertOutcome>;
  /** The same for many (a reindex), in one transaction; outcomes in input order. */
  upsertArtworks(projections: readonly ArtworkProjection[]): Promise<UpsertOutcome[]>;
  applyMedia(media: MediaDocument): Promise<MediaOutcome>;
  /** Removes an artwork from search; with `changedAt`, not when a newer change is held. */
  removeArtwork(artworkId: string, changedAt?: string): Promise<RemoveOutcome>;
  /**
   * Empties the read model for a rebuild. Media are kept unless asked: they come from the image
   * service's events, not from the catalogue, and a rebuild from the catalogue cannot restore them.
   */
  clear(options?: { media?: boolean }): Promise<void>;
  /** After a bulk load (a reindex): tidies up what it left behind so the next searches are fast. */
  optimize(): Promise<void>;
}

/** Querying it. */
export interface SearchEngine {
  search(query: EngineQuery): Promise<EngineResult>;
  suggest(q: string, limit: number): Promise<Suggestion[]>;
}

export interface SearchPort extends SearchIndex, SearchEngine {}
