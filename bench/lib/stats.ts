/** Value at quantile `q` (0..1), interpolated between the two nearest ranks, as spreadsheets and numpy do. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * q;
  const lower = Math.floor(rank);
  const low = sorted[lower] ?? Number.NaN;
  const high = sorted[Math.ceil(rank)] ?? low;
  return low + (high - low) * (rank - lower);
}

export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}
