import type { ColourSpace } from './types.ts';

export interface IccProfileSummary {
  /** The profile's own name from its `desc` tag, e.g. `Display P3`, `Adobe RGB (1998)`, `sP3C`. */
  description?: string;
  /** ICC data colour space signature, trimmed: `RGB`, `CMYK`, `GRAY`, `Lab`. */
  dataColourSpace?: string;
  /**
   * What an RGB profile's primaries amount to. Profiles without matrix primaries (LUT-based scanner
   * profiles) and every non-RGB profile read as `srgb`: their pixels are converted to sRGB, which is
   * always correct, merely not as wide as it could be.
   */
  gamut: ColourSpace;
}

type Xyz = readonly [number, number, number];
type Primaries = readonly [Xyz, Xyz, Xyz];

/**
 * rXYZ/gXYZ/bXYZ colorants as ICC profiles store them (adapted to the D50 PCS), so a profile's tags
 * compare directly. sRGB and P3 are libvips' built-in profiles; the others are the published values.
 */
const KNOWN_GAMUTS: readonly { gamut: ColourSpace; primaries: Primaries }[] = [
  {
    gamut: 'srgb',
    primaries: [
      [0.436, 0.2224, 0.0139],
      [0.3851, 0.7169, 0.0971],
      [0.1431, 0.0606, 0.7139],
    ],
  },
  {
    gamut: 'p3',
    primaries: [
      [0.5151, 0.2412, 0],
      [0.292, 0.6922, 0.0418],
      [0.1571, 0.0666, 0.7831],
    ],
  },
  {
    gamut: 'adobe-rgb',
    primaries: [
      [0.6097, 0.3111, 0.0195],
      [0.2053, 0.6257, 0.0609],
      [0.1492, 0.0632, 0.7446],
    ],
  },
  {
    gamut: 'prophoto',
    primaries: [
      [0.7977, 0.288, 0],
      [0.1352, 0.7119, 0],
      [0.0313, 0.0001, 0.8249],
    ],
  },
  {
    gamut: 'rec2020',
    primaries: [
      [0.6734, 0.279, -0.0019],
      [0.1656, 0.6753, 0.0299],
      [0.1251, 0.0456, 0.7972],
    ],
  },
];

/** Chromaticity tolerance for "the same primaries": profiles round their colorants differently. */
const SAME_PRIMARIES = 0.01;
/** A gamut this much larger than sRGB (in xy area) is worth keeping even if it has no name here. */
const WIDER_THAN_SRGB = 1.1;

/**
 * Reads what the pipeline needs from an embedded ICC profile. The profile comes from an upload, so
 * every offset is checked; a malformed profile yields what could be read, never an exception.
 */
export function readIccProfile(icc: Buffer): IccProfileSummary {
  if (icc.length < 132 || icc.toString('latin1', 36, 40) !== 'acsp') return { gamut: 'srgb' };
  const dataColourSpace = icc.toString('latin1', 16, 20).trim();
  const tags = readTagTable(icc);
  const description = readDescription(icc, tags.get('desc'));
  const summary: IccProfileSummary = { dataColourSpace, gamut: 'srgb' };
  if (description !== undefined) summary.description = description;
  if (dataColourSpace !== 'RGB') return summary;

  const red = readXyz(icc, tags.get('rXYZ'));
  const green = readXyz(icc, tags.get('gXYZ'));
  const blue = readXyz(icc, tags.get('bXYZ'));
  if (red === undefined || green === undefined || blue === undefined) return summary;
  summary.gamut = classifyPrimaries([red, green, blue]);
  return summary;
}

function classifyPrimaries(primaries: Primaries): ColourSpace {
  const xy = primaries.map(chromaticity);
  for (const known of KNOWN_GAMUTS) {
    const knownXy = known.primaries.map(chromaticity);
    const same = xy.every((point, i) => {
      const reference = knownXy[i];
      return (
        reference !== undefined &&
        Math.abs(point[0] - reference[0]) < SAME_PRIMARIES &&
        Math.abs(point[1] - reference[1]) < SAME_PRIMARIES
      );
    });
    if (same) return known.gamut;
  }
  const srgb = KNOWN_GAMUTS[0];
  if (srgb === undefined) return 'srgb';
  return triangleArea(xy) > triangleArea(srgb.primaries.map(chromaticity)) * WIDER_THAN_SRGB ? 'wide-gamut' : 'srgb';
}

function chromaticity([x, y, z]: Xyz): readonly [number, number] {
  const sum = x + y + z;
  return sum === 0 ? [0, 0] : [x / sum, y / sum];
}

function triangleArea(points: readonly (readonly [number, number])[]): number {
  const [a, b, c] = points;
  if (a === undefined || b === undefined || c === undefined) return 0;
  return Math.abs((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])) / 2;
}

interface TagEntry {
  offset: number;
  size: number;
}

function readTagTable(icc: Buffer): Map<string, TagEntry> {
  const tags = new Map<string, TagEntry>();
  const count = icc.readUInt32BE(128);
  for (let i = 0; i < count; i++) {
    const entry = 132 + i * 12;
    if (entry + 12 > icc.length) break;
    const offset = icc.readUInt32BE(entry + 4);
    const size = icc.readUInt32BE(entry + 8);
    if (offset + size > icc.length) continue;
    tags.set(icc.toString('latin1', entry, entry + 4), { offset, size });
  }
  return tags;
}

function readXyz(icc: Buffer, tag: TagEntry | undefined): Xyz | undefined {
  if (tag === undefined || tag.size < 20 || icc.toString('latin1', tag.offset, tag.offset + 4) !== 'XYZ ') {
    return undefined;
  }
  const at = (i: number) => icc.readInt32BE(tag.offset + 8 + i * 4) / 65536;
  return [at(0), at(1), at(2)];
}

function readDescription(icc: Buffer, tag: TagEntry | undefined): string | undefined {
  if (tag === undefined || tag.size < 12) return undefined;
  const end = tag.offset + tag.size;
  const type = icc.toString('latin1', tag.offset, tag.offset + 4);
  let text: string | undefined;
  if (type === 'desc') {
    // ICC v2 textDescriptionType: a counted ASCII string (count includes the NUL).
    const length = icc.readUInt32BE(tag.offset + 8);
    const start = tag.offset + 12;
    if (start + length <= end) text = icc.toString('latin1', start, start + length);
  } else if (type === 'mluc' && tag.size >= 28) {
    // ICC v4 multiLocalizedUnicodeType: the first record is enough for a name; UTF-16BE.
    const length = icc.readUInt32BE(tag.offset + 20) & ~1;
    const start = tag.offset + icc.readUInt32BE(tag.offset + 24);
    if (start + length <= end)
      text = Buffer.from(icc.subarray(start, start + length))
        .swap16()
        .toString('utf16le');
  }
  const trimmed = text?.replace(/\0+$/, '').trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
