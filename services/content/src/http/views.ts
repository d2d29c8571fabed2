// How catalogue rows look on the wire: one mapping per resource, used by every route that shows it.
import { type EditionAvailability, impressionLabel } from '@copper/catalogue';
import type { MediaDocument } from '@copper/events';
import type { ArtworkRow, CollectionRow, EditionRow, ImpressionRow } from '../adapters/catalogue-store.ts';
import type { ArtworkCardData } from '../domain/cards.ts';
import type { SiteProfile } from '../domain/site.ts';

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

/**
 * A card shows the print at most about 480 CSS px wide: the two largest renditions up to 960 px
 * (640 and 960 for a full-size scan) serve 1× and 2× screens alike. Smaller ones would only serve
 * 1× thumbnails, and each URL costs ~150 bytes, so they, like the larger ones, stay on the
 * artwork's page: that keeps a card under 2 KB.
 */
const CARD_MAX_WIDTH = 960;
const CARD_WIDTHS_PER_FORMAT = 2;
const CARD_SRC_WIDTH = 640;

/** The lead image as a card paints it: ready `srcset` strings per format and a JPEG `src` near 640 px. */
export function cardImage(media: MediaDocument, baseUrl: string) {
  const byWidth = [...media.renditions].sort((a, b) => a.width - b.width);
  const srcset = (format: 'avif' | 'webp' | 'jpeg') => {
    const chosen = byWidth
      .filter((r) => r.format === format && r.width <= CARD_MAX_WIDTH)
      .slice(-CARD_WIDTHS_PER_FORMAT);
    return chosen.length > 0 ? chosen.map((r) => `${mediaUrl(baseUrl, r.key)} ${r.width}w`).join(', ') : null;
  };
  // Every browser decodes JPEG; any format stands in only when a scan somehow has no JPEG at all.
  const fallbacks = byWidth.some((r) => r.format === 'jpeg') ? byWidth.filter((r) => r.format === 'jpeg') : byWidth;
  const src = fallbacks.find((r) => r.width >= CARD_SRC_WIDTH) ?? fallbacks.at(-1);
  if (!src) throw new Error(`media ${media.id} holds no rendition, which its contract forbids`);
  return {
    alt: media.alt,
    width: media.width,
    height: media.height,
    dominantColour: media.placeholder.dominantColour,
    thumbhash: media.placeholder.thumbhash,
    src: mediaUrl(baseUrl, src.key),
    srcset: { avif: srcset('avif'), webp: srcset('webp'), jpeg: srcset('jpeg') },
  };
}

/** A published artwork in a list: what its card shows, and the slug to open it by. */
export function artworkCard(card: ArtworkCardData, baseUrl: string) {
  const { status: _status, ...summary } = artworkSummary(card.artwork);
  return {
    ...summary,
    availability: card.availability,
    image: card.image ? cardImage(card.image, baseUrl) : null,
  };
}

/** The lead media of each card, for looking up the media base URL only when one is shown. */
export const cardMedia = (cards: readonly { image: MediaDocument | null }[]) =>
  cards.flatMap((card) => (card.image ? [card.image] : []));

/** Cards with absolute image URLs, given the base URL looked up for `cardMedia(cards)`. */
export const artworkCards = (cards: readonly ArtworkCardData[], baseUrl: string) =>
  cards.map((card) => artworkCard(card, baseUrl));

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

/** The site's profile with its featured prints already made into cards. */
export function siteView(profile: SiteProfile, featured: ReturnType<typeof artworkCard>[]) {
  return { artistName: profile.artistName, statement: profile.statement, featured, version: profile.version };
}
