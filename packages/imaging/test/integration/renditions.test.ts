import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { SourceRefusedError } from '../../src/errors.ts';
import { readIccProfile } from '../../src/icc.ts';
import { type Rendition, renderRenditions } from '../../src/renditions.ts';
import {
  CHOP_COLOUR,
  chopBox,
  cmykJpeg,
  displayP3Image,
  exifRotatedJpeg,
  grayscaleScan,
  P3_GREEN,
  panorama,
  plateImage,
  pngBombHeader,
  sixteenBitImage,
  svgImage,
  truncatedJpeg,
} from '../../src/testing.ts';
import { colourDistance, pixelAt, rgbPixels } from '../support/pixels.ts';

/** What a decoder reports for each rendition format; AVIF is HEIF with the AV1 codec. */
const DECODED_FORMAT = { avif: 'heif', webp: 'webp', jpeg: 'jpeg' } as const;

/** The colour of the seal in a rendition of a plate `sourceWidth` × `sourceHeight`. */
async function chopColour(rendition: Rendition, sourceWidth: number, sourceHeight: number, asStored = false) {
  const box = chopBox({ width: sourceWidth, height: sourceHeight });
  const scale = rendition.width / sourceWidth;
  const centre = box.size / 2;
  return pixelAt(rendition.bytes, (box.left + centre) * scale, (box.top + centre) * scale, { asStored });
}

async function expectNoMetadataButProfile(rendition: Rendition, profile: boolean) {
  const metadata = await sharp(rendition.bytes).metadata();
  const label = `${rendition.width} ${rendition.format}`;
  expect(metadata.format, label).toBe(DECODED_FORMAT[rendition.format]);
  expect(metadata.exif, label).toBeUndefined();
  expect(metadata.xmp, label).toBeUndefined();
  expect(metadata.iptc, label).toBeUndefined();
  expect(metadata.orientation ?? 1, label).toBe(1);
  expect(metadata.hasProfile, label).toBe(profile);
  expect(metadata.depth, label).toBe('uchar');
  expect({ width: metadata.width, height: metadata.height }, label).toEqual({
    width: rendition.width,
    height: rendition.height,
  });
  return metadata;
}

describe('a plate scan', () => {
  let plate: Buffer;
  let renditions: Rendition[];

  beforeAll(async () => {
    plate = await plateImage({ width: 1400, height: 1000, chop: true });
    renditions = await renderRenditions(plate, { watermark: { text: '© Copper Print Gallery' } });
  });

  it('is rendered at every width it can fill, in AVIF, WebP and JPEG, never upscaled', () => {
    expect(renditions.map((r) => `${r.width}x${r.height} ${r.format}`)).toEqual([
      '320x229 avif',
      '320x229 webp',
      '320x229 jpeg',
      '640x457 avif',
      '640x457 webp',
      '640x457 jpeg',
      '960x686 avif',
      '960x686 webp',
      '960x686 jpeg',
      '1280x914 avif',
      '1280x914 webp',
      '1280x914 jpeg',
    ]);
    expect(renditions.map((r) => r.contentType)).toEqual(
      renditions.map((r) => (r.format === 'avif' ? 'image/avif' : r.format === 'webp' ? 'image/webp' : 'image/jpeg')),
    );
  });

  it('is sRGB without a profile and with no metadata', async () => {
    for (const rendition of renditions) {
      expect(rendition.colourSpace).toBe('srgb');
      await expectNoMetadataButProfile(rendition, false);
    }
  });

  it('keeps its colours: the red seal stays red', async () => {
    for (const rendition of renditions.filter((r) => r.width >= 640)) {
      const colour = await chopColour(rendition, 1400, 1000);
      expect(colourDistance(colour, CHOP_COLOUR), `${rendition.width} ${rendition.format}`).toBeLessThan(16);
    }
  });

  it('is watermarked from 1280 px only, in the lower-right corner', async () => {
    expect(renditions.filter((r) => r.watermarked).map((r) => r.width)).toEqual([1280, 1280, 1280]);
    const [unmarked] = await renderRenditions(plate, { widths: [1280], formats: ['jpeg'] });
    const marked = renditions.find((r) => r.width === 1280 && r.format === 'jpeg');
    if (unmarked === undefined || marked === undefined) throw new Error('missing 1280 px JPEG');
    const a = await rgbPixels(unmarked.bytes);
    const b = await rgbPixels(marked.bytes);
    const changedIn = (x0: number, y0: number, x1: number, y1: number) => {
      let changed = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const i = (y * a.width + x) * 3;
          if (Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0)) > 24) changed++;
        }
      }
      return changed;
    };
    expect(changedIn(a.width / 2, a.height - 120, a.width, a.height)).toBeGreaterThan(200);
    expect(changedIn(0, 0, a.width / 2, a.height / 2)).toBe(0);
  });
});

describe('determinism, for content-addressed keys', () => {
  it('renders byte-identical AVIF, WebP and JPEG for the same input', async () => {
    const source = await plateImage({ width: 700, height: 500, seed: 11 });
    const first = await renderRenditions(source, { watermarkMinWidth: 320, watermark: { text: 'Copper' } });
    const second = await renderRenditions(source, { watermarkMinWidth: 320, watermark: { text: 'Copper' } });
    expect(first).toHaveLength(6);
    for (const [i, rendition] of first.entries()) {
      expect(
        rendition.bytes.equals(second[i]?.bytes ?? Buffer.alloc(0)),
        `${rendition.width} ${rendition.format}`,
      ).toBe(true);
    }
  });
});

describe('tricky sources', () => {
  it('never upscales: a source narrower than 320 px gets one rendition per format at its own width', async () => {
    const renditions = await renderRenditions(await plateImage({ width: 200, height: 150 }));
    expect(renditions.map((r) => `${r.width}x${r.height} ${r.format}`)).toEqual([
      '200x150 avif',
      '200x150 webp',
      '200x150 jpeg',
    ]);
  });

  it('an EXIF-rotated JPEG comes out upright, without its EXIF, GPS or XMP', async () => {
    // Stored 700 × 500 with orientation 6: upright it is 500 × 700, so only 320 fits.
    const renditions = await renderRenditions(await exifRotatedJpeg({ width: 700, height: 500 }));
    expect(renditions.map((r) => `${r.width}x${r.height}`)).toEqual(['320x448', '320x448', '320x448']);
    for (const rendition of renditions) {
      await expectNoMetadataButProfile(rendition, false);
      // The stored top-left red marker is the upright top-right corner.
      const topRight = await pixelAt(rendition.bytes, rendition.width - 4, 4);
      const topLeft = await pixelAt(rendition.bytes, 4, 4);
      expect(colourDistance(topRight, { r: 255, g: 0, b: 0 }), rendition.format).toBeLessThan(40);
      expect(colourDistance(topLeft, { r: 255, g: 0, b: 0 }), rendition.format).toBeGreaterThan(150);
    }
  });

  it('a Display P3 source keeps P3 in AVIF and WebP, and its JPEG is converted to sRGB', async () => {
    const renditions = await renderRenditions(await displayP3Image({ width: 700, height: 500, chop: true }));
    expect(renditions.map((r) => `${r.width} ${r.format} ${r.colourSpace}`)).toEqual([
      '320 avif p3',
      '320 webp p3',
      '320 jpeg srgb',
      '640 avif p3',
      '640 webp p3',
      '640 jpeg srgb',
    ]);
    for (const rendition of renditions.filter((r) => r.width === 640)) {
      if (rendition.format === 'jpeg') {
        await expectNoMetadataButProfile(rendition, false);
      } else {
        const metadata = await expectNoMetadataButProfile(rendition, true);
        expect(metadata.icc && readIccProfile(metadata.icc).gamut, rendition.format).toBe('p3');
        // Stored values are P3's: the patch is P3's own pure green, not an sRGB green re-encoded.
        expect(colourDistance(await pixelAt(rendition.bytes, 8, 8, { asStored: true }), P3_GREEN)).toBeLessThan(24);
        // …and the seal's red is stored as P3 numbers, which differ from its sRGB numbers.
        const stored = await chopColour(rendition, 700, 500, true);
        expect(colourDistance(stored, CHOP_COLOUR), rendition.format).toBeGreaterThan(12);
      }
      // Shown through the profile (or already sRGB), the seal is the red it was drawn in.
      expect(colourDistance(await chopColour(rendition, 700, 500), CHOP_COLOUR), rendition.format).toBeLessThan(16);
    }
  });

  it('a CMYK JPEG is converted to 3-channel sRGB, with or without an embedded profile', async () => {
    for (const embedProfile of [true, false]) {
      const renditions = await renderRenditions(await cmykJpeg({ width: 700, height: 500, embedProfile }), {
        widths: [640],
      });
      for (const rendition of renditions) {
        const metadata = await expectNoMetadataButProfile(rendition, false);
        expect(metadata.channels, rendition.format).toBe(3);
        expect(metadata.space, rendition.format).toBe('srgb');
        const seal = await chopColour(rendition, 700, 500);
        // Through a press profile the red loses some chroma, but stays unmistakably red.
        expect(seal.r, `${embedProfile} ${rendition.format}`).toBeGreaterThan(150);
        expect(seal.g, `${embedProfile} ${rendition.format}`).toBeLessThan(90);
        expect(seal.b, `${embedProfile} ${rendition.format}`).toBeLessThan(90);
      }
    }
  });

  it('16-bit PNG and TIFF come out 8-bit with their ramp intact', async () => {
    for (const format of ['png', 'tiff'] as const) {
      const renditions = await renderRenditions(await sixteenBitImage({ width: 700, height: 500, format }), {
        widths: [320],
      });
      expect(renditions, format).toHaveLength(3);
      for (const rendition of renditions) {
        await expectNoMetadataButProfile(rendition, false);
        // The ramp runs red from 0 at the left edge to full at the right, under the paper tone.
        const left = await pixelAt(rendition.bytes, 2, rendition.height / 2);
        const right = await pixelAt(rendition.bytes, rendition.width - 3, rendition.height / 2);
        expect(right.r - left.r, `${format} ${rendition.format}`).toBeGreaterThan(150);
      }
    }
  });

  it('a greyscale scan stays grey: R, G and B agree in every pixel', async () => {
    const renditions = await renderRenditions(await grayscaleScan({ width: 700, height: 500 }), { widths: [320] });
    for (const rendition of renditions) {
      await expectNoMetadataButProfile(rendition, false);
      const { data } = await rgbPixels(rendition.bytes);
      let worst = 0;
      for (let i = 0; i < data.length; i += 3) {
        const [r, g, b] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
        worst = Math.max(worst, Math.abs(r - g), Math.abs(g - b), Math.abs(r - b));
      }
      expect(worst, rendition.format).toBeLessThanOrEqual(3);
    }
  });

  it('a very tall panorama is rendered by width, keeping its proportions', async () => {
    const renditions = await renderRenditions(await panorama(), { formats: ['webp', 'jpeg'] });
    expect(renditions.map((r) => `${r.width}x${r.height} ${r.format}`)).toEqual(['320x3200 webp', '320x3200 jpeg']);
  });
});

describe('bad sources are refused, not rendered', () => {
  it.each([
    ['a decompression bomb', () => pngBombHeader(), 'too-many-pixels'],
    ['an SVG', () => svgImage(), 'unsupported-format'],
    ['a truncated JPEG', () => truncatedJpeg(), 'truncated'],
    ['an empty file', () => Buffer.alloc(0), 'empty'],
  ])('%s', async (_name, make, reason) => {
    const error = await renderRenditions(await make()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceRefusedError);
    expect(error).toMatchObject({ reason });
  });
});
