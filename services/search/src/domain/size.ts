// Size bands for the size facet, by the plate's longer side: what a visitor means by a small print
// (fits a hand, up to a postcard and a bit: under 20 cm), a medium one (up to a sheet of A3: under
// 40 cm) and a large one (40 cm and more). An artwork without a plate size is in no band.
export const SIZE_BANDS = ['small', 'medium', 'large'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

/** Longer plate side below which a print is small, and below which it is medium, in millimetres. */
export const SMALL_BELOW_MM = 200;
export const MEDIUM_BELOW_MM = 400;

export function sizeBand(widthMm: number | null, heightMm: number | null): SizeBand | null {
  if (widthMm === null || heightMm === null) return null;
  const longer = Math.max(widthMm, heightMm);
  if (longer < SMALL_BELOW_MM) return 'small';
  if (longer < MEDIUM_BELOW_MM) return 'medium';
  return 'large';
}
