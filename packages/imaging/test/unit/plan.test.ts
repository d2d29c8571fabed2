import { describe, expect, it } from 'vitest';
import { deepZoomLevels } from '../../src/deep-zoom.ts';
import { DEFAULT_WIDTHS, planWidths } from '../../src/renditions.ts';

describe('planWidths', () => {
  it('keeps the widths a source can fill, smallest first', () => {
    expect(planWidths(6000)).toEqual([...DEFAULT_WIDTHS]);
    expect(planWidths(1400)).toEqual([320, 640, 960, 1280]);
    expect(planWidths(1280)).toEqual([320, 640, 960, 1280]);
    expect(planWidths(400, [640, 320, 320])).toEqual([320]);
  });

  it('falls back to the source width when the source is narrower than every width', () => {
    expect(planWidths(200)).toEqual([200]);
    expect(planWidths(319)).toEqual([319]);
  });
});

describe('deepZoomLevels', () => {
  it('halves, rounding up, from the full image down to one pixel', () => {
    const levels = deepZoomLevels(1400, 1000, 254);
    expect(levels).toHaveLength(12);
    expect(levels.at(-1)).toEqual({ level: 11, width: 1400, height: 1000, columns: 6, rows: 4 });
    expect(levels.at(-2)).toEqual({ level: 10, width: 700, height: 500, columns: 3, rows: 2 });
    expect(levels[2]).toEqual({ level: 2, width: 3, height: 2, columns: 1, rows: 1 });
    expect(levels[0]).toEqual({ level: 0, width: 1, height: 1, columns: 1, rows: 1 });
  });

  it('gives a 1 × 1 image a single level', () => {
    expect(deepZoomLevels(1, 1, 254)).toEqual([{ level: 0, width: 1, height: 1, columns: 1, rows: 1 }]);
  });
});
