// The one place that turns the API's artwork shapes into what a card shows. Lists, the site's
// featured prints and related prints come as the API's `ArtworkCard`, whose image is already a
// card image; only the print page (full media) and search hits (one thumbnail) are built here.
import type { ArtworkCard, CardImage, Media, Rendition, SearchHit } from './api/types.ts';
import type { Availability } from './catalogue.ts';

export type { CardImage };

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

function srcsetOf(renditions: Rendition[], format: Rendition['format']): string | null {
  const srcset = renditions
    .filter((rendition) => rendition.format === format)
    .sort((a, b) => a.width - b.width)
    .map((rendition) => `${rendition.url} ${rendition.width}w`)
    .join(', ');
  return srcset || null;
}

/** The JPEG closest to `width` from above (or the largest), the image every browser can show. */
export function fallbackRendition(renditions: Rendition[], width = FALLBACK_WIDTH): Rendition | undefined {
  const jpegs = renditions.filter((rendition) => rendition.format === 'jpeg').sort((a, b) => a.width - b.width);
  return jpegs.find((rendition) => rendition.width >= width) ?? jpegs.at(-1) ?? renditions[0];
}

/** The print page's image from a full scan: every rendition, so the browser can pick a large one. */
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

export function cardFromApi(card: ArtworkCard): Card {
  const { available, soldOut, lowestPrice } = card.availability;
  return {
    slug: card.slug,
    title: card.title,
    year: card.year,
    techniques: card.techniques,
    availability: available > 0 ? 'available' : soldOut ? 'sold-out' : 'none',
    priceFrom: lowestPrice,
    image: card.image,
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
          srcset: { avif: null, webp: null, jpeg: null },
        }
      : null,
  };
}
