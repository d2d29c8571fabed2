// How catalogue rows look on the wire: one mapping per resource, used by every route that shows it.
import { type EditionAvailability, impressionLabel } from '@copper/catalogue';
import type { MediaDocument } from '@copper/events';
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

/**
 * A media object's public URL. Keys are S3 keys, so each segment is escaped the way S3 (and
 * CloudFront before it) expects, and a `?` or `#` in a key can never turn into a query or fragment.
 */
export function mediaUrl(baseUrl: string, key: string): string {
  return `${baseUrl}${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** One processed scan as a page needs it: every URL absolute, nothing about how it was made. */
export function mediaView(media: MediaDocument, baseUrl: string) {
  const url = (key: string) => mediaUrl(baseUrl, key);
  return {
    id: media.id,
    alt: media.alt,
    width: media.width,
    height: media.height,
    dominantColour: media.placeholder.dominantColour,
    placeholder: { thumbhash: media.placeholder.thumbhash, url: url(media.placeholder.key) },
    renditions: media.renditions.map((r) => ({
      url: url(r.key),
      width: r.width,
      height: r.height,
      format: r.format,
      contentType: r.contentType,
      bytes: r.bytes,
    })),
    tiles: {
      url: url(media.tiles.dziKey),
      width: media.tiles.width,
      height: media.tiles.height,
      tileSize: media.tiles.tileSize,
      overlap: media.tiles.overlap,
      format: media.tiles.format,
    },
    publishedAt: media.publishedAt,
  };
}

export function artworkDetail(
  view: {
    artwork: ArtworkRow;
    collections: { slug: string; title: string }[];
    editions: { edition: EditionRow; impressions: ImpressionRow[]; availability: EditionAvailability }[];
    media: MediaDocument[];
  },
  mediaBaseUrl: string,
) {
  return {
    ...artworkSummary(view.artwork),
    description: view.artwork.description,
    version: view.artwork.version,
    collections: view.collections,
    editions: view.editions.map((e) => editionView(e.edition, e.impressions, e.availability)),
    media: view.media.map((m) => mediaView(m, mediaBaseUrl)),
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
