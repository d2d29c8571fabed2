// The catalogue's rows, through drizzle. Everything here is I/O; the rules are in @copper/catalogue
// and in src/domain. Reads that visitors make are shaped for one round trip per table.
import type { Artwork, Edition, Impression, Technique } from '@copper/catalogue';
import type { Database } from '@copper/db/client';
import {
  artworkMedia,
  artworks,
  collectionArtworks,
  collections,
  editions,
  impressions,
  inquiries,
  SITE_PROFILE_ID,
  siteProfile,
} from '@copper/db/schema';
import type { MediaDocument } from '@copper/events';
import { and, arrayOverlaps, asc, desc, eq, gt, inArray, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';

export type Versioned<T> = T & { version: number; createdAt: Date; updatedAt: Date };
export type ArtworkRow = Versioned<Artwork>;
export type EditionRow = Versioned<Edition>;
export type ImpressionRow = Versioned<Impression>;
export interface CollectionRow {
  id: string;
  slug: string;
  title: string;
  description: string;
  position: number;
  version: number;
}
export interface ArtworkMediaRow {
  artworkId: string;
  /** Parsed against the event contract before it was stored. */
  document: MediaDocument;
}
export interface ArtworkPageCursor {
  publishedAt: Date;
  id: string;
}

/** An artwork's rows as search's projection needs them, from one snapshot taken at `readAt`. */
export interface ProjectionRows {
  /** ISO 8601, UTC, microseconds: the database's clock when the snapshot was taken. */
  readAt: string;
  artworks: ArtworkRow[];
  editions: EditionRow[];
  impressions: ImpressionRow[];
  collections: { artworkId: string; slug: string; title: string }[];
}

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
type Db = Database | Tx;

type VersionedTable = typeof artworks | typeof editions | typeof impressions | typeof collections | typeof siteProfile;
export type SiteProfileRow = typeof siteProfile.$inferSelect;
type SluggedTable = typeof artworks | typeof collections;

/**
 * Applies `patch` only if the row is still at `expectedVersion`, bumping the version; undefined when
 * it is not, so two studio tabs can never overwrite each other.
 */
async function updateAtVersion<T extends VersionedTable>(
  tx: Db,
  table: T,
  id: string,
  expectedVersion: number,
  patch: PgUpdateSetSource<T>,
): Promise<T['$inferSelect'] | undefined> {
  const [row] = await tx
    .update(table as VersionedTable)
    // The union of tables has no common set-type; callers' patches are typed per table above.
    .set({ ...patch, version: sql`${table.version} + 1`, updatedAt: sql`now()` } as PgUpdateSetSource<VersionedTable>)
    .where(and(eq(table.id, id), eq(table.version, expectedVersion)))
    .returning();
  return row as T['$inferSelect'] | undefined;
}

/** The slugs `base` and `base-…` already used in `table`, for picking the next free one. */
async function slugsLike(tx: Db, table: SluggedTable, base: string): Promise<Set<string>> {
  const rows = await tx
    .select({ slug: table.slug })
    .from(table)
    .where(or(eq(table.slug, base), sql`${table.slug} like ${`${base}-%`}`));
  return new Set(rows.map((row) => row.slug));
}

export function createCatalogueStore(db: Database) {
  const store = {
    db,
    transaction: <T>(work: (tx: Tx) => Promise<T>) => db.transaction(work),

    /** Published artworks newest first, keyset-paginated on (published_at, id); `techniques` matches any. */
    async listPublished(options: {
      limit: number;
      after?: ArtworkPageCursor;
      collectionSlug?: string;
      techniques?: Technique[];
    }) {
      const conditions = [eq(artworks.status, 'published')];
      if (options.after) {
        const after = options.after;
        const newer = or(
          lt(artworks.publishedAt, after.publishedAt),
          and(eq(artworks.publishedAt, after.publishedAt), lt(artworks.id, after.id)),
        );
        if (newer) conditions.push(newer);
      }
      if (options.collectionSlug) {
        conditions.push(
          inArray(
            artworks.id,
            db
              .select({ id: collectionArtworks.artworkId })
              .from(collectionArtworks)
              .innerJoin(collections, eq(collections.id, collectionArtworks.collectionId))
              .where(eq(collections.slug, options.collectionSlug)),
          ),
        );
      }
      if (options.techniques) conditions.push(arrayOverlaps(artworks.techniques, options.techniques));
      const rows = await db
        .select()
        .from(artworks)
        .where(and(...conditions))
        .orderBy(desc(artworks.publishedAt), desc(artworks.id))
        .limit(options.limit + 1);
      return { rows: rows.slice(0, options.limit) as ArtworkRow[], more: rows.length > options.limit };
    },

    /**
     * Up to `limit` published artworks sharing a collection or a technique with `artworkId`, most
     * shared (collections and techniques counted alike) first, then newest; never the artwork itself.
     */
    async relatedPublished(artworkId: string, limit: number): Promise<ArtworkRow[]> {
      const sharedCollections = sql`(select count(*) from ${collectionArtworks} mine
        join ${collectionArtworks} theirs on theirs.collection_id = mine.collection_id
        where mine.artwork_id = ${artworkId} and theirs.artwork_id = ${artworks.id})`;
      const sharedTechniques = sql`cardinality(array(select unnest(${artworks.techniques}) intersect
        select unnest(own.techniques) from ${artworks} own where own.id = ${artworkId}))`;
      const shared = sql<number>`(${sharedCollections} + ${sharedTechniques})`;
      const rows = await db
        .select()
        .from(artworks)
        .where(and(eq(artworks.status, 'published'), ne(artworks.id, artworkId), sql`${shared} > 0`))
        .orderBy(desc(shared), desc(artworks.publishedAt), desc(artworks.id))
        .limit(limit);
      return rows as ArtworkRow[];
    },

    async publishedArtworksByIds(ids: string[], tx: Db = db): Promise<ArtworkRow[]> {
      if (ids.length === 0) return [];
      const rows = await tx
        .select()
        .from(artworks)
        .where(and(inArray(artworks.id, ids), eq(artworks.status, 'published')));
      return rows as ArtworkRow[];
    },

    async artworkBySlug(slug: string, tx: Db = db): Promise<ArtworkRow | undefined> {
      const [row] = await tx.select().from(artworks).where(eq(artworks.slug, slug)).limit(1);
      return row as ArtworkRow | undefined;
    },

    /**
     * `lock` holds the row until the transaction ends: publishing checks the artwork's editions and
     * deleting an edition checks its status, and holding the artwork row serialises the two.
     */
    async artworkById(id: string, tx: Db = db, options: { lock?: boolean } = {}): Promise<ArtworkRow | undefined> {
      const query = tx.select().from(artworks).where(eq(artworks.id, id)).limit(1);
      const [row] = options.lock ? await query.for('update') : await query;
      return row as ArtworkRow | undefined;
    },

    async listAllArtworks(limit: number, after?: { createdAt: Date; id: string }) {
      const rows = await db
        .select()
        .from(artworks)
        .where(
          after
            ? or(
                lt(artworks.createdAt, after.createdAt),
                and(eq(artworks.createdAt, after.createdAt), lt(artworks.id, after.id)),
              )
            : undefined,
        )
        .orderBy(desc(artworks.createdAt), desc(artworks.id))
        .limit(limit + 1);
      return { rows: rows.slice(0, limit) as ArtworkRow[], more: rows.length > limit };
    },

    async slugTaken(slug: string, tx: Db = db): Promise<boolean> {
      const [row] = await tx.select({ id: artworks.id }).from(artworks).where(eq(artworks.slug, slug)).limit(1);
      return row !== undefined;
    },

    slugsLike: (base: string, tx: Db = db) => slugsLike(tx, artworks, base),

    collectionSlugsLike: (base: string, tx: Db = db) => slugsLike(tx, collections, base),

    async insertArtwork(values: typeof artworks.$inferInsert, tx: Db = db): Promise<ArtworkRow> {
      const [row] = await tx.insert(artworks).values(values).returning();
      if (!row) throw new Error('insert returned no artwork');
      return row as ArtworkRow;
    },

    updateArtwork: (id: string, expectedVersion: number, patch: PgUpdateSetSource<typeof artworks>, tx: Db = db) =>
      updateAtVersion(tx, artworks, id, expectedVersion, patch) as Promise<ArtworkRow | undefined>,

    async editionsOf(artworkIds: string[], tx: Db = db): Promise<EditionRow[]> {
      if (artworkIds.length === 0) return [];
      const rows = await tx
        .select()
        .from(editions)
        .where(inArray(editions.artworkId, artworkIds))
        .orderBy(asc(editions.createdAt), asc(editions.id));
      return rows as EditionRow[];
    },

    async editionById(id: string, tx: Db = db): Promise<EditionRow | undefined> {
      const [row] = await tx.select().from(editions).where(eq(editions.id, id)).limit(1);
      return row as EditionRow | undefined;
    },

    async impressionsOf(editionIds: string[], tx: Db = db): Promise<ImpressionRow[]> {
      if (editionIds.length === 0) return [];
      const rows = await tx
        .select()
        .from(impressions)
        .where(inArray(impressions.editionId, editionIds))
        .orderBy(asc(impressions.kind), asc(impressions.number));
      return rows as ImpressionRow[];
    },

    async impressionById(id: string, tx: Db = db): Promise<ImpressionRow | undefined> {
      const [row] = await tx.select().from(impressions).where(eq(impressions.id, id)).limit(1);
      return row as ImpressionRow | undefined;
    },

    async insertEdition(values: typeof editions.$inferInsert, tx: Db = db): Promise<EditionRow> {
      const [row] = await tx.insert(editions).values(values).returning();
      if (!row) throw new Error('insert returned no edition');
      return row as EditionRow;
    },

    updateEdition: (id: string, expectedVersion: number, patch: PgUpdateSetSource<typeof editions>, tx: Db = db) =>
      updateAtVersion(tx, editions, id, expectedVersion, patch) as Promise<EditionRow | undefined>,

    async deleteEdition(id: string, tx: Db = db): Promise<void> {
      await tx.delete(editions).where(eq(editions.id, id));
    },

    async insertImpressions(rows: (typeof impressions.$inferInsert)[], tx: Db = db): Promise<void> {
      if (rows.length > 0) await tx.insert(impressions).values(rows);
    },

    async deleteImpressions(ids: string[], tx: Db = db): Promise<void> {
      if (ids.length > 0) await tx.delete(impressions).where(inArray(impressions.id, ids));
    },

    updateImpressionStatus: (id: string, expectedVersion: number, status: Impression['status'], tx: Db = db) =>
      updateAtVersion(tx, impressions, id, expectedVersion, { status }) as Promise<ImpressionRow | undefined>,

    async collectionsOfArtworks(
      artworkIds: string[],
      tx: Db = db,
    ): Promise<{ artworkId: string; slug: string; title: string }[]> {
      if (artworkIds.length === 0) return [];
      return tx
        .select({ artworkId: collectionArtworks.artworkId, slug: collections.slug, title: collections.title })
        .from(collectionArtworks)
        .innerJoin(collections, eq(collections.id, collectionArtworks.collectionId))
        .where(inArray(collectionArtworks.artworkId, artworkIds))
        .orderBy(asc(collections.position), asc(collections.title));
    },

    async listCollections(): Promise<(CollectionRow & { publishedCount: number })[]> {
      const [rows, counts] = await Promise.all([
        db
          .select({
            id: collections.id,
            slug: collections.slug,
            title: collections.title,
            description: collections.description,
            position: collections.position,
            version: collections.version,
          })
          .from(collections)
          .orderBy(asc(collections.position), asc(collections.title)),
        db
          .select({ collectionId: collectionArtworks.collectionId, count: sql<number>`count(*)::int` })
          .from(collectionArtworks)
          .innerJoin(artworks, eq(artworks.id, collectionArtworks.artworkId))
          .where(eq(artworks.status, 'published'))
          .groupBy(collectionArtworks.collectionId),
      ]);
      const published = new Map(counts.map((row) => [row.collectionId, Number(row.count)]));
      return rows.map((row) => ({ ...row, publishedCount: published.get(row.id) ?? 0 }));
    },

    /**
     * Each collection's cover: the newest media of its first published artwork (in the artist's
     * order) that has any. Collections without one are absent.
     */
    async collectionCovers(): Promise<Map<string, MediaDocument>> {
      const rows = await db
        .selectDistinctOn([collectionArtworks.collectionId], {
          collectionId: collectionArtworks.collectionId,
          document: artworkMedia.document,
        })
        .from(collectionArtworks)
        .innerJoin(artworks, and(eq(artworks.id, collectionArtworks.artworkId), eq(artworks.status, 'published')))
        .innerJoin(artworkMedia, eq(artworkMedia.artworkId, artworks.id))
        .orderBy(
          collectionArtworks.collectionId,
          asc(collectionArtworks.position),
          desc(artworkMedia.publishedAt),
          desc(artworkMedia.mediaId),
        );
      return new Map(rows.map((row) => [row.collectionId, row.document as MediaDocument]));
    },

    async collectionBy(where: { slug: string } | { id: string }, tx: Db = db): Promise<CollectionRow | undefined> {
      const [row] = await tx
        .select({
          id: collections.id,
          slug: collections.slug,
          title: collections.title,
          description: collections.description,
          position: collections.position,
          version: collections.version,
        })
        .from(collections)
        .where('slug' in where ? eq(collections.slug, where.slug) : eq(collections.id, where.id))
        .limit(1);
      return row;
    },

    async collectionArtworkIds(collectionId: string, tx: Db = db): Promise<string[]> {
      const rows = await tx
        .select({ artworkId: collectionArtworks.artworkId })
        .from(collectionArtworks)
        .where(eq(collectionArtworks.collectionId, collectionId))
        .orderBy(asc(collectionArtworks.position));
      return rows.map((row) => row.artworkId);
    },

    async publishedArtworksOfCollection(collectionId: string): Promise<ArtworkRow[]> {
      const rows = await db
        .select({ artwork: artworks })
        .from(collectionArtworks)
        .innerJoin(artworks, eq(artworks.id, collectionArtworks.artworkId))
        .where(and(eq(collectionArtworks.collectionId, collectionId), eq(artworks.status, 'published')))
        .orderBy(asc(collectionArtworks.position));
      return rows.map((row) => row.artwork as ArtworkRow);
    },

    async insertCollection(values: typeof collections.$inferInsert, tx: Db = db): Promise<CollectionRow> {
      const [row] = await tx.insert(collections).values(values).returning();
      if (!row) throw new Error('insert returned no collection');
      return row;
    },

    updateCollection: (
      id: string,
      expectedVersion: number,
      patch: PgUpdateSetSource<typeof collections>,
      tx: Db = db,
    ) => updateAtVersion(tx, collections, id, expectedVersion, patch),

    async replaceCollectionArtworks(collectionId: string, placements: { id: string; position: number }[], tx: Db) {
      await tx.delete(collectionArtworks).where(eq(collectionArtworks.collectionId, collectionId));
      if (placements.length > 0) {
        await tx
          .insert(collectionArtworks)
          .values(placements.map((p) => ({ collectionId, artworkId: p.id, position: p.position })));
      }
    },

    async existingArtworkIds(ids: string[], tx: Db = db): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await tx.select({ id: artworks.id }).from(artworks).where(inArray(artworks.id, ids));
      return new Set(rows.map((row) => row.id));
    },

    /**
     * Keeps the image service's latest word on one media: inserted, or replaced by an announcement
     * published at the same time or later. False when the stored row is newer, so a late or
     * replayed event can never roll a media back.
     */
    async upsertArtworkMedia(media: MediaDocument, tx: Db = db): Promise<boolean> {
      const publishedAt = new Date(media.publishedAt);
      const stored = await tx
        .insert(artworkMedia)
        .values({ mediaId: media.id, artworkId: media.artworkId, document: media, publishedAt })
        .onConflictDoUpdate({
          target: artworkMedia.mediaId,
          set: { artworkId: media.artworkId, document: media, publishedAt },
          setWhere: lte(artworkMedia.publishedAt, publishedAt),
        })
        .returning({ mediaId: artworkMedia.mediaId });
      return stored.length > 0;
    },

    /** Every media of these artworks, newest first. */
    async mediaOfArtworks(artworkIds: string[], tx: Db = db): Promise<ArtworkMediaRow[]> {
      if (artworkIds.length === 0) return [];
      const rows = await tx
        .select({ artworkId: artworkMedia.artworkId, document: artworkMedia.document })
        .from(artworkMedia)
        .where(inArray(artworkMedia.artworkId, artworkIds))
        .orderBy(desc(artworkMedia.publishedAt), desc(artworkMedia.mediaId));
      return rows as ArtworkMediaRow[];
    },

    /**
     * The rows search's projection of these artworks is made of, read in one read-only snapshot
     * (repeatable read), with the database's clock at that snapshot: of two reads, the later one
     * holds every change the earlier one saw, so its time orders the projections of an artwork.
     */
    async projectionSources(artworkIds: string[]): Promise<ProjectionRows> {
      return db.transaction(
        async (tx) => {
          // The first statement takes the snapshot, and the clock is read in it.
          const rows = await tx
            .select({
              artwork: artworks,
              readAt: sql<string>`to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
            })
            .from(artworks)
            .where(inArray(artworks.id, artworkIds));
          const ids = rows.map((row) => row.artwork.id);
          const editionRows = await store.editionsOf(ids, tx);
          const impressionRows = await store.impressionsOf(
            editionRows.map((e) => e.id),
            tx,
          );
          const collectionRows = await store.collectionsOfArtworks(ids, tx);
          return {
            readAt: rows[0]?.readAt ?? new Date().toISOString(),
            artworks: rows.map((row) => row.artwork as ArtworkRow),
            editions: editionRows,
            impressions: impressionRows,
            collections: collectionRows,
          };
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      );
    },

    async countPublished(): Promise<number> {
      const [row] = await db
        .select({ count: sql<number>`count(*)::int` })
        .from(artworks)
        .where(eq(artworks.status, 'published'));
      return Number(row?.count ?? 0);
    },

    /** Ids of published artworks in id order, `limit` after `after`: stable pages for a rebuild. */
    async publishedIds(limit: number, after?: string): Promise<string[]> {
      const rows = await db
        .select({ id: artworks.id })
        .from(artworks)
        .where(and(eq(artworks.status, 'published'), after ? gt(artworks.id, after) : undefined))
        .orderBy(asc(artworks.id))
        .limit(limit);
      return rows.map((row) => row.id);
    },

    /** Content's copy of every media, `limit` after the media id `after`, in id order. */
    async mediaPage(limit: number, after?: string): Promise<(ArtworkMediaRow & { mediaId: string })[]> {
      const rows = await db
        .select({ mediaId: artworkMedia.mediaId, artworkId: artworkMedia.artworkId, document: artworkMedia.document })
        .from(artworkMedia)
        .where(after ? gt(artworkMedia.mediaId, after) : undefined)
        .orderBy(asc(artworkMedia.mediaId))
        .limit(limit);
      return rows as (ArtworkMediaRow & { mediaId: string })[];
    },

    async siteProfile(tx: Db = db): Promise<SiteProfileRow | undefined> {
      const [row] = await tx.select().from(siteProfile).limit(1);
      return row;
    },

    /** The first save of the profile; undefined when another one got there first. */
    async insertSiteProfile(
      values: Omit<typeof siteProfile.$inferInsert, 'id'>,
      tx: Db = db,
    ): Promise<SiteProfileRow | undefined> {
      const [row] = await tx.insert(siteProfile).values(values).onConflictDoNothing().returning();
      return row;
    },

    updateSiteProfile: (expectedVersion: number, patch: PgUpdateSetSource<typeof siteProfile>, tx: Db = db) =>
      updateAtVersion(tx, siteProfile, SITE_PROFILE_ID, expectedVersion, patch),

    async insertInquiry(values: typeof inquiries.$inferInsert) {
      const [row] = await db.insert(inquiries).values(values).returning();
      if (!row) throw new Error('insert returned no inquiry');
      return row;
    },

    async listInquiries(limit: number, after?: { createdAt: Date; id: string }) {
      const rows = await db
        .select({
          id: inquiries.id,
          name: inquiries.name,
          email: inquiries.email,
          message: inquiries.message,
          createdAt: inquiries.createdAt,
          artworkId: inquiries.artworkId,
          impressionId: inquiries.impressionId,
          artworkSlug: artworks.slug,
          artworkTitle: artworks.title,
        })
        .from(inquiries)
        .leftJoin(artworks, eq(artworks.id, inquiries.artworkId))
        .where(
          after
            ? or(
                lt(inquiries.createdAt, after.createdAt),
                and(eq(inquiries.createdAt, after.createdAt), lt(inquiries.id, after.id)),
              )
            : undefined,
        )
        .orderBy(desc(inquiries.createdAt), desc(inquiries.id))
        .limit(limit + 1);
      return { rows: rows.slice(0, limit), more: rows.length > limit };
    },
  };
  return store;
}

export type CatalogueStore = ReturnType<typeof createCatalogueStore>;
