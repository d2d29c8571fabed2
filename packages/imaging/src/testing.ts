import { crc32, deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';

/**
 * Generated images for tests, benchmarks and the sample catalogue. Everything is drawn by sharp from
 * a seed, so the same call gives the same bytes and no binary fixture lives in the repository.
 */

export interface PlateOptions {
  width: number;
  height: number;
  /** Varies the line work; the same seed draws the same plate. */
  seed?: number;
  /** Adds the printmaker's red seal in the lower-right margin: a known saturated colour to check. */
  chop?: boolean;
}

export type PlateFormat = 'jpeg' | 'png' | 'tiff';

/** A seeded PRNG (mulberry32): deterministic, which `Math.random` is not. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PAPER = '#f4efe4';
const PLATE_TONE = '#e4d9c5';
const INK = '#2b2520';

/**
 * An etching as a scan shows it: warm paper, the plate's bevelled mark pressed into it, a film of
 * plate tone inside the mark, and line work: hatched sky, a cross-hatched headland on the horizon
 * and the broken strokes of water.
 */
export function plateSvg(options: PlateOptions): string {
  const { width, height } = options;
  const random = seededRandom(options.seed ?? 1);
  const short = Math.min(width, height);
  const margin = Math.round(short * 0.08);
  const plate = { x: margin, y: margin, w: width - 2 * margin, h: height - 2 * margin };
  const inner = Math.round(short * 0.03);
  const left = plate.x + inner;
  const right = plate.x + plate.w - inner;
  const top = plate.y + inner;
  const bottom = plate.y + plate.h - inner;
  const horizon = Math.round(top + (bottom - top) * (0.5 + random() * 0.15));
  const stroke = Math.max(0.6, short / 900).toFixed(2);
  const lines: string[] = [];

  // Sky: horizontal hatching that thins towards the horizon, as an aquatint sky would.
  const skyStep = Math.max(3, Math.round(short / 120));
  for (let y = top; y < horizon - skyStep; y += skyStep) {
    const density = 1 - (y - top) / (horizon - top);
    if (random() > density * 0.9 + 0.1) continue;
    const x1 = left + random() * (right - left) * 0.1;
    const x2 = right - random() * (right - left) * 0.1;
    lines.push(`<line x1="${x1.toFixed(1)}" y1="${y}" x2="${x2.toFixed(1)}" y2="${y}"/>`);
  }

  // Headland: a ridge line with two directions of hatching under it, clipped to its silhouette.
  const ridge: string[] = [`${left},${horizon}`];
  const peaks = 6 + Math.floor(random() * 4);
  for (let i = 1; i < peaks; i++) {
    const x = left + ((right - left) * 0.55 * i) / peaks;
    const y = horizon - (0.2 + random() * 0.8) * (horizon - top) * 0.35;
    ridge.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  }
  ridge.push(`${(left + (right - left) * 0.6).toFixed(1)},${horizon}`);
  const hatch: string[] = [];
  const hatchStep = Math.max(3, Math.round(short / 150));
  for (let d = -(bottom - top); d < right - left; d += hatchStep) {
    hatch.push(`<line x1="${left + d}" y1="${horizon}" x2="${left + d + (horizon - top)}" y2="${top}"/>`);
    hatch.push(`<line x1="${left + d}" y1="${top}" x2="${left + d + (horizon - top)}" y2="${horizon}"/>`);
  }

  // Water: short, slightly curved strokes, denser near the shore.
  const water: string[] = [];
  const strokes = Math.round(((right - left) * (bottom - horizon)) / (short * 1.5));
  for (let i = 0; i < strokes; i++) {
    const y = horizon + 4 + (bottom - horizon - 8) * random() ** 1.6;
    const x = left + random() * (right - left - short * 0.08);
    const length = short * (0.02 + random() * 0.06);
    water.push(
      `<path d="M${x.toFixed(1)},${y.toFixed(1)} q${(length / 2).toFixed(1)},${(-length / 12).toFixed(1)} ${length.toFixed(1)},0"/>`,
    );
  }

  const seal = chopBox(options);
  const chop = options.chop
    ? `<rect x="${seal.left}" y="${seal.top}" width="${seal.size}" height="${seal.size}" fill="rgb(${CHOP_COLOUR.r},${CHOP_COLOUR.g},${CHOP_COLOUR.b})"/>`
    : '';
  const bevel = Math.max(1, Math.round(short / 400));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<rect width="${width}" height="${height}" fill="${PAPER}"/>
<rect x="${plate.x}" y="${plate.y}" width="${plate.w}" height="${plate.h}" fill="${PLATE_TONE}"/>
<rect x="${plate.x + bevel}" y="${plate.y + bevel}" width="${plate.w}" height="${plate.h}" fill="none" stroke="#ffffff" stroke-width="${bevel}"/>
<rect x="${plate.x}" y="${plate.y}" width="${plate.w}" height="${plate.h}" fill="none" stroke="#b9ab93" stroke-width="${bevel * 1.5}"/>
<clipPath id="headland"><polygon points="${ridge.join(' ')}"/></clipPath>
<g stroke="${INK}" stroke-width="${stroke}" stroke-linecap="round" fill="none">
${lines.join('\n')}
<polygon points="${ridge.join(' ')}" fill="${PLATE_TONE}" stroke="none"/>
<g clip-path="url(#headland)">${hatch.join('')}</g>
<polyline points="${ridge.join(' ')}" stroke-width="${(Number(stroke) * 1.6).toFixed(2)}"/>
<line x1="${left}" y1="${horizon}" x2="${right}" y2="${horizon}"/>
${water.join('\n')}
</g>
${chop}
</svg>`;
}

/** Where the red seal sits in a plate of this size, so a test can sample its colour after any resize. */
export function chopBox({ width, height }: { width: number; height: number }): {
  left: number;
  top: number;
  size: number;
} {
  const margin = Math.round(Math.min(width, height) * 0.08);
  return {
    left: width - Math.round(margin * 0.9),
    top: height - Math.round(margin * 0.9),
    size: Math.round(margin * 0.55),
  };
}

/** The seal's red as drawn, in sRGB. */
export const CHOP_COLOUR = { r: 0xc8, g: 0x28, b: 0x1e } as const;

/** The plate rasterised, before encoding: chain colour or metadata operations onto it. */
export function platePipeline(options: PlateOptions): Sharp {
  return sharp(Buffer.from(plateSvg(options))).flatten({ background: PAPER });
}

/** A plate scan as an 8-bit sRGB file. */
export async function plateImage(options: PlateOptions & { format?: PlateFormat }): Promise<Buffer> {
  const raster = await platePipeline(options).png().toBuffer();
  return encode(sharp(raster), options.format ?? 'jpeg');
}

function encode(pipeline: Sharp, format: PlateFormat): Promise<Buffer> {
  switch (format) {
    case 'jpeg':
      return pipeline.jpeg({ quality: 90 }).toBuffer();
    case 'png':
      return pipeline.png().toBuffer();
    case 'tiff':
      // sharp's TIFF default is JPEG compression, which cannot hold 16 bits; LZW holds both.
      return pipeline.tiff({ compression: 'lzw' }).toBuffer();
  }
}

/**
 * A CMYK JPEG as a print workflow exports it. With `embedProfile` it carries libvips' CMYK profile;
 * without, readers must assume one, which is what sharp does.
 */
export async function cmykJpeg(options: PlateOptions & { embedProfile?: boolean }): Promise<Buffer> {
  const raster = await platePipeline({ chop: true, ...options })
    .png()
    .toBuffer();
  const pipeline =
    options.embedProfile === false ? sharp(raster).toColourspace('cmyk') : sharp(raster).withIccProfile('cmyk');
  return pipeline.jpeg({ quality: 90 }).toBuffer();
}

/**
 * A 16-bit RGB scan: a smooth ramp in true 16-bit values (not 8-bit ones widened), over which the
 * plate is laid, so both the depth and the content are real.
 */
export async function sixteenBitImage(options: PlateOptions & { format: 'png' | 'tiff' }): Promise<Buffer> {
  const { width, height } = options;
  const ramp = new Uint16Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      ramp[i] = Math.round((x / Math.max(1, width - 1)) * 65535);
      ramp[i + 1] = 40000;
      ramp[i + 2] = Math.round((y / Math.max(1, height - 1)) * 65535);
    }
  }
  const plate = await platePipeline(options).ensureAlpha(0.6).png().toBuffer();
  const pipeline = sharp(ramp, { raw: { width, height, channels: 3 } })
    .composite([{ input: plate, blend: 'multiply' }])
    .removeAlpha()
    .toColourspace('rgb16');
  return encode(pipeline, options.format);
}

/**
 * A JPEG stored sideways with EXIF orientation 6 (display rotated 90° clockwise), as a camera or
 * phone writes it, carrying camera EXIF, GPS and XMP that must never reach a rendition.
 * `width` × `height` is the stored size; a red square marks the stored top-left corner, which is
 * the top-right corner once upright.
 */
export async function exifRotatedJpeg(options: PlateOptions): Promise<Buffer> {
  const { width, height } = options;
  const marker = Math.max(8, Math.round(Math.min(width, height) * 0.15));
  const raster = await platePipeline(options)
    .composite([
      { input: { create: { width: marker, height: marker, channels: 3, background: '#ff0000' } }, top: 0, left: 0 },
    ])
    .png()
    .toBuffer();
  return sharp(raster)
    .withExif({
      IFD0: { Make: 'Copper Test Scanner', Model: 'Generated', Copyright: 'Copper Print Gallery' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 26/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 39/1' },
    })
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Test"/></rdf:RDF></x:xmpmeta>',
    )
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** The colour a Display P3 source paints its top-left patch with, in P3 values: outside sRGB. */
export const P3_GREEN = { r: 0, g: 255, b: 0 } as const;

/**
 * A Display P3 scan whose top-left patch is P3's pure green, a colour sRGB cannot show. The plate
 * is converted into P3 first, then the patch is painted in P3 values with the profile kept, so the
 * file holds a genuinely wide colour rather than an sRGB one re-encoded.
 */
export async function displayP3Image(options: PlateOptions & { format?: 'jpeg' | 'png' }): Promise<Buffer> {
  const p3Plate = await platePipeline(options).withIccProfile('p3').png().toBuffer();
  const patch = Math.max(8, Math.round(Math.min(options.width, options.height) * 0.15));
  const pipeline = sharp(p3Plate)
    .keepIccProfile()
    .composite([
      {
        input: { create: { width: patch, height: patch, channels: 3, background: P3_GREEN } },
        top: 0,
        left: 0,
      },
    ]);
  return options.format === 'png' ? pipeline.png().toBuffer() : pipeline.jpeg({ quality: 92 }).toBuffer();
}

/** A very tall panorama (a scroll, a long strip of plates). */
export function panorama(options: Partial<PlateOptions> = {}): Promise<Buffer> {
  return plateImage({ width: 400, height: 4000, ...options, format: 'jpeg' });
}

/** A one-channel greyscale scan, as a flatbed scanner saves black-and-white prints. */
export async function grayscaleScan(options: PlateOptions): Promise<Buffer> {
  const raster = await platePipeline(options).png().toBuffer();
  return sharp(raster).toColourspace('b-w').jpeg({ quality: 90 }).toBuffer();
}

/** The first `fraction` of the bytes: an upload that stopped part way. */
export function truncate(bytes: Buffer, fraction = 0.6): Buffer {
  return Buffer.from(bytes.subarray(0, Math.floor(bytes.length * fraction)));
}

export async function truncatedJpeg(options: PlateOptions = { width: 640, height: 480 }): Promise<Buffer> {
  return truncate(await plateImage({ ...options, format: 'jpeg' }));
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typeBytes = Buffer.from(type, 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([typeBytes, data])));
  return Buffer.concat([length, typeBytes, data, crc]);
}

/**
 * A decompression bomb: a well-formed PNG (valid signature, chunks and CRCs) whose header declares
 * `width` × `height` RGB pixels but whose data is a few hundred bytes. Decoding it would allocate
 * gigabytes; the pipeline must refuse it from the header.
 */
export function pngBombHeader(options: { width?: number; height?: number } = {}): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(options.width ?? 30_000, 0);
  header.writeUInt32BE(options.height ?? 30_000, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  // One all-zero scanline (filter byte + RGB) compresses to a few bytes, like a real bomb's rows.
  const scanline = Buffer.alloc(1 + (options.width ?? 30_000) * 3);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(scanline)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An SVG: a real image format, refused because rasterising uploaded SVG runs its references. */
export function svgImage(): Buffer {
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">' +
      '<rect width="640" height="480" fill="#f4efe4"/><circle cx="320" cy="240" r="100" fill="#2b2520"/></svg>',
  );
}

/** Seeded noise: bytes that are no image at all, the same on every run. */
export function randomBytes(length = 4096, seed = 7): Buffer {
  const random = seededRandom(seed);
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}
