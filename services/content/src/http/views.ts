// How catalogue rows look on the wire: one mapping per resource, used by every route that shows it.
import { type EditionAvailability, impressionLabel } from '@copper/catalogue';
import type { ArtworkRow, CollectionRow, EditionRow, ImpressionRow } from '../adapters/catalogue-store.ts';

const size = (width: number | null, height: number | null) =>
  width !== null && height !== null ? { width, height } : null;

export function artworkSummary(artwork: ArtworkRow) {
  return {
    id: artwork.id,
    slug: artwork.slug,
    title: artwork.title,
    year: artwork.year,
    techniques: artwork.techniques,
    plateSizeMm: size(artwork.plateWidthMm, artwork.plateHeightMm),
    status: artwork.status,
    publishedAt: artwork.publishedAt?.toISOString() ?? null,
  };
}

export function impressionView(impression: ImpressionRow, editionSize: number) {
  return {
    id: impression.id,
    label: impressionLabel(impression, editionSize),
    kind: impression.kind,
    number: impression.number,
    status: impression.status,
    version: impression.version,
  };
}

export function editionView(edition: EditionRow, impressions: ImpressionRow[], availability: EditionAvailability) {
  return {
    id: edition.id,
    size: edition.size,
    artistProofs: edition.artistProofs,
    paper: edition.paper,
    ink: edition.ink,
    sheetSizeMm: size(edition.sheetWidthMm, edition.sheetHeightMm),
    plateSizeMm: size(edition.plateWidthMm, edition.plateHeightMm),
    price: { amountMinor: edition.priceMinor, currency: edition.currency },
    status: edition.status,
    version: edition.version,
    availability: {
      available: availability.availableCount,
      reserved: availability.numbered.reserved + availability.artistProofs.reserved,
      sold: availability.numbered.sold + availability.artistProofs.sold,
      soldOut: availability.soldOut,
    },
    impressions: impressions.map((i) => impressionView(i, edition.size)),
  };
}

export function artworkDetail(view: {
  artwork: ArtworkRow;
  collections: { slug: string; title: string }[];
  editions: { edition: EditionRow; impressions: ImpressionRow[]; availability: EditionAvailability }[];
}) {
  return {
    ...artworkSummary(view.artwork),
    description: view.artwork.description,
    version: view.artwork.version,
    collections: view.collections,
    editions: view.editions.map((e) => editionView(e.edition, e.impressions, e.availability)),
    // Filled by the image-processing service's published media (image issue).
    media: [],
  };
}

export function collectionView(collection: CollectionRow) {
  return {
    id: collection.id,
    slug: collection.slug,
    title: collection.title,
    description: collection.description,
    version: collection.version,
  };
}
