import {
  ARTWORK_STATUSES,
  EDITION_STATUSES,
  IMPRESSION_KINDS,
  IMPRESSION_STATUSES,
  TECHNIQUES,
} from '@copper/catalogue';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  index,
  integer,
  jsonb,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { contentSchema } from './namespaces.ts';

// The catalogue's rules are enforced by the domain (@copper/catalogue) and, where a single row or
// key can express them, held again here so no bug or hand-run SQL can store an impossible catalogue.

// The enums are the domain's own lists, so a status or technique cannot exist in one and not the other.
export const artworkStatus = contentSchema.enum('artwork_status', ARTWORK_STATUSES);
export const editionStatus = contentSchema.enum('edition_status', EDITION_STATUSES);
export const impressionKind = contentSchema.enum('impression_kind', IMPRESSION_KINDS);
export const impressionStatus = contentSchema.enum('impression_status', IMPRESSION_STATUSES);
export const technique = contentSchema.enum('technique', TECHNIQUES);

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};
/** Optimistic concurrency: every update bumps it, and the ETag is derived from it. */
const rowVersion = { version: integer('version').notNull().default(1) };

const SLUG = '^[a-z0-9]+(-[a-z0-9]+)*$';

export const artworks = contentSchema.table(
  'artworks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    title: text('title').notNull().default(''),
    year: integer('year'),
    techniques: technique('techniques').array().notNull().default(sql`'{}'`),
    plateWidthMm: integer('plate_width_mm'),
    plateHeightMm: integer('plate_height_mm'),
    description: text('description').notNull().default(''),
    status: artworkStatus('status').notNull().default('draft'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    ...timestamps,
    ...rowVersion,
  },
  (t) => [
    unique('artworks_slug_unique').on(t.slug),
    check('artworks_slug_format', sql`${t.slug} ~ ${sql.raw(`'${SLUG}'`)} and length(${t.slug}) <= 80`),
    check('artworks_title_length', sql`length(${t.title}) <= 200`),
    check('artworks_year_range', sql`${t.year} is null or ${t.year} between 1800 and 2200`),
    check(
      'artworks_plate_size_positive',
      sql`(${t.plateWidthMm} is null or ${t.plateWidthMm} > 0) and (${t.plateHeightMm} is null or ${t.plateHeightMm} > 0)`,
    ),
    check('artworks_published_has_title', sql`${t.status} = 'draft' or length(${t.title}) > 0`),
    index('artworks_status_published_at_idx').on(t.status, t.publishedAt),
  ],
);

export const editions = contentSchema.table(
  'editions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    artworkId: uuid('artwork_id')
      .notNull()
      .references((): AnyPgColumn => artworks.id, { onDelete: 'restrict' }),
    size: integer('size').notNull(),
    artistProofs: integer('artist_proofs').notNull().default(0),
    paper: text('paper').notNull().default(''),
    ink: text('ink').notNull().default(''),
    sheetWidthMm: integer('sheet_width_mm'),
    sheetHeightMm: integer('sheet_height_mm'),
    plateWidthMm: integer('plate_width_mm'),
    plateHeightMm: integer('plate_height_mm'),
    priceMinor: integer('price_minor').notNull(),
    currency: text('currency').notNull(),
    status: editionStatus('status').notNull().default('open'),
    ...timestamps,
    ...rowVersion,
  },
  (t) => [
    check('editions_size_range', sql`${t.size} between 1 and 1000`),
    check('editions_artist_proofs_range', sql`${t.artistProofs} between 0 and 100`),
    check('editions_price_non_negative', sql`${t.priceMinor} >= 0`),
    check('editions_currency_format', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      'editions_sizes_positive',
      sql`coalesce(${t.sheetWidthMm}, 1) > 0 and coalesce(${t.sheetHeightMm}, 1) > 0 and coalesce(${t.plateWidthMm}, 1) > 0 and coalesce(${t.plateHeightMm}, 1) > 0`,
    ),
    index('editions_artwork_idx').on(t.artworkId),
  ],
);

export const impressions = contentSchema.table(
  'impressions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    editionId: uuid('edition_id')
      .notNull()
      .references(() => editions.id, { onDelete: 'cascade' }),
    kind: impressionKind('kind').notNull(),
    number: integer('number').notNull(),
    status: impressionStatus('status').notNull().default('available'),
    ...timestamps,
    ...rowVersion,
  },
  (t) => [
    unique('impressions_edition_kind_number_unique').on(t.editionId, t.kind, t.number),
    check('impressions_number_positive', sql`${t.number} >= 1`),
  ],
);

export const collections = contentSchema.table(
  'collections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    position: integer('position').notNull().default(0),
    ...timestamps,
    ...rowVersion,
  },
  (t) => [
    unique('collections_slug_unique').on(t.slug),
    check('collections_slug_format', sql`${t.slug} ~ ${sql.raw(`'${SLUG}'`)} and length(${t.slug}) <= 80`),
    check('collections_title_length', sql`length(${t.title}) between 1 and 200`),
  ],
);

export const collectionArtworks = contentSchema.table(
  'collection_artworks',
  {
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    artworkId: uuid('artwork_id')
      .notNull()
      .references(() => artworks.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.collectionId, t.artworkId] }),
    check('collection_artworks_position_non_negative', sql`${t.position} >= 0`),
    index('collection_artworks_artwork_idx').on(t.artworkId),
  ],
);

export const inquiries = contentSchema.table(
  'inquiries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    artworkId: uuid('artwork_id').references(() => artworks.id, { onDelete: 'set null' }),
    impressionId: uuid('impression_id').references(() => impressions.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    message: text('message').notNull(),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    check('inquiries_name_length', sql`length(${t.name}) between 1 and 200`),
    check('inquiries_email_length', sql`length(${t.email}) between 3 and 320`),
    check('inquiries_message_length', sql`length(${t.message}) between 1 and 5000`),
    index('inquiries_created_at_idx').on(t.createdAt),
  ],
);

/**
 * The media the image service published for an artwork, as it announced them (MediaPublished
 * events). Content keeps its own copy so an artwork's page never reads another service's tables.
 */
export const artworkMedia = contentSchema.table(
  'artwork_media',
  {
    mediaId: uuid('media_id').primaryKey(),
    artworkId: uuid('artwork_id')
      .notNull()
      .references(() => artworks.id, { onDelete: 'cascade' }),
    document: jsonb('document').notNull(),
    /** When the image service published it; a late, older event never replaces a newer one. */
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    createdAt: timestamps.createdAt,
  },
  (t) => [index('artwork_media_artwork_idx').on(t.artworkId, t.publishedAt)],
);

/**
 * Content's published contract for other services: which artworks exist and their status, and
 * nothing else. The image service checks a job's artwork here instead of reading `artworks` itself.
 */
export const artworkRefs = contentSchema
  .view('artwork_refs')
  .as((qb) => qb.select({ id: artworks.id, status: artworks.status }).from(artworks));

/** The profile's one row is keyed by this constant; a check keeps a second row out. */
export const SITE_PROFILE_ID = 'site';

/**
 * The public site's profile: the artist's name, statement and featured prints, one row. Featured ids
 * are an ordered list the API checks against published artworks when it is saved; a print unpublished
 * later simply drops out of what visitors are shown, so the list needs no foreign key.
 */
export const siteProfile = contentSchema.table(
  'site_profile',
  {
    id: text('id').primaryKey().default(SITE_PROFILE_ID),
    artistName: text('artist_name').notNull(),
    statement: text('statement').notNull().default(''),
    featuredArtworkIds: uuid('featured_artwork_ids').array().notNull().default(sql`'{}'`),
    ...timestamps,
    ...rowVersion,
  },
  (t) => [
    check('site_profile_singleton', sql`${t.id} = ${sql.raw(`'${SITE_PROFILE_ID}'`)}`),
    check('site_profile_artist_name_length', sql`length(${t.artistName}) between 1 and 200`),
    check('site_profile_statement_length', sql`length(${t.statement}) <= 2000`),
    check('site_profile_featured_count', sql`cardinality(${t.featuredArtworkIds}) <= 12`),
  ],
);
