// What search keeps of an artwork (the ArtworkProjection of @copper/events), made from content's own
// rows by the same rules the catalogue's views use, so a hit can never disagree with the artwork's page.
// `projectArtwork` is pure; `createArtworkProjections` reads the rows it needs from one snapshot.
import { type Edition, editionAvailability, type Impression } from '@copper/catalogue';
import type { ArtworkProjection, MediaDocument } from '@copper/events';
import type { ArtworkRow, CatalogueStore } from '../adapters/catalogue-store.ts';

export interface ProjectionSource {
  artwork: ArtworkRow;
  editions: {
    edition: Pick<Edition, 'priceMinor' | 'currency'>;
    impressions: Pick<Impression, 'kind' | 'status'>[];
  }[];
  collections: { slug: string; title: string }[];
}

/**
 * Availability as a visitor looking to buy sees it, from the same per-edition counts as the artwork's
 * page: `available` while any impression (numbered or proof) can be bought, `reserved` when only
 * reserved ones are left, `none` without any edition, and `sold-out` otherwise — every numbered
 * impression sold, or what is left withheld from sale, which a buyer cannot tell apart.
 */
export function projectAvailability(editions: ProjectionSource['editions']): ArtworkProjection['availability'] {
  if (editions.length === 0) return 'none';
  const counts = editions.map((e) => editionAvailability(e.impressions));
  if (counts.some((c) => c.availableCount > 0)) return 'available';
  if (counts.some((c) => c.numbered.reserved + c.artistProofs.reserved > 0)) return 'reserved';
  return 'sold-out';
}

/**
 * The price range of the editions that still have an impression on offer (available or reserved),
 * closed or not: a closed edition is one that will not be printed again, and what is left of it is
 * still sold at its price. Editions in another currency than the first such edition's are left out
 * rather than compared across currencies. Null when nothing is on offer.
 */
export function projectPrice(editions: ProjectionSource['editions']): ArtworkProjection['price'] {
  const offered = editions
    .filter(({ impressions }) => impressions.some((i) => i.status === 'available' || i.status === 'reserved'))
    .map((e) => e.edition);
  const currency = offered[0]?.currency;
  if (currency === undefined) return null;
  const prices = offered.filter((e) => e.currency === currency).map((e) => e.priceMinor);
  return { minMinor: Math.min(...prices), maxMinor: Math.max(...prices), currency };
}

/** `changedAt` is when the rows were read: of two projections of one artwork, the later read is the newer truth. */
export function projectArtwork(source: ProjectionSource, changedAt: string): ArtworkProjection {
  const { artwork } = source;
  return {
    artworkId: artwork.id,
    slug: artwork.slug,
    status: artwork.status,
    title: artwork.title,
    description: artwork.description,
    techniques: [...artwork.techniques],
    collections: source.collections.map(({ slug, title }) => ({ slug, title })),
    year: artwork.year,
    plateWidthMm: artwork.plateWidthMm,
    plateHeightMm: artwork.plateHeightMm,
    price: projectPrice(source.editions),
    availability: projectAvailability(source.editions),
    publishedAt: artwork.publishedAt?.toISOString() ?? null,
    changedAt,
  };
}

export function createArtworkProjections(store: CatalogueStore) {
  /** The projections of these artworks (unknown ids are skipped), all read from one snapshot. */
  async function of(artworkIds: readonly string[]): Promise<ArtworkProjection[]> {
    const ids = [...new Set(artworkIds)];
    if (ids.length === 0) return [];
    const rows = await store.projectionSources(ids);
    const impressionsByEdition = Map.groupBy(rows.impressions, (i) => i.editionId);
    const editionsByArtwork = Map.groupBy(rows.editions, (e) => e.artworkId);
    const collectionsByArtwork = Map.groupBy(rows.collections, (c) => c.artworkId);
    return rows.artworks.map((artwork) =>
      projectArtwork(
        {
          artwork,
          editions: (editionsByArtwork.get(artwork.id) ?? []).map((edition) => ({
            edition,
            impressions: impressionsByEdition.get(edition.id) ?? [],
          })),
          collections: collectionsByArtwork.get(artwork.id) ?? [],
        },
        rows.readAt,
      ),
    );
  }

  return {
    of,

    /** How many artworks are published: what a rebuild of search will hold. */
    countPublished: () => store.countPublished(),

    /**
     * Every published artwork's projection, a page at a time in id order (an artwork published
     * while this runs is announced by its own event, so missing it here loses nothing).
     */
    async *published(pageSize = 100): AsyncGenerator<ArtworkProjection[]> {
      let after: string | undefined;
      for (;;) {
        const ids = await store.publishedIds(pageSize, after);
        if (ids.length > 0) yield await of(ids);
        if (ids.length < pageSize) return;
        after = ids.at(-1);
      }
    },

    /** Every media content keeps, of any artwork, a page at a time: search keeps them for when it is published. */
    async *media(pageSize = 100): AsyncGenerator<MediaDocument[]> {
      let after: string | undefined;
      for (;;) {
        const rows = await store.mediaPage(pageSize, after);
        if (rows.length > 0) yield rows.map((row) => row.document);
        if (rows.length < pageSize) return;
        after = rows.at(-1)?.mediaId;
      }
    },
  };
}

export type ArtworkProjections = ReturnType<typeof createArtworkProjections>;
