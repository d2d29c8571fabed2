import { sql } from 'drizzle-orm';
import { check, customType, index, integer, jsonb, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { searchSchema } from './namespaces.ts';

// The search service's read model: what a hit needs of each published artwork, kept from the
// events content and the image service publish (never read from their tables). The text search
// configurations `search.copper` (English stemming + unaccent) and `search.copper_simple` (unaccent
// only, no stop words) are created by the custom migration `search_text`.

/** What an artwork's availability can be in a hit (see ArtworkProjection in @copper/events). */
export const SEARCH_AVAILABILITIES = ['available', 'reserved', 'sold-out', 'none'] as const;
/** Plate size bands, by the plate's longest side (see services/search/src/domain/size.ts). */
export const SIZE_BANDS = ['small', 'medium', 'large'] as const;

const tsvector = customType<{ data: string; driverData: string }>({ dataType: () => 'tsvector' });

const inList = (values: readonly string[]) => sql.raw(`(${values.map((value) => `'${value}'`).join(', ')})`);

/**
 * Every combination of techniques, availability and size band an artwork has, numbered. A search
 * counts its matches by these numbers (and by collection sets below), which PostgreSQL groups far
 * faster than the arrays themselves, then reads the values of the few hundred numbers it met from
 * here. Rows are only ever added: a combination no artwork holds any more counts nothing.
 */
export const searchFacetSets = searchSchema.table(
  'facet_sets',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    techniques: text('techniques').array().notNull(),
    availability: text('availability').notNull(),
    sizeBand: text('size_band'),
  },
  (t) => [unique('facet_sets_values').on(t.techniques, t.availability, t.sizeBand).nullsNotDistinct()],
);

/** Every set of collections an artwork is in, numbered, as facet sets are (the empty set too). */
export const searchCollectionSets = searchSchema.table('collection_sets', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  collectionSlugs: text('collection_slugs').array().notNull().unique('collection_sets_values'),
});

/**
 * One row per published artwork; an artwork that is not published has no row. It holds what
 * matching, filtering, counting and sorting read, and no more: a broad word reads the row of every
 * match, so the narrower the row, the fewer pages a search touches. What only a hit shows, and the
 * vocabulary bookkeeping, are in searchArtworkDetails.
 */
export const searchArtworks = searchSchema.table(
  'artworks',
  {
    artworkId: uuid('artwork_id').primaryKey(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    techniques: text('techniques').array().notNull(),
    collectionSlugs: text('collection_slugs').array().notNull(),
    year: integer('year'),
    sizeBand: text('size_band'),
    priceMinMinor: integer('price_min_minor'),
    priceMaxMinor: integer('price_max_minor'),
    availability: text('availability').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** Its techniques, availability and size band, as one number (see searchFacetSets). */
    facetSet: integer('facet_set')
      .notNull()
      .references(() => searchFacetSets.id),
    /** Its collections, as one number (see searchCollectionSets). */
    collectionSet: integer('collection_set')
      .notNull()
      .references(() => searchCollectionSets.id),
    /** Title only (`search.copper`), to tell title matches from the rest. */
    titleVector: tsvector('title_vector').notNull(),
    /** Title (weight A), techniques, collections and year (B), description (C). */
    document: tsvector('document').notNull(),
  },
  (t) => [
    // No pending list (fastupdate): every query would scan it, and a bulk reindex leaves it megabytes long.
    index('artworks_document_idx').using('gin', t.document).with({ fastupdate: false }),
    index('artworks_title_vector_idx').using('gin', t.titleVector).with({ fastupdate: false }),
    index('artworks_published_at_idx').on(t.publishedAt.desc().nullsLast(), t.artworkId),
    check('artworks_availability_known', sql`${t.availability} in ${inList(SEARCH_AVAILABILITIES)}`),
    check('artworks_size_band_known', sql`${t.sizeBand} is null or ${t.sizeBand} in ${inList(SIZE_BANDS)}`),
    check(
      'artworks_price_range',
      sql`(${t.priceMinMinor} is null) = (${t.priceMaxMinor} is null) and (${t.priceMinMinor} is null or ${t.priceMinMinor} <= ${t.priceMaxMinor})`,
    ),
  ],
);

/** What a hit shows of a searchable artwork beyond searchArtworks, and the terms it added to the vocabulary. */
export const searchArtworkDetails = searchSchema.table('artwork_details', {
  artworkId: uuid('artwork_id')
    .primaryKey()
    .references(() => searchArtworks.artworkId, { onDelete: 'cascade' }),
  description: text('description').notNull(),
  /** One label per value of the artwork's collection_slugs, in the same order. */
  collectionTitles: text('collection_titles').array().notNull(),
  plateWidthMm: integer('plate_width_mm'),
  plateHeightMm: integer('plate_height_mm'),
  currency: text('currency'),
  /** The distinct vocabulary terms the artwork added to `terms`, so an update or removal can take them back. */
  terms: text('terms').array().notNull(),
});

/**
 * The last change seen for every artwork, searchable or not, so that an event older than one
 * already applied (events arrive in any order) is recognised as stale, even after a removal.
 */
export const searchArtworkVersions = searchSchema.table('artwork_versions', {
  artworkId: uuid('artwork_id').primaryKey(),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
  status: text('status').notNull(),
});

/**
 * The newest media of each artwork, as a hit shows it. Keyed by artwork and kept whether or not
 * the artwork is searchable yet, so a MediaPublished that arrives before the artwork's publish
 * (or survives an unpublish) is there when the artwork is.
 */
export const searchMedia = searchSchema.table('media', {
  artworkId: uuid('artwork_id').primaryKey(),
  mediaId: uuid('media_id').notNull(),
  /** The rendition a hit shows: the 640-wide WebP, or the nearest. */
  thumbnail: jsonb('thumbnail').notNull(),
  thumbhash: text('thumbhash').notNull(),
  dominantColour: text('dominant_colour').notNull(),
  alt: text('alt').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
});

/**
 * Collection titles by slug, as the latest artwork change carried them: the collection facet's
 * labels, looked up for the few slugs a search counts instead of carried through every match.
 */
export const searchCollections = searchSchema.table('collections', {
  slug: text('slug').primaryKey(),
  title: text('title').notNull(),
});

/**
 * The vocabulary: every word (lowercase, accents folded, no stop words) of the searchable
 * artworks with the number of artworks holding it. Typo tolerance looks for near words here and
 * suggestions complete from here; a term goes when its last artwork does.
 */
export const searchTerms = searchSchema.table(
  'terms',
  {
    term: text('term').primaryKey(),
    documents: integer('documents').notNull(),
  },
  (t) => [
    // Nearest-neighbour scans by trigram distance; the default 12-byte signature saturates on a
    // vocabulary of thousands of terms and makes them ten times slower than 256 bytes does.
    index('terms_trigram_idx').using('gist', t.term.op('gist_trgm_ops(siglen=256)')),
    index('terms_prefix_idx').using('btree', t.term.op('text_pattern_ops')),
    check('terms_documents_positive', sql`${t.documents} > 0`),
  ],
);
