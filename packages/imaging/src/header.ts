import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { SourceRefusedError } from './errors.ts';
import { readIccProfile } from './icc.ts';
import { looksTruncated, sniffFormat } from './sniff.ts';
import { readEnds, type SourceEnds } from './source.ts';
import {
  type ColourModel,
  DEFAULT_MAX_PIXELS,
  type ImageInfo,
  type ImageSource,
  type Orientation,
  type Refusal,
  type RefusalReason,
  type SourceFormat,
  type SourceLimits,
} from './types.ts';

export type Header = { ok: true; info: ImageInfo; ends: SourceEnds } | Refusal;

const refuse = (reason: RefusalReason, message: string): Refusal => ({ ok: false, reason, message });

/**
 * Everything `inspect` reports that the header alone can tell: type from the signature, dimensions,
 * depth, colour. No pixel is decoded, so a decompression bomb is refused before any pixel memory exists.
 */
export async function readHeader(source: ImageSource, limits: SourceLimits = {}): Promise<Header> {
  const maxPixels = limits.maxPixels ?? DEFAULT_MAX_PIXELS;
  const ends = await readEnds(source);
  if (ends.size === 0) return refuse('empty', 'the file is empty (0 bytes)');

  const sniffed = sniffFormat(ends.head);
  if (sniffed.kind === 'unknown') return refuse('not-an-image', 'the file does not start with any image signature');
  if (sniffed.kind === 'unsupported') {
    return refuse(
      'unsupported-format',
      `${sniffed.format.toUpperCase()} is not accepted; upload a JPEG, PNG, TIFF or WebP scan`,
    );
  }
  const format = sniffed.format;

  let metadata: Metadata;
  try {
    // Header only: no pixel is decoded, so the pixel cap is checked below, with the real numbers.
    metadata = await sharp(source, { limitInputPixels: false }).metadata();
  } catch (error) {
    const message = errorMessage(error);
    return looksTruncated(format, ends, message)
      ? refuse('truncated', `the ${format.toUpperCase()} file ends before its header does`)
      : refuse('corrupt', `the ${format.toUpperCase()} header cannot be read: ${message}`);
  }
  if (metadata.format !== format) {
    return refuse('unsupported-format', `a ${format.toUpperCase()} signature holding ${metadata.format} data`);
  }

  const { width, height } = metadata;
  const pixels = width * height;
  if (pixels > maxPixels) {
    return refuse(
      'too-many-pixels',
      `${width} × ${height} is ${megapixels(pixels)} MP, above the ${megapixels(maxPixels)} MP limit`,
    );
  }

  const bitDepth = bitDepthOf(metadata.depth);
  if (bitDepth === undefined) {
    return refuse('unsupported-format', `${metadata.depth} samples are not accepted; export 8 or 16 bits per channel`);
  }

  const space = colourModelOf(metadata.space);
  const profile = metadata.icc === undefined ? undefined : readIccProfile(metadata.icc);
  const gamut = space === 'srgb' && profile !== undefined ? profile.gamut : 'srgb';
  const info: ImageInfo = {
    format,
    width,
    height,
    orientedWidth: metadata.autoOrient.width,
    orientedHeight: metadata.autoOrient.height,
    channels: metadata.channels,
    bitDepth,
    space,
    hasIcc: metadata.hasProfile,
    gamut,
    wideGamut: gamut !== 'srgb',
    hasAlpha: metadata.hasAlpha,
    megapixels: megapixels(pixels),
    bytes: ends.size,
  };
  const orientation = orientationOf(metadata.orientation);
  if (orientation !== undefined) info.orientation = orientation;
  if (profile?.description !== undefined) info.iccDescription = profile.description;
  return { ok: true, info, ends };
}

/** `readHeader` for the steps after inspection, where a refusal is no longer an expected outcome. */
export async function requireHeader(
  source: ImageSource,
  limits: SourceLimits = {},
): Promise<{ info: ImageInfo; ends: SourceEnds }> {
  const header = await readHeader(source, limits);
  if (!header.ok) throw new SourceRefusedError(header.reason, header.message);
  return header;
}

/**
 * How every decoding pipeline opens a source: upright, refusing truncated data instead of padding
 * it with grey, and with sharp's own pixel limit as a second guard behind the header check.
 */
export function decodeOptions(limits: SourceLimits = {}): SharpOptions {
  return { autoOrient: true, failOn: 'truncated', limitInputPixels: limits.maxPixels ?? DEFAULT_MAX_PIXELS };
}

/**
 * Turns a decoder failure into the refusal it stands for, or `undefined` when it is not about the
 * source's bytes (an encoder, memory or disk failure), which callers rethrow as retryable.
 */
export function refusalFor(error: unknown, format: SourceFormat, ends: SourceEnds): SourceRefusedError | undefined {
  const message = errorMessage(error);
  if (/exceeds pixel limit/i.test(message)) {
    return new SourceRefusedError('too-many-pixels', message, { cause: error });
  }
  if (!/^(VipsJpeg|vipspng|spng|libpng|tiff2vips|TIFF|webp|VipsForeignLoad|Input (buffer|file))/im.test(message)) {
    return undefined;
  }
  return looksTruncated(format, ends, message)
    ? new SourceRefusedError('truncated', `the ${format.toUpperCase()} data ends early: ${message}`, { cause: error })
    : new SourceRefusedError('corrupt', `the ${format.toUpperCase()} data does not decode: ${message}`, {
        cause: error,
      });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function megapixels(pixels: number): number {
  return Math.round(pixels / 10_000) / 100;
}

function bitDepthOf(depth: Metadata['depth']): 8 | 16 | undefined {
  if (depth === 'uchar' || depth === 'char') return 8;
  if (depth === 'ushort' || depth === 'short') return 16;
  return undefined;
}

function colourModelOf(space: Metadata['space']): ColourModel {
  switch (space) {
    case 'srgb':
    case 'rgb':
    case 'rgb16':
    case 'scrgb':
      return 'srgb';
    case 'cmyk':
      return 'cmyk';
    case 'b-w':
    case 'grey16':
      return 'b-w';
    case 'lab':
    case 'labs':
    case 'labq':
      return 'lab';
    default:
      return 'other';
  }
}

function orientationOf(value: number | undefined): Orientation | undefined {
  switch (value) {
    case 1:
    case 2:
    case 3:
    case 4:
    case 5:
    case 6:
    case 7:
    case 8:
      return value;
    default:
      return undefined;
  }
}
