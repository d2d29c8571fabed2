import sharp from 'sharp';

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/**
 * The colour at (x, y) of an encoded image. By default converted to sRGB through the embedded
 * profile, as a browser shows it; with `asStored` the values as encoded, in the file's own space.
 */
export async function pixelAt(bytes: Buffer, x: number, y: number, options: { asStored?: boolean } = {}): Promise<Rgb> {
  let pipeline = sharp(bytes).extract({ left: Math.round(x), top: Math.round(y), width: 1, height: 1 });
  if (options.asStored) pipeline = pipeline.keepIccProfile();
  const data = await pipeline.toColourspace('srgb').raw().toBuffer();
  return { r: data[0] ?? Number.NaN, g: data[1] ?? Number.NaN, b: data[2] ?? Number.NaN };
}

/** Largest per-channel difference between two colours. */
export function colourDistance(a: Rgb, b: Rgb): number {
  return Math.max(Math.abs(a.r - b.r), Math.abs(a.g - b.g), Math.abs(a.b - b.b));
}

/** Every pixel of an image as sRGB RGB triplets, for whole-image assertions on small outputs. */
export async function rgbPixels(bytes: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(bytes)
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
