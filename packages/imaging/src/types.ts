/** The bytes of an image, or the path of a file holding them. Never a name to guess a type from. */
export type ImageSource = Buffer | string;

/** Formats a scan may arrive in. Everything else is refused before any pixel is decoded. */
export type SourceFormat = 'jpeg' | 'png' | 'tiff' | 'webp';

/** Why a source is refused; each is an expected outcome of handing the pipeline an upload. */
export type RefusalReason =
  /** 0 bytes. */
  | 'empty'
  /** No image signature at all: text, an archive, random bytes. */
  | 'not-an-image'
  /** An image, but of a kind the pipeline does not take (SVG, GIF, HEIF/AVIF, PDF, 32-bit float samples…). */
  | 'unsupported-format'
  /** The header promises more than the bytes hold: an interrupted upload. */
  | 'truncated'
  /** Width × height above the pixel cap, judged from the header alone. */
  | 'too-many-pixels'
  /** A supported signature whose header or pixel data does not decode, and not for lack of bytes. */
  | 'corrupt';

/** How the pixels are modelled, whatever the profile: RGB, CMYK, one grey channel, or something rarer. */
export type ColourModel = 'srgb' | 'cmyk' | 'b-w' | 'lab' | 'other';

/**
 * The colour space an output is encoded in. `srgb` is the web's default and carries no profile; the
 * rest are wide gamuts recognised from a profile's primaries, kept in AVIF/WebP with their profile.
 * `wide-gamut` is a profile wider than sRGB that matches none of the named ones.
 */
export type ColourSpace = 'srgb' | 'p3' | 'adobe-rgb' | 'prophoto' | 'rec2020' | 'wide-gamut';

/** EXIF orientation: 1 is upright; 5–8 swap width and height once applied. */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export interface ImageInfo {
  format: SourceFormat;
  /** As stored, before EXIF orientation. */
  width: number;
  height: number;
  orientation?: Orientation;
  /** As a visitor sees it, after EXIF orientation: what renditions and Media width/height use. */
  orientedWidth: number;
  orientedHeight: number;
  channels: number;
  bitDepth: 8 | 16;
  space: ColourModel;
  hasIcc: boolean;
  iccDescription?: string;
  /** Gamut the renditions will be encoded in; `srgb` unless the source's RGB profile is wider. */
  gamut: ColourSpace;
  wideGamut: boolean;
  hasAlpha: boolean;
  /** width × height / 10⁶, two decimals. */
  megapixels: number;
  /** Size of the source in bytes. */
  bytes: number;
}

export interface Refusal {
  ok: false;
  reason: RefusalReason;
  /**
   * What was wrong, naming what to do where there is something to do; for a source that does not
   * decode it quotes the decoder (libvips), so it is for logs: callers show the artist words of their
   * own, chosen by `reason`.
   */
  message: string;
}

export type Inspection = { ok: true; info: ImageInfo } | Refusal;

/** Pixel cap applied by every entry point unless told otherwise: well under sharp's own 268 MP. */
export const DEFAULT_MAX_PIXELS = 200_000_000;

export interface SourceLimits {
  /** Refuse sources with more pixels than this (width × height as declared in the header). */
  maxPixels?: number;
}
