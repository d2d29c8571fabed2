import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { plateScan, plateSpec } from '../../scripts/seed/plates.ts';
import { SAMPLE_ARTWORKS } from '../../services/content/src/seed/catalogue.ts';

// Small renders (a tenth of a megapixel) of the real drawing code: the same code the seed runs.
const SMALL = 0.1;

/**
 * Mean absolute difference per channel value (0–255) of two images seen as thumbnails, where the
 * composition, the tone and the ink show and single strokes do not.
 */
async function meanDifference(a: Buffer, b: Buffer): Promise<number> {
  const look = (image: Buffer) =>
    sharp(image).resize(24, 24, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const [x, y] = await Promise.all([look(a), look(b)]);
  let sum = 0;
  for (let i = 0; i < x.data.length; i++) sum += Math.abs((x.data[i] ?? 0) - (y.data[i] ?? 0));
  return sum / x.data.length;
}

describe('sample plate scans', () => {
  it('are the same bytes for the same print, run after run', async () => {
    const [teasel] = SAMPLE_ARTWORKS.filter((artwork) => artwork.slug === 'teasel');
    if (!teasel) throw new Error('the sample catalogue lost its teasel');
    const first = await plateScan(teasel, { format: 'png', megapixels: SMALL });
    const second = await plateScan({ ...teasel }, { format: 'png', megapixels: SMALL });
    expect(second.equals(first)).toBe(true);
    const jpeg = await plateScan(teasel, { megapixels: SMALL });
    expect((await plateScan(teasel, { megapixels: SMALL })).equals(jpeg)).toBe(true);
  });

  it('have the size and orientation of their plate', async () => {
    for (const slug of ['teasel', 'harbour-at-low-tide', 'dog-rose-hips']) {
      const artwork = SAMPLE_ARTWORKS.find((candidate) => candidate.slug === slug);
      if (!artwork) throw new Error(`no sample ${slug}`);
      const spec = plateSpec(artwork, { megapixels: SMALL });
      const meta = await sharp(await plateScan(artwork, { format: 'png', megapixels: SMALL })).metadata();
      expect({ width: meta.width, height: meta.height }).toEqual({ width: spec.width, height: spec.height });
      // A square plate makes an upright sheet: the margin below is deeper, for the pencil.
      const plate = artwork.plateSizeMm;
      const upright = plate.width <= plate.height;
      expect(meta.height > meta.width).toBe(upright);
    }
  });

  it('look substantially different from one print to the next', async () => {
    const scans = await Promise.all(
      SAMPLE_ARTWORKS.map(async (artwork) => ({
        slug: artwork.slug,
        png: await plateScan(artwork, { format: 'png', megapixels: SMALL }),
      })),
    );
    const pairs: { pair: string; difference: number }[] = [];
    for (let i = 0; i < scans.length; i++) {
      for (let j = i + 1; j < scans.length; j++) {
        const a = scans[i];
        const b = scans[j];
        if (!a || !b) continue;
        pairs.push({ pair: `${a.slug} / ${b.slug}`, difference: await meanDifference(a.png, b.png) });
      }
    }
    const closest = pairs.reduce((min, pair) => (pair.difference < min.difference ? pair : min));
    // One drawing repeated with other strokes (the earlier samples) differs by 4.5–7 like this;
    // these differ by about 10 at the closest and 24 typically.
    expect(closest.difference, closest.pair).toBeGreaterThan(8);
  });
});
