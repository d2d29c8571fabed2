import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceReadError } from '../../src/errors.ts';
import { inspect } from '../../src/inspect.ts';
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
  svgImage,
  truncate,
  truncatedJpeg,
} from '../../src/testing.ts';
import type { Inspection } from '../../src/types.ts';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'copper-imaging-inspect-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

function refusal(inspection: Inspection) {
  if (inspection.ok) throw new Error(`expected a refusal, got ${JSON.stringify(inspection.info)}`);
  return inspection;
}

function accepted(inspection: Inspection) {
  if (!inspection.ok) throw new Error(`expected an image, got ${inspection.reason}: ${inspection.message}`);
  return inspection.info;
}

describe('inspect refuses bad input with a reason', () => {
  it('a 0-byte file is empty', async () => {
    expect(refusal(await inspect(Buffer.alloc(0))).reason).toBe('empty');
  });

  it('random bytes are not an image', async () => {
    expect(refusal(await inspect(randomBytes())).reason).toBe('not-an-image');
  });

  it('text uploaded under an image content type is not an image', async () => {
    expect(refusal(await inspect(Buffer.from('{"title":"Harbour at dusk"}'))).reason).toBe('not-an-image');
  });

  it('an SVG is an unsupported format, even saved under a .jpg name', async () => {
    const path = join(directory, 'scan.jpg');
    await writeFile(path, svgImage());
    for (const source of [svgImage(), path]) {
      const refused = refusal(await inspect(source));
      expect(refused.reason).toBe('unsupported-format');
      expect(refused.message).toMatch(/SVG/);
    }
  });

  it('a GIF is an unsupported format', async () => {
    const gif = await sharp(await plateImage({ width: 64, height: 48 }))
      .gif()
      .toBuffer();
    expect(refusal(await inspect(gif)).reason).toBe('unsupported-format');
  });

  it('a JPEG cut short is truncated, although its header reads', async () => {
    const bytes = await truncatedJpeg();
    expect((await sharp(bytes).metadata()).width).toBe(640);
    expect(refusal(await inspect(bytes)).reason).toBe('truncated');
  });

  it('PNG, TIFF and WebP cut short are truncated', async () => {
    for (const format of ['png', 'tiff'] as const) {
      const whole = await plateImage({ width: 320, height: 240, format });
      expect(refusal(await inspect(truncate(whole, 0.5))).reason, format).toBe('truncated');
    }
    const webp = await sharp(await plateImage({ width: 320, height: 240 }))
      .webp()
      .toBuffer();
    expect(refusal(await inspect(truncate(webp, 0.5))).reason).toBe('truncated');
  });

  it('a JPEG signature followed by garbage is corrupt', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2048)]);
    expect(refusal(await inspect(bytes)).reason).toBe('corrupt');
  });

  it('a PNG declaring 30,000 × 30,000 pixels is refused from its header', async () => {
    const bomb = pngBombHeader();
    expect(bomb.length).toBeLessThan(1024);
    const refused = refusal(await inspect(bomb));
    expect(refused.reason).toBe('too-many-pixels');
    expect(refused.message).toContain('30000 × 30000');
  });

  it('the cap is its own, below the one sharp has: 15,000 × 15,000 (225 MP) is refused too', async () => {
    const refused = refusal(await inspect(pngBombHeader({ width: 15_000, height: 15_000 })));
    expect(refused).toMatchObject({ reason: 'too-many-pixels', message: expect.stringContaining('225 MP') });
  });

  it('the pixel cap is configurable', async () => {
    const bytes = await plateImage({ width: 640, height: 480 });
    expect(refusal(await inspect(bytes, { maxPixels: 300_000 })).reason).toBe('too-many-pixels');
    expect(accepted(await inspect(bytes, { maxPixels: 307_200 })).megapixels).toBe(0.31);
  });

  it('a path that does not exist throws, since the caller chose it', async () => {
    await expect(inspect(join(directory, 'missing.tif'))).rejects.toBeInstanceOf(SourceReadError);
  });
});

describe('inspect describes what it accepts', () => {
  it('an 8-bit sRGB JPEG plate scan', async () => {
    const bytes = await plateImage({ width: 640, height: 480 });
    expect(accepted(await inspect(bytes))).toEqual({
      format: 'jpeg',
      width: 640,
      height: 480,
      orientedWidth: 640,
      orientedHeight: 480,
      channels: 3,
      bitDepth: 8,
      space: 'srgb',
      hasIcc: false,
      gamut: 'srgb',
      wideGamut: false,
      hasAlpha: false,
      megapixels: 0.31,
      bytes: bytes.length,
    });
  });

  it('reads the type from the bytes, not the file name', async () => {
    const path = join(directory, 'plate.tif');
    await writeFile(path, await plateImage({ width: 200, height: 100, format: 'png' }));
    expect(accepted(await inspect(path)).format).toBe('png');
  });

  it('an EXIF-rotated JPEG: orientation 6 and swapped oriented dimensions', async () => {
    const info = accepted(await inspect(await exifRotatedJpeg({ width: 300, height: 200 })));
    expect(info).toMatchObject({ orientation: 6, width: 300, height: 200, orientedWidth: 200, orientedHeight: 300 });
  });

  it('16-bit PNG and TIFF', async () => {
    for (const format of ['png', 'tiff'] as const) {
      const info = accepted(await inspect(await sixteenBitImage({ width: 120, height: 80, format })));
      expect(info, format).toMatchObject({ format, bitDepth: 16, channels: 3, space: 'srgb' });
    }
  });

  it('a CMYK JPEG with its profile', async () => {
    const info = accepted(await inspect(await cmykJpeg({ width: 120, height: 80 })));
    expect(info).toMatchObject({ space: 'cmyk', channels: 4, hasIcc: true, wideGamut: false, gamut: 'srgb' });
    expect(info.iccDescription).toEqual(expect.any(String));
  });

  it('a Display P3 source is wide-gamut', async () => {
    for (const format of ['jpeg', 'png'] as const) {
      const info = accepted(await inspect(await displayP3Image({ width: 120, height: 80, format })));
      expect(info, format).toMatchObject({ format, space: 'srgb', hasIcc: true, gamut: 'p3', wideGamut: true });
    }
  });

  it('an sRGB-profiled source is not wide-gamut', async () => {
    const bytes = await sharp(await plateImage({ width: 120, height: 80 }))
      .withIccProfile('srgb')
      .jpeg()
      .toBuffer();
    expect(accepted(await inspect(bytes))).toMatchObject({ hasIcc: true, iccDescription: 'sRGB', wideGamut: false });
  });

  it('a greyscale scan and a tall panorama', async () => {
    expect(accepted(await inspect(await grayscaleScan({ width: 120, height: 80 })))).toMatchObject({
      space: 'b-w',
      channels: 1,
    });
    expect(accepted(await inspect(await panorama()))).toMatchObject({ width: 400, height: 4000, megapixels: 1.6 });
  });

  it('WebP with alpha', async () => {
    const bytes = await sharp(await plateImage({ width: 120, height: 80, format: 'png' }))
      .ensureAlpha(0.5)
      .webp()
      .toBuffer();
    expect(accepted(await inspect(bytes))).toMatchObject({ format: 'webp', hasAlpha: true, channels: 4 });
  });
});
