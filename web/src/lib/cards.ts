// The one place that turns the API's artwork shapes into what a card shows. The list route carries
// full media today; a smaller card shape is on its way (`image: { alt, width, height, dominantColour,
// thumbhash, src, srcset }`), and `CardImage` is already that shape, so switching is a change here only.
import type { ArtworkListItem, Media, Rendition, SearchHit } from './api/types.ts';
import type { Availability } from './catalogue.ts';

export interface CardImage {
  alt: string;
  width: number;
  height: number;
  dominantColour: string;
  thumbhash: string;
  src: string;
  srcset: { avif: string; webp: string; jpeg: string };
}

export interface Card {
  slug: string;
  title: string;
  year: number | null;
  techniques: string[];
  availability: Availability;
  /** The lowest price of its editions, if any is offered. */
  priceFrom: { amountMinor: number; currency: string } | null;
  image: CardImage | null;
}

/** The width a card's `src` falls back to (browsers without srcset, and crawlers). */
const FALLBACK_WIDTH = 640;

function srcsetOf(renditions: Rendition[], format: Rendition['format']): string {
  return renditions
    .filter((rendition) => rendition.format === format)
    .sort((a, b) => a.width - b.width)
    .map((rendition) => `${rendition.url} ${rendition.width}w`)
    .join(', ');
}

/** The JPEG closest to `width` from above (or the largest), the image every browser can show. */
export function fallbackRendition(renditions: Rendition[], width = FALLBACK_WIDTH): Rendition | undefined {
  const jpegs = renditions.filter((rendition) => rendition.format === 'jpeg').sort((a, b) => a.width - b.width);
  return jpegs.find((rendition) => rendition.width >= width) ?? jpegs.at(-1) ?? renditions[0];
}

export function imageOf(media: Media | undefined, width = FALLBACK_WIDTH): CardImage | null {
  if (!media) return null;
  const fallback = fallbackRendition(media.renditions, width);
  if (!fallback) return null;
  return {
    alt: media.alt,
    width: media.width,
    height: media.height,
    dominantColour: media.dominantColour,
    thumbhash: media.placeholder.thumbhash,
    src: fallback.url,
    srcset: {
      avif: srcsetOf(media.renditions, 'avif'),
      webp: srcsetOf(media.renditions, 'webp'),
      jpeg: srcsetOf(media.renditions, 'jpeg'),
    },
  };
}

function lowest(prices: { amountMinor: number; currency: string }[]) {
  return prices.reduce<Card['priceFrom']>(
    (low, price) => (low === null || price.amountMinor < low.amountMinor ? price : low),
    null,
  );
}

export function cardFromListItem(item: ArtworkListItem): Card {
  return {
    slug: item.slug,
    title: item.title,
    year: item.year,
    techniques: item.techniques,
    availability: item.availableCount > 0 ? 'available' : item.soldOut ? 'sold-out' : 'none',
    priceFrom: lowest(item.prices),
    // An artwork lists its media newest first: the newest scan is the one shown.
    image: imageOf(item.media[0]),
  };
}

/** Search hits carry one thumbnail, not the renditions: a single-source image, still placeheld. */
export function cardFromSearchHit(hit: SearchHit): Card {
  const thumbnail = hit.thumbnail;
  return {
    slug: hit.slug,
    title: hit.title,
    year: hit.year,
    techniques: hit.techniques,
    availability: hit.availability,
    priceFrom: hit.price ? { amountMinor: hit.price.minMinor, currency: hit.price.currency } : null,
    image: thumbnail
      ? {
          alt: thumbnail.alt,
          width: thumbnail.width,
          height: thumbnail.height,
          dominantColour: thumbnail.placeholder.dominantColour,
          thumbhash: thumbnail.placeholder.thumbhash,
          src: thumbnail.url,
          srcset: { avif: '', webp: '', jpeg: '' },
        }
      : null,
  };
}
