import sharp, { type OutputInfo } from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import { ImageProcessingError } from './errors.ts';
import { decodeOptions, refusalFor, requireHeader } from './header.ts';
import type { ImageSource, SourceLimits } from './types.ts';

export interface Placeholder {
  /** ThumbHash of the upright image, base64; decodes to its aspect ratio. */
  thumbhash: string;
  /** The image's dominant sRGB colour, `#rrggbb`, for a background before anything loads. */
  dominant: string;
  /** The upright source's width and height, so a page can reserve the right box. */
  width: number;
  height: number;
}

/** ThumbHash encodes at most 100 × 100; anything larger only costs time. */
const THUMBHASH_MAX = 100;

/**
 * The placeholder a page shows while the first rendition loads. One decode, shrunk on load to at
 * most 100 px, feeds both the ThumbHash and the dominant colour. Taking the dominant colour of the
 * downscale rather than the full scan is deliberate as well as cheap: it is the colour of the print
 * seen small, where line work and paper blend, which is what a placeholder stands in for.
 */
export async function placeholder(source: ImageSource, limits: SourceLimits = {}): Promise<Placeholder> {
  const { info, ends } = await requireHeader(source, limits);
  let small: { data: Buffer; info: OutputInfo };
  try {
    small = await sharp(source, decodeOptions(limits))
      .resize({ width: THUMBHASH_MAX, height: THUMBHASH_MAX, fit: 'inside', withoutEnlargement: true })
      // Forces three colour channels for greyscale and CMYK alike, so the buffer is always RGBA.
      .toColourspace('srgb')
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw (
      refusalFor(error, info.format, ends) ??
      new ImageProcessingError('placeholder', 'decoding the source failed', { cause: error })
    );
  }
  const { width, height, channels } = small.info;
  const hash = rgbaToThumbHash(width, height, small.data);
  const { dominant } = await sharp(small.data, { raw: { width, height, channels } }).stats();
  return {
    thumbhash: Buffer.from(hash).toString('base64'),
    dominant: `#${[dominant.r, dominant.g, dominant.b].map((c) => c.toString(16).padStart(2, '0')).join('')}`,
    width: info.orientedWidth,
    height: info.orientedHeight,
  };
}
