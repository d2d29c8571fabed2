import type { SourceEnds } from './source.ts';
import type { SourceFormat } from './types.ts';

export type Sniffed =
  | { kind: 'supported'; format: SourceFormat }
  /** Recognisably an image, of a kind the pipeline refuses; `format` names it for the message. */
  | { kind: 'unsupported'; format: string }
  | { kind: 'unknown' };

const startsWith = (bytes: Buffer, signature: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);

const ascii = (bytes: Buffer, start: number, end: number): string =>
  bytes.length >= end ? bytes.toString('latin1', start, end) : '';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const JXL_CODESTREAM = [0xff, 0x0a];
const JXL_CONTAINER = [0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
const JP2_CONTAINER = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
const JP2_CODESTREAM = [0xff, 0x4f, 0xff, 0x51];
const EXR = [0x76, 0x2f, 0x31, 0x01];

/** ISO-BMFF brands of the HEIF family: AVIF and HEIC both arrive as `ftyp` boxes. */
const HEIF_BRANDS = new Set(['avif', 'avis', 'heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

/**
 * Names the format from its signature. Only the bytes count: an upload's name and content type are
 * whatever the browser said, and an SVG labelled `image/jpeg` must still be refused as SVG.
 */
export function sniffFormat(head: Buffer): Sniffed {
  if (startsWith(head, JPEG)) return { kind: 'supported', format: 'jpeg' };
  if (startsWith(head, PNG)) return { kind: 'supported', format: 'png' };
  const tiffMagic = ascii(head, 0, 4);
  // Classic TIFF is 42 after the byte-order mark, BigTIFF 43; libtiff reads both.
  if (tiffMagic === 'II*\0' || tiffMagic === 'MM\0*' || tiffMagic === 'II+\0' || tiffMagic === 'MM\0+') {
    return { kind: 'supported', format: 'tiff' };
  }
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return { kind: 'supported', format: 'webp' };

  const gif = ascii(head, 0, 6);
  if (gif === 'GIF87a' || gif === 'GIF89a') return { kind: 'unsupported', format: 'gif' };
  if (ascii(head, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(head, 8, 12))) {
    return { kind: 'unsupported', format: ascii(head, 8, 12) === 'avif' ? 'avif' : 'heif' };
  }
  if (startsWith(head, JXL_CODESTREAM) || startsWith(head, JXL_CONTAINER))
    return { kind: 'unsupported', format: 'jxl' };
  if (startsWith(head, JP2_CONTAINER) || startsWith(head, JP2_CODESTREAM))
    return { kind: 'unsupported', format: 'jp2' };
  if (ascii(head, 0, 5) === '%PDF-') return { kind: 'unsupported', format: 'pdf' };
  if (ascii(head, 0, 4) === '8BPS') return { kind: 'unsupported', format: 'psd' };
  if (startsWith(head, EXR)) return { kind: 'unsupported', format: 'exr' };
  if (ascii(head, 0, 10) === '#?RADIANCE') return { kind: 'unsupported', format: 'hdr' };
  if (ascii(head, 0, 2) === 'BM' && head.length >= 26 && head.readUInt32LE(2) > 26) {
    return { kind: 'unsupported', format: 'bmp' };
  }
  if (looksLikeSvg(head)) return { kind: 'unsupported', format: 'svg' };
  return { kind: 'unknown' };
}

/**
 * SVG is text, so its "signature" is an `<svg` element after an optional BOM, XML declaration,
 * doctype and comments. Scripts and external references make it unsafe to rasterise from an upload.
 */
function looksLikeSvg(head: Buffer): boolean {
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (!text.startsWith('<')) return false;
  return /<svg[\s>/]/i.test(text);
}

/**
 * Evidence, from the bytes alone, that a file with a valid signature stops early. Used only after a
 * decoder has failed, to tell an interrupted upload (`truncated`) from damaged data (`corrupt`).
 */
export function looksTruncated(format: SourceFormat, ends: SourceEnds, decoderMessage: string): boolean {
  if (/premature end|truncat|unexpected end|end of (file|data|stream)|\bEOF\b/i.test(decoderMessage)) return true;
  const { head, tail, size } = ends;
  switch (format) {
    case 'jpeg':
      // libjpeg names a premature end itself; garbage after a JPEG signature is corrupt, not short.
      return false;
    case 'png':
      return !tail.includes(Buffer.from('IEND', 'latin1'));
    case 'webp':
      return head.length >= 8 && head.readUInt32LE(4) + 8 > size;
    case 'tiff': {
      if (head.length < 8 || ascii(head, 2, 4) === '+\0' || ascii(head, 2, 4) === '\0+') return false;
      const firstIfd = ascii(head, 0, 2) === 'II' ? head.readUInt32LE(4) : head.readUInt32BE(4);
      return firstIfd >= size;
    }
  }
}
