// The catalogue's use cases: each one reads what the rules need, asks @copper/catalogue, and
// writes in one transaction, so a refused or failed change leaves every row as it was. Once the
// transaction has committed, every artwork whose search hit it could alter is announced
// (ArtworkChanged, see artwork-events.ts); a failed announcement never undoes the change.
import {
  type ArtworkAction,
  canDeleteEdition,
  checkEdition,
  checkSlug,
  type EditionDetails,
  editionAvailability,
  type ImpressionAction,
  InvalidValueError,
  isVisibleToVisitors,
  planEditionResize,
  planImpressions,
  reorder,
  type Technique,
  transitionArtwork,
  transitionImpression,
  uniqueSlug,
} from '@copper/catalogue';
import type {
  ArtworkRow,
  CatalogueStore,
  CollectionRow,
  EditionRow,
  ImpressionRow,
  Tx,
} from '../adapters/catalogue-store.ts';
import { type ArtworkEvents, createArtworkAnnouncer } from './artwork-events.ts';
import { createArtworkProjections } from './artwork-projection.ts';
import { createCards, groupBy } from './cards.ts';
import { decodeCursor, encodeCursor, listScope } from './cursor.ts';
import { LastEditionError, MissingError, RuleRefusedError, StaleVersionError, TakenError } from './errors.ts';

export interface Size {
  width: number;
  height: number;
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; errors: RuleRefusedError['errors'] }): T {
  if (!result.ok) throw new RuleRefusedError(result.errors);
  return result.value;
}

/** Unique-violation from PostgreSQL (23505), whichever driver raised it. */
function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const {
      code,
      constraint_name,
      constraint: name,
    } = e as { code?: string; constraint_name?: string; constraint?: string };
    if (code === '23505' && (constraint_name ?? name ?? '').includes(constraint)) return true;
    if (code === '23505' && !(constraint_name ?? name)) return true;
  }
  return false;
}

/** Related prints shown under an artwork: one row of a page. */
const RELATED_LIMIT = 6;

export function createCatalogue(store: CatalogueStore, events: ArtworkEvents) {
  const cardsOf = createCards(store);
  const announce = createArtworkAnnouncer(createArtworkProjections(store), events);
  /** Announces `artworkIds` after `change` committed, and answers what it answered. */
  async function announced<T>(change: Promise<T>, artworkIds: (result: T) => readonly string[]): Promise<T> {
    const result = await change;
    await announce(artworkIds(result));
    return result;
  }

  async function detailsOf(artworkRows: ArtworkRow[]) {
    const ids = artworkRows.map((a) => a.id);
    const [editionRows, collectionRows, mediaRows] = await Promise.all([
      store.editionsOf(ids),
      store.collectionsOfArtworks(ids),
      store.mediaOfArtworks(ids),
    ]);
    const impressionRows = await store.impressionsOf(editionRows.map((e) => e.id));
    return { editionRows, collectionRows, impressionRows, mediaRows };
  }

  async function artworkView(row: ArtworkRow) {
    const { editionRows, collectionRows, impressionRows, mediaRows } = await detailsOf([row]);
    const impressionsByEdition = groupBy(impressionRows, (i) => i.editionId);
    return {
      artwork: row,
      collections: collectionRows.map(({ slug, title }) => ({ slug, title })),
      media: mediaRows.map((m) => m.document),
      editions: editionRows.map((edition) => {
        const own = impressionsByEdition.get(edition.id) ?? [];
        return { edition, impressions: own, availability: editionAvailability(own) };
      }),
    };
  }

  async function requirePublished(slug: string) {
    const row = await store.artworkBySlug(slug);
    if (!row || !isVisibleToVisitors(row.status)) throw new MissingError('artwork', slug);
    return row;
  }

  async function requireArtwork(id: string, tx?: Tx, options: { lock?: boolean } = {}) {
    const row = await store.artworkById(id, tx, options);
    if (!row) throw new MissingError('artwork', id);
    return row;
  }

  async function requireEdition(id: string, tx?: Tx) {
    const row = await store.editionById(id, tx);
    if (!row) throw new MissingError('edition', id);
    return row;
  }

  /** The cursor's position; refused when it is not ours, or was given out for other filters (`scope`). */
  function cursorOrRefuse(cursor: string | undefined, scope?: string) {
    if (cursor === undefined) return undefined;
    const decoded = decodeCursor(cursor);
    if (!decoded) throw new RuleRefusedError([new InvalidValueError('cursor', 'is not a cursor this API gave out')]);
    if (decoded.scope !== scope) {
      throw new RuleRefusedError([
        new InvalidValueError('cursor', 'belongs to another listing: keep collection and technique as they were'),
      ]);
    }
    return decoded;
  }

  return {
    // ---- visitors ------------------------------------------------------------------------------
    /**
     * A page of cards, newest first, filtered by collection and techniques (any of them). A cursor
     * carries its filters' scope, so a client cannot change filters halfway through a walk unnoticed.
     */
    async publishedPage(query: { limit: number; cursor?: string; collection?: string; technique?: Technique[] }) {
      const filters = { collection: query.collection ?? null, techniques: [...(query.technique ?? [])].sort() };
      const scope = listScope(filters);
      const after = cursorOrRefuse(query.cursor, scope);
      const page = await store.listPublished({
        limit: query.limit,
        ...(after ? { after: { publishedAt: after.at, id: after.id } } : {}),
        ...(filters.collection ? { collectionSlug: filters.collection } : {}),
        ...(filters.techniques.length > 0 ? { techniques: filters.techniques } : {}),
      });
      const last = page.rows.at(-1);
      return {
        items: await cardsOf(page.rows),
        nextCursor: page.more && last?.publishedAt ? encodeCursor(last.publishedAt, last.id, scope) : null,
      };
    },

    async publishedArtwork(slug: string) {
      return artworkView(await requirePublished(slug));
    },

    /** Up to six published prints sharing a collection or a technique with this one, most shared first. */
    async relatedArtworks(slug: string) {
      const row = await requirePublished(slug);
      return cardsOf(await store.relatedPublished(row.id, RELATED_LIMIT));
    },

    /** Every collection with its count of published artworks and its cover image, if it has one. */
    async collections() {
      const [rows, covers] = await Promise.all([store.listCollections(), store.collectionCovers()]);
      return rows.map((row) => ({ ...row, cover: covers.get(row.id) ?? null }));
    },

    async publishedCollection(slug: string) {
      const collection = await store.collectionBy({ slug });
      if (!collection) throw new MissingError('collection', slug);
      return { collection, artworks: await store.publishedArtworksOfCollection(collection.id) };
    },

    // ---- the artist: artworks ------------------------------------------------------------------
    async studioPage(query: { limit: number; cursor?: string }) {
      const after = cursorOrRefuse(query.cursor);
      const page = await store.listAllArtworks(query.limit, after ? { createdAt: after.at, id: after.id } : undefined);
      const last = page.rows.at(-1);
      return { items: page.rows, nextCursor: page.more && last ? encodeCursor(last.createdAt, last.id) : null };
    },

    async studioArtwork(id: string) {
      return artworkView(await requireArtwork(id));
    },

    async createArtwork(input: {
      title: string;
      slug?: string | undefined;
      year?: number | undefined;
      techniques: Technique[];
      plateSizeMm?: Size | undefined;
      description: string;
    }) {
      const created = store.transaction(async (tx) => {
        let slug: string;
        if (input.slug) {
          slug = unwrap(checkSlug(input.slug));
          if (await store.slugTaken(slug, tx)) throw new TakenError('slug', slug);
        } else {
          const base = uniqueSlug(input.title, () => false);
          const taken = await store.slugsLike(base, tx);
          slug = uniqueSlug(base, (candidate) => taken.has(candidate));
        }
        try {
          return await store.insertArtwork(
            {
              slug,
              title: input.title,
              year: input.year ?? null,
              techniques: input.techniques,
              plateWidthMm: input.plateSizeMm?.width ?? null,
              plateHeightMm: input.plateSizeMm?.height ?? null,
              description: input.description,
            },
            tx,
          );
        } catch (error) {
          if (isUniqueViolation(error, 'slug')) throw new TakenError('slug', slug);
          throw error;
        }
      });
      return announced(created, (row) => [row.id]);
    },

    async updateArtwork(
      id: string,
      version: number,
      patch: {
        title?: string | undefined;
        slug?: string | undefined;
        year?: number | null | undefined;
        techniques?: Technique[] | undefined;
        plateSizeMm?: Size | null | undefined;
        description?: string | undefined;
      },
    ) {
      const updated = store.transaction(async (tx) => {
        const current = await requireArtwork(id, tx);
        if (current.version !== version) throw new StaleVersionError('artwork');
        if (patch.slug !== undefined && patch.slug !== current.slug) {
          unwrap(checkSlug(patch.slug));
          if (await store.slugTaken(patch.slug, tx)) throw new TakenError('slug', patch.slug);
        }
        try {
          const row = await store.updateArtwork(
            id,
            version,
            {
              ...(patch.title !== undefined ? { title: patch.title } : {}),
              ...(patch.slug !== undefined ? { slug: patch.slug } : {}),
              ...(patch.year !== undefined ? { year: patch.year } : {}),
              ...(patch.techniques !== undefined ? { techniques: patch.techniques } : {}),
              ...(patch.plateSizeMm !== undefined
                ? { plateWidthMm: patch.plateSizeMm?.width ?? null, plateHeightMm: patch.plateSizeMm?.height ?? null }
                : {}),
              ...(patch.description !== undefined ? { description: patch.description } : {}),
            },
            tx,
          );
          if (!row) throw new StaleVersionError('artwork');
          return row;
        } catch (error) {
          if (isUniqueViolation(error, 'slug') && patch.slug) throw new TakenError('slug', patch.slug);
          throw error;
        }
      });
      return announced(updated, (row) => [row.id]);
    },

    async changeArtworkStatus(id: string, version: number, action: ArtworkAction) {
      const changed = store.transaction(async (tx) => {
        const current = await requireArtwork(id, tx, { lock: true });
        if (current.version !== version) throw new StaleVersionError('artwork');
        const editionCount = (await store.editionsOf([id], tx)).length;
        const status = unwrap(
          transitionArtwork({ status: current.status, title: current.title, editionCount }, action),
        );
        const row = await store.updateArtwork(
          id,
          version,
          { status, ...(status === 'published' ? { publishedAt: new Date() } : {}) },
          tx,
        );
        if (!row) throw new StaleVersionError('artwork');
        return row;
      });
      return announced(changed, (row) => [row.id]);
    },

    // ---- the artist: editions and impressions --------------------------------------------------
    async createEdition(
      artworkId: string,
      input: Omit<EditionDetails, 'status' | 'sheetWidthMm' | 'sheetHeightMm' | 'plateWidthMm' | 'plateHeightMm'> & {
        sheetSizeMm?: Size | undefined;
        plateSizeMm?: Size | undefined;
      },
    ) {
      const details = unwrap(
        checkEdition({
          size: input.size,
          artistProofs: input.artistProofs,
          paper: input.paper,
          ink: input.ink,
          sheetWidthMm: input.sheetSizeMm?.width ?? null,
          sheetHeightMm: input.sheetSizeMm?.height ?? null,
          plateWidthMm: input.plateSizeMm?.width ?? null,
          plateHeightMm: input.plateSizeMm?.height ?? null,
          priceMinor: input.priceMinor,
          currency: input.currency,
          status: 'open',
        }),
      );
      const created = store.transaction(async (tx) => {
        await requireArtwork(artworkId, tx);
        const edition = await store.insertEdition({ ...details, artworkId }, tx);
        await store.insertImpressions(
          planImpressions(details.size, details.artistProofs).map((slot) => ({ ...slot, editionId: edition.id })),
          tx,
        );
        return edition;
      });
      return announced(created, (edition) => [edition.artworkId]);
    },

    async edition(id: string) {
      const edition = await requireEdition(id);
      const impressions = await store.impressionsOf([id]);
      return { edition, impressions, availability: editionAvailability(impressions) };
    },

    async updateEdition(
      id: string,
      version: number,
      patch: Partial<Omit<EditionDetails, 'sheetWidthMm' | 'sheetHeightMm' | 'plateWidthMm' | 'plateHeightMm'>> & {
        sheetSizeMm?: Size | null | undefined;
        plateSizeMm?: Size | null | undefined;
      },
    ): Promise<EditionRow> {
      const updated = store.transaction(async (tx) => {
        const current = await requireEdition(id, tx);
        if (current.version !== version) throw new StaleVersionError('edition');
        const impressions = await store.impressionsOf([id], tx);
        const resize = unwrap(
          planEditionResize(current, impressions, {
            ...(patch.size !== undefined ? { size: patch.size } : {}),
            ...(patch.artistProofs !== undefined ? { artistProofs: patch.artistProofs } : {}),
          }),
        );
        const next = unwrap(
          checkEdition({
            size: resize.size,
            artistProofs: resize.artistProofs,
            paper: patch.paper ?? current.paper,
            ink: patch.ink ?? current.ink,
            sheetWidthMm: patch.sheetSizeMm === undefined ? current.sheetWidthMm : (patch.sheetSizeMm?.width ?? null),
            sheetHeightMm:
              patch.sheetSizeMm === undefined ? current.sheetHeightMm : (patch.sheetSizeMm?.height ?? null),
            plateWidthMm: patch.plateSizeMm === undefined ? current.plateWidthMm : (patch.plateSizeMm?.width ?? null),
            plateHeightMm:
              patch.plateSizeMm === undefined ? current.plateHeightMm : (patch.plateSizeMm?.height ?? null),
            priceMinor: patch.priceMinor ?? current.priceMinor,
            currency: patch.currency ?? current.currency,
            status: patch.status ?? current.status,
          }),
        );
        await store.deleteImpressions(
          resize.remove.map((i) => i.id),
          tx,
        );
        await store.insertImpressions(
          resize.add.map((slot) => ({ ...slot, editionId: id })),
          tx,
        );
        const row = await store.updateEdition(id, version, next, tx);
        if (!row) throw new StaleVersionError('edition');
        return row;
      });
      return announced(updated, (row) => [row.artworkId]);
    },

    async deleteEdition(id: string, version: number) {
      const deleted = store.transaction(async (tx) => {
        const current = await requireEdition(id, tx);
        if (current.version !== version) throw new StaleVersionError('edition');
        // Publishing requires an edition (transitionArtwork); deleting must not undo that behind its back,
        // even when a publish runs at the same moment: both take the artwork's row lock first.
        const artwork = await requireArtwork(current.artworkId, tx, { lock: true });
        unwrap(canDeleteEdition(await store.impressionsOf([id], tx)));
        if (artwork.status === 'published' && (await store.editionsOf([artwork.id], tx)).length <= 1) {
          throw new RuleRefusedError([new LastEditionError()]);
        }
        await store.deleteEdition(id, tx);
        return current.artworkId;
      });
      await announced(deleted, (artworkId) => [artworkId]);
    },

    async impressionAction(id: string, version: number, action: ImpressionAction): Promise<ImpressionRow> {
      const moved = store.transaction(async (tx) => {
        const current = await store.impressionById(id, tx);
        if (!current) throw new MissingError('impression', id);
        if (current.version !== version) throw new StaleVersionError('impression');
        const status = unwrap(transitionImpression(current.status, action));
        const row = await store.updateImpressionStatus(id, version, status, tx);
        if (!row) throw new StaleVersionError('impression');
        const edition = await requireEdition(row.editionId, tx);
        return { row, artworkId: edition.artworkId };
      });
      return (await announced(moved, ({ artworkId }) => [artworkId])).row;
    },

    // ---- the artist: collections ---------------------------------------------------------------
    async createCollection(input: { title: string; slug?: string | undefined; description: string }) {
      let slug: string;
      if (input.slug) slug = unwrap(checkSlug(input.slug));
      else {
        // Like artworks: a second "Harbour Series" becomes harbour-series-2 rather than a refusal.
        const base = uniqueSlug(input.title, () => false);
        const taken = await store.collectionSlugsLike(base);
        slug = uniqueSlug(base, (candidate) => taken.has(candidate));
      }
      try {
        return await store.insertCollection({ slug, title: input.title, description: input.description });
      } catch (error) {
        if (isUniqueViolation(error, 'slug')) throw new TakenError('slug', slug);
        throw error;
      }
    },

    async updateCollection(
      id: string,
      version: number,
      patch: { title?: string | undefined; slug?: string | undefined; description?: string | undefined },
    ) {
      const current = await store.collectionBy({ id });
      if (!current) throw new MissingError('collection', id);
      if (current.version !== version) throw new StaleVersionError('collection');
      let row: CollectionRow | undefined;
      try {
        row = await store.updateCollection(id, version, {
          ...(patch.title !== undefined ? { title: patch.title } : {}),
          ...(patch.slug !== undefined ? { slug: unwrap(checkSlug(patch.slug)) } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
        });
      } catch (error) {
        if (isUniqueViolation(error, 'slug') && patch.slug) throw new TakenError('slug', patch.slug);
        throw error;
      }
      if (!row) throw new StaleVersionError('collection');
      // Hits show a collection's slug and title, not its description.
      if (row.title !== current.title || row.slug !== current.slug)
        await announce(await store.collectionArtworkIds(id));
      return row;
    },

    async studioCollection(id: string) {
      const collection = await store.collectionBy({ id });
      if (!collection) throw new MissingError('collection', id);
      return { collection, artworkIds: await store.collectionArtworkIds(id) };
    },

    /**
     * Sets which artworks a collection holds and in what order: the list is the whole new
     * arrangement, each id once, every one an existing artwork.
     */
    async arrangeCollection(id: string, version: number, artworkIds: string[]) {
      const arranged = store.transaction(async (tx) => {
        const current = await store.collectionBy({ id }, tx);
        if (!current) throw new MissingError('collection', id);
        if (current.version !== version) throw new StaleVersionError('collection');
        const before = await store.collectionArtworkIds(id, tx);
        const existing = await store.existingArtworkIds(artworkIds, tx);
        // Measured against the artworks that exist, so an unknown or repeated id is named in the refusal.
        const placements = unwrap(reorder([...existing], artworkIds));
        await store.replaceCollectionArtworks(id, placements, tx);
        const row = await store.updateCollection(id, version, {}, tx);
        if (!row) throw new StaleVersionError('collection');
        return { collection: row, artworkIds, before };
      });
      // Only the artworks that left or joined: a hit lists its collections, not its place in them.
      const done = await announced(arranged, ({ before, artworkIds: after }) => {
        const was = new Set(before);
        const is = new Set(after);
        return [...before.filter((a) => !is.has(a)), ...after.filter((a) => !was.has(a))];
      });
      return { collection: done.collection, artworkIds: done.artworkIds };
    },
  };
}

export type Catalogue = ReturnType<typeof createCatalogue>;
