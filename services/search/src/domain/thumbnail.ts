// The one image a hit shows: the 640-wide WebP rendition, or the nearest width to it (the wider of
// two equally near), falling back to JPEG and then AVIF when a media has no WebP.
import type { MediaRendition } from '@copper/events';

export const THUMBNAIL_WIDTH = 640;
const FORMATS = ['webp', 'jpeg', 'avif'] as const;

export interface Thumbnail {
  key: string;
  width: number;
  height: number;
  contentType: MediaRendition['contentType'];
}

export function pickThumbnail(renditions: readonly MediaRendition[]): Thumbnail | undefined {
  for (const format of FORMATS) {
    const best = renditions
      .filter((rendition) => rendition.format === format)
      .sort(
        (a, b) =>
          Math.abs(a.width - THUMBNAIL_WIDTH) - Math.abs(b.width - THUMBNAIL_WIDTH) ||
          b.width - a.width ||
          Number(a.watermarked) - Number(b.watermarked),
      )[0];
    if (best) return { key: best.key, width: best.width, height: best.height, contentType: best.contentType };
  }
  return undefined;
}
