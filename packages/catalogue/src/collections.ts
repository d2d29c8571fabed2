import { NotAPermutationError, ok, type Result, refused } from './errors.ts';

export interface Collection {
  id: string;
  slug: string;
  title: string;
  description: string;
  /** Where the collection stands among the others. */
  position: number;
  /** In the order the artist chose; an artwork's position is its index here. */
  artworkIds: string[];
}

export interface Placement {
  id: string;
  position: number;
}

/**
 * Positions for a new order. The request must name every current id exactly once, so a client working
 * from a stale list cannot silently drop or resurrect an artwork.
 */
export function reorder(
  currentIds: readonly string[],
  requestedIds: readonly string[],
  field = 'artworkIds',
): Result<Placement[]> {
  const current = new Set(currentIds);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const id of requestedIds) {
    if (seen.has(id)) duplicates.add(id);
    seen.add(id);
  }
  const missing = [...current].filter((id) => !seen.has(id));
  const unknown = [...seen].filter((id) => !current.has(id));
  if (missing.length > 0 || unknown.length > 0 || duplicates.size > 0) {
    return refused([new NotAPermutationError(field, { missing, unknown, duplicates: [...duplicates] })]);
  }
  return ok(requestedIds.map((id, position) => ({ id, position })));
}
