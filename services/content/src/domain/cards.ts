// Cards: a published artwork as a list shows it (the visitors' list, related prints, featured
// prints, collection covers): its availability in one line and its lead image, never its editions.
import { type EditionAvailability, editionAvailability } from '@copper/catalogue';
import type { MediaDocument } from '@copper/events';
import type { ArtworkRow, CatalogueStore, EditionRow } from '../adapters/catalogue-store.ts';

/** Rows grouped by a key in one pass, so a page of artworks costs O(rows), not O(artworks × rows). */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

/** What a visitor's card shows of a published artwork. */
export interface ArtworkCardData {
  artwork: ArtworkRow;
  availability: {
    /** Impressions (numbered and proofs) that can be bought now, across every edition. */
    available: number;
    /** Every edition is sold out (and there is at least one). */
    soldOut: boolean;
    /** The cheapest open edition with an impression to buy: the "from" price a card shows. */
    lowestPrice: { amountMinor: number; currency: string } | null;
  };
  /** The newest processed scan: the lead image. */
  image: MediaDocument | null;
}

function availabilitySummary(
  editions: { edition: EditionRow; availability: EditionAvailability }[],
): ArtworkCardData['availability'] {
  const buyable = editions
    .filter((e) => e.edition.status === 'open' && e.availability.availableCount > 0)
    .map((e) => e.edition)
    .sort((a, b) => a.priceMinor - b.priceMinor);
  const cheapest = buyable[0];
  return {
    available: editions.reduce((sum, e) => sum + e.availability.availableCount, 0),
    soldOut: editions.length > 0 && editions.every((e) => e.availability.soldOut),
    lowestPrice: cheapest ? { amountMinor: cheapest.priceMinor, currency: cheapest.currency } : null,
  };
}

/** Cards for artworks, in the order given: three reads whatever the number of artworks. */
export function createCards(store: CatalogueStore) {
  return async function cardsOf(rows: ArtworkRow[]): Promise<ArtworkCardData[]> {
    const ids = rows.map((a) => a.id);
    const [editionRows, mediaRows] = await Promise.all([store.editionsOf(ids), store.mediaOfArtworks(ids)]);
    const impressionRows = await store.impressionsOf(editionRows.map((e) => e.id));
    const editionsByArtwork = groupBy(editionRows, (e) => e.artworkId);
    const impressionsByEdition = groupBy(impressionRows, (i) => i.editionId);
    // Media come newest first, so each artwork's first one is its lead image.
    const lead = new Map<string, MediaDocument>();
    for (const media of mediaRows) if (!lead.has(media.artworkId)) lead.set(media.artworkId, media.document);
    return rows.map((artwork) => ({
      artwork,
      availability: availabilitySummary(
        (editionsByArtwork.get(artwork.id) ?? []).map((edition) => ({
          edition,
          availability: editionAvailability(impressionsByEdition.get(edition.id) ?? []),
        })),
      ),
      image: lead.get(artwork.id) ?? null,
    }));
  };
}
