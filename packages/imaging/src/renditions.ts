import sharp, { type Sharp } from 'sharp';
import { ImageProcessingError } from './errors.ts';
import { decodeOptions, refusalFor, requireHeader } from './header.ts';
import { type ColourSpace, DEFAULT_MAX_PIXELS, type ImageSource, type SourceLimits } from './types.ts';

export type RenditionFormat = 'avif' | 'webp' | 'jpeg';

export interface Rendition {
  width: number;
  height: number;
  format: RenditionFormat;
  contentType: `image/${RenditionFormat}`;
  /** `srgb` carries no profile; a wide gamut is encoded with its ICC profile attached. */
  colourSpace: ColourSpace;
  watermarked: boolean;
  bytes: Buffer;
}

export interface Watermark {
  text: string;
  /**
   * A font file to draw with. Lambda's runtime ships no fonts, so a deployment passes one it bundles;
   * without it fontconfig picks a system sans.
   */
  fontfile?: string;
}

export interface RenditionOptions extends SourceLimits {
  widths?: readonly number[];
  formats?: readonly RenditionFormat[];
  watermark?: Watermark;
  /** Narrower renditions are thumbnails, not worth lifting; they stay unmarked. */
  watermarkMinWidth?: number;
  quality?: Partial<Record<RenditionFormat, number>>;
}

export const DEFAULT_WIDTHS: readonly number[] = [320, 640, 960, 1280, 1920, 2560];
export const DEFAULT_FORMATS: readonly RenditionFormat[] = ['avif', 'webp', 'jpeg'];
export const DEFAULT_WATERMARK_MIN_WIDTH = 1280;

/**
 * Encoder settings are fixed here rather than left to sharp's defaults, because output bytes become
 * content-addressed keys: a sharp upgrade changing a default would otherwise change every key.
 */
const DEFAULT_QUALITY: Record<RenditionFormat, number> = { avif: 55, webp: 82, jpeg: 82 };

// 4:4:4 chroma keeps the plate's fine coloured line work (a red seal, a tinted ink) from bleeding.
// AVIF effort 3, not sharp's default 4: for a 2560 px plate libaom took 26.0 s at effort 4 and 5.9 s
// at effort 3 for a file 6% larger (this machine, loaded); at 4 the largest AVIF alone would use
// half a render task's 60 s.
const encoders: Record<RenditionFormat, (pipeline: Sharp, quality: number) => Sharp> = {
  avif: (pipeline, quality) => pipeline.avif({ quality, effort: 3, chromaSubsampling: '4:4:4' }),
  webp: (pipeline, quality) => pipeline.webp({ quality, effort: 4, smartSubsample: true }),
  // Scans are on paper, so a transparent area means paper, not black; JPEG has no alpha to keep.
  jpeg: (pipeline, quality) =>
    pipeline.flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true, chromaSubsampling: '4:4:4' }),
};

/**
 * The widths to render for a source this wide: the requested ones it can fill without upscaling,
 * or, when it is narrower than all of them, its own width so there is always one rendition.
 */
export function planWidths(orientedWidth: number, widths: readonly number[] = DEFAULT_WIDTHS): number[] {
  const fitting = [...new Set(widths)].filter((width) => width > 0 && width <= orientedWidth).sort((a, b) => a - b);
  return fitting.length > 0 ? fitting : [orientedWidth];
}

/**
 * Every rendition of a source: upright, stripped of all metadata, in sRGB unless the source's gamut
 * is wider, in which case AVIF and WebP keep its profile and JPEG is converted to sRGB as the
 * universal fallback.
 *
 * The expensive part is decoding a 50–150 MP scan, so it happens once: the source is oriented,
 * colour-converted and shrunk on load to the largest width needed, into an uncompressed master, and
 * each rendition is a `clone()` of one pipeline over that master. Cloning sharp over the source
 * itself would not save anything: each clone runs its own libvips pipeline and decodes its input again.
 * The master costs 3 bytes per pixel at the largest width (30 MB for a 2560 × 3840 portrait).
 *
 * Determinism: with sharp 0.35.5 (libvips 8.18.7, libaom 3.15.1, libwebp 1.6.0, mozjpeg) AVIF, WebP
 * and JPEG outputs were byte-identical across calls, across processes and with VIPS_CONCURRENCY 1, 4
 * and 8 on linux-x64 (the integration tests check the first). Nothing guarantees it across CPU
 * architectures or library upgrades, so object keys are best derived from the source's digest and the
 * rendition spec, not from the output bytes.
 */
export async function renderRenditions(source: ImageSource, options: RenditionOptions = {}): Promise<Rendition[]> {
  const { info, ends } = await requireHeader(source, options);
  const widths = planWidths(info.orientedWidth, options.widths ?? DEFAULT_WIDTHS);
  const formats = [...new Set(options.formats ?? DEFAULT_FORMATS)];
  const largest = widths.at(-1) ?? info.orientedWidth;

  let master: Buffer;
  try {
    let pipeline = sharp(source, decodeOptions(options));
    if (largest < info.orientedWidth) pipeline = pipeline.resize({ width: largest });
    // Without this sharp converts to sRGB; a wide-gamut master keeps its own primaries until encoding.
    if (info.wideGamut) pipeline = pipeline.keepIccProfile();
    master = await pipeline.tiff({ compression: 'none' }).toBuffer();
  } catch (error) {
    throw (
      refusalFor(error, info.format, ends) ??
      new ImageProcessingError('render', 'decoding the source failed', { cause: error })
    );
  }

  try {
    const shared = sharp(master, { limitInputPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS });
    const { width: masterWidth, height: masterHeight } = await shared.metadata();
    const minWatermarkWidth = options.watermarkMinWidth ?? DEFAULT_WATERMARK_MIN_WIDTH;

    const perWidth = await Promise.all(
      widths.map(async (width) => {
        const mark =
          options.watermark !== undefined && width >= minWatermarkWidth
            ? await watermarkOverlay(options.watermark, width, Math.round((masterHeight * width) / masterWidth))
            : undefined;
        return Promise.all(
          formats.map(async (format): Promise<Rendition> => {
            let pipeline = shared.clone();
            if (width !== masterWidth) pipeline = pipeline.resize({ width });
            if (mark !== undefined) pipeline = pipeline.composite([mark]);
            const wide = info.wideGamut && format !== 'jpeg';
            if (wide) pipeline = pipeline.keepIccProfile();
            const quality = options.quality?.[format] ?? DEFAULT_QUALITY[format];
            const { data, info: out } = await encoders[format](pipeline, quality).toBuffer({ resolveWithObject: true });
            return {
              width: out.width,
              height: out.height,
              format,
              contentType: `image/${format}`,
              colourSpace: wide ? info.gamut : 'srgb',
              watermarked: mark !== undefined,
              bytes: data,
            };
          }),
        );
      }),
    );
    return perWidth.flat();
  } catch (error) {
    throw new ImageProcessingError('render', 'encoding the renditions failed', { cause: error });
  }
}

/**
 * The mark sits in the lower-right corner, about a third of the width wide, grey and half transparent
 * so it reads on white paper and on dark plate tone alike.
 */
async function watermarkOverlay(
  watermark: Watermark,
  width: number,
  height: number,
): Promise<{ input: Buffer; top: number; left: number } | undefined> {
  const boxWidth = Math.round(width * 0.35);
  const boxHeight = Math.max(8, Math.round(width * 0.025));
  const margin = Math.round(width * 0.02);
  const markup = `<span foreground="#808080" alpha="55%">${escapeMarkup(watermark.text)}</span>`;
  const { data, info } = await sharp({
    text: {
      text: markup,
      rgba: true,
      width: boxWidth,
      height: boxHeight,
      font: 'sans',
      ...(watermark.fontfile === undefined ? {} : { fontfile: watermark.fontfile }),
    },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
  // A strip-like panorama can be shorter than the text; an unreadable mark is worse than none.
  if (info.height + margin > height || info.width + margin > width) return undefined;
  return {
    input: data,
    top: Math.max(0, height - margin - info.height),
    left: Math.max(0, width - margin - info.width),
  };
}

function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
