import { describe, expect, it } from 'vitest';
import { plateSpec, subjectOf } from '../../scripts/seed/plates.ts';
import { SAMPLE_ARTWORKS } from '../../services/content/src/seed/catalogue.ts';

describe('the subject a sample plate depicts', () => {
  it.each([
    ['Harbour at Low Tide', 'sea', 'harbour'],
    ['The Breakwater in Fog', 'sea', 'fog'],
    ['Tide Tables', 'sea', 'waves'],
    ['Night Ferry', 'sea', 'night'],
    ['Salt Marsh Study', 'sea', 'marsh'],
    ['Teasel', 'plant', 'teasel'],
    ['Hogweed Umbel', 'plant', 'umbel'],
    ['Cow Parsley in June', 'plant', 'umbel'],
    ['Seed Heads of Honesty', 'plant', 'honesty'],
    ['Blackthorn in Flower', 'plant', 'blossom'],
    ['Dog Rose Hips', 'plant', 'hips'],
    ['Bramble in Winter', 'plant', 'canes'],
    ['Gulls over the Slipway', 'bird', 'gulls'],
    ['Quay Lamps', 'building', 'lamps'],
    ['Net Lofts', 'building', 'lofts'],
  ] as const)('%s is %s (%s)', (title, family, motif) => {
    expect(subjectOf(title)).toEqual({ family, motif });
  });

  it('gives a title that names nothing known a subject chosen by its slug, the same every time', () => {
    const first = subjectOf('Untitled No. 4', 'untitled-no-4');
    expect(subjectOf('Untitled No. 4', 'untitled-no-4')).toEqual(first);
    expect(['sea', 'plant', 'bird', 'building']).toContain(first.family);
  });

  it('draws the sample catalogue across all four families', () => {
    const families = new Set(SAMPLE_ARTWORKS.map((artwork) => subjectOf(artwork.title, artwork.slug).family));
    expect([...families].sort()).toEqual(['bird', 'building', 'plant', 'sea']);
  });
});

describe('the plate a sample scan shows', () => {
  const print = (plateSizeMm: { width: number; height: number } | null, techniques: string[] = ['etching']) => ({
    slug: 'teasel',
    title: 'Teasel',
    techniques,
    plateSizeMm,
  });

  it.each([
    [{ width: 150, height: 225 }, 'portrait'],
    [{ width: 300, height: 200 }, 'landscape'],
    [{ width: 200, height: 130 }, 'landscape'],
    [{ width: 180, height: 240 }, 'portrait'],
  ] as const)('a %o plate makes a %s scan whose plate keeps its proportions', (mm, orientation) => {
    const spec = plateSpec(print(mm));
    expect(spec.width > spec.height ? 'landscape' : 'portrait').toBe(orientation);
    expect(spec.plate.w / spec.plate.h).toBeCloseTo(mm.width / mm.height, 2);
    // The plate sits on the sheet with paper all round it, more below for the pencil.
    expect(spec.plate.x).toBeGreaterThan(0);
    expect(spec.plate.y).toBeGreaterThan(0);
    expect(spec.width - spec.plate.x - spec.plate.w).toBe(spec.plate.x);
    expect(spec.height - spec.plate.y - spec.plate.h).toBeGreaterThan(spec.plate.y);
  });

  it('makes a square scan for a square plate', () => {
    const spec = plateSpec(print({ width: 150, height: 150 }));
    expect(spec.plate.w).toBe(spec.plate.h);
  });

  it('gives a larger plate more pixels, within the budget of the earlier 2400 × 1800 scans', () => {
    const small = plateSpec(print({ width: 150, height: 150 }));
    const large = plateSpec(print({ width: 400, height: 300 }));
    expect(large.plate.w * large.plate.h).toBeGreaterThan(small.plate.w * small.plate.h);
    for (const spec of [small, large]) expect(spec.width * spec.height).toBeLessThanOrEqual(2400 * 1800 * 1.05);
  });

  it('picks a stock plate size, always the same one, when the artwork has none', () => {
    const spec = plateSpec(print(null));
    expect(spec.plateMm).toEqual(plateSpec(print(null)).plateMm);
    expect(spec.plateMm.width).toBeGreaterThan(0);
  });

  it.each([
    [['drypoint'], 'drypoint', 'none'],
    [['engraving'], 'engraved', 'none'],
    [['soft_ground', 'aquatint'], 'softground', 'aquatint'],
    [['sugar_lift', 'aquatint'], 'etched', 'aquatint'],
    [['mezzotint'], 'etched', 'mezzotint'],
    [['etching', 'drypoint'], 'drypoint', 'none'],
  ] as const)('techniques %o leave %s lines and %s tone', (techniques, line, tone) => {
    const spec = plateSpec(print({ width: 200, height: 250 }, [...techniques]));
    expect(spec.line).toBe(line);
    expect(spec.tone).toBe(tone);
  });

  it('lays chine collé under the image when the technique says so', () => {
    expect(plateSpec(print({ width: 180, height: 240 }, ['drypoint', 'chine_colle'])).chineColle).toBe(true);
    expect(plateSpec(print({ width: 180, height: 240 }, ['drypoint'])).chineColle).toBe(false);
  });

  it('inks the sea in Prussian blue and the hips in red-brown', () => {
    expect(plateSpec({ slug: 'tide-tables', title: 'Tide Tables' }).ink).toBe('prussian');
    expect(plateSpec({ slug: 'dog-rose-hips', title: 'Dog Rose Hips' }).ink).toBe('redBrown');
  });
});
