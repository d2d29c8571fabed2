import { thumbHashToApproximateAspectRatio, thumbHashToRGBA } from 'thumbhash';
import { describe, expect, it } from 'vitest';
import { SourceRefusedError } from '../../src/errors.ts';
import { placeholder } from '../../src/placeholder.ts';
import {
  cmykJpeg,
  displayP3Image,
  exifRotatedJpeg,
  grayscaleScan,
  panorama,
  plateImage,
  pngBombHeader,
  randomBytes,
  sixteenBitImage,
} from '../../src/testing.ts';

function decode(thumbhash: string) {
  const hash = new Uint8Array(Buffer.from(thumbhash, 'base64'));
  const image = thumbHashToRGBA(hash);
  return { ...image, ratio: image.w / image.h, approximateRatio: thumbHashToApproximateAspectRatio(hash) };
}

/** ThumbHash decodes to at most 32 px on the long side, so a ratio is only as exact as 32 px allow. */
function expectRatio(actual: number, expected: number) {
  expect(Math.abs(actual - expected) / expected).toBeLessThan(0.1);
}

function hexToRgb(hex: string) {
  return {
    r: Number.parseInt(hex.slice(1, 3), 16),
    g: Number.parseInt(hex.slice(3, 5), 16),
    b: Number.parseInt(hex.slice(5, 7), 16),
  };
}

describe('placeholder', () => {
  it('a plate: a ThumbHash that decodes to its aspect ratio, and the paper as dominant colour', async () => {
    const result = await placeholder(await plateImage({ width: 1400, height: 1000 }));
    expect(result).toMatchObject({ width: 1400, height: 1000 });
    expect(result.thumbhash).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const decoded = decode(result.thumbhash);
    expect(decoded.rgba).toHaveLength(decoded.w * decoded.h * 4);
    expectRatio(decoded.ratio, 1.4);
    expectRatio(decoded.approximateRatio, 1.4);
    // Warm paper and plate tone: light, red above green above blue.
    expect(result.dominant).toMatch(/^#[0-9a-f]{6}$/);
    const { r, g, b } = hexToRgb(result.dominant);
    expect(r).toBeGreaterThan(200);
    expect(r).toBeGreaterThan(g);
    expect(g).toBeGreaterThan(b);
  });

  it('an EXIF-rotated source: the upright size and a portrait hash', async () => {
    const result = await placeholder(await exifRotatedJpeg({ width: 700, height: 500 }));
    expect(result).toMatchObject({ width: 500, height: 700 });
    expectRatio(decode(result.thumbhash).ratio, 500 / 700);
  });

  it('a very tall panorama keeps its extreme ratio', async () => {
    const result = await placeholder(await panorama());
    expect(result).toMatchObject({ width: 400, height: 4000 });
    expect(decode(result.thumbhash).ratio).toBeLessThan(0.2);
  });

  it('a greyscale scan has a grey dominant colour', async () => {
    const { r, g, b } = hexToRgb((await placeholder(await grayscaleScan({ width: 700, height: 500 }))).dominant);
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThanOrEqual(2);
  });

  it('CMYK, 16-bit and Display P3 sources give a valid placeholder', async () => {
    for (const source of [
      await cmykJpeg({ width: 300, height: 200 }),
      await sixteenBitImage({ width: 300, height: 200, format: 'tiff' }),
      await displayP3Image({ width: 300, height: 200 }),
    ]) {
      const result = await placeholder(source);
      expect(result).toMatchObject({ width: 300, height: 200, dominant: expect.stringMatching(/^#[0-9a-f]{6}$/) });
      expectRatio(decode(result.thumbhash).ratio, 1.5);
    }
  });

  it('is deterministic', async () => {
    const source = await plateImage({ width: 600, height: 400, seed: 5 });
    expect(await placeholder(source)).toEqual(await placeholder(source));
  });

  it('refuses what inspect refuses', async () => {
    await expect(placeholder(pngBombHeader())).rejects.toMatchObject({ reason: 'too-many-pixels' });
    await expect(placeholder(randomBytes())).rejects.toBeInstanceOf(SourceRefusedError);
  });
});
