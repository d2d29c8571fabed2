// Page cursors: base64url JSON of where the last page ended (its sort value and id) and of which
// search it belongs to (the sort and a fingerprint of the words and filters). They are parsed like
// any input, so a forged, truncated or borrowed cursor is refused by name, never passed to SQL.
import * as z from 'zod';
import { type Position, SORTS, type Sort } from './ports.ts';

const Cursor = z.strictObject({
  s: z.enum(SORTS),
  f: z.string().regex(/^[0-9a-f]{8}$/),
  k: z.union([z.number(), z.iso.datetime({ offset: true }), z.null()]),
  i: z.uuid(),
});

/** 32-bit FNV-1a, hex: enough to tell one search from another, not a secret. */
export function fingerprint(value: unknown): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(JSON.stringify(value))) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

export function encodeCursor(sort: Sort, searchFingerprint: string, position: Position): string {
  return Buffer.from(JSON.stringify({ s: sort, f: searchFingerprint, k: position.key, i: position.id })).toString(
    'base64url',
  );
}

/** What a cursor names; undefined when it is not one this API handed out. */
export function decodeCursor(cursor: string): { sort: Sort; fingerprint: string; position: Position } | undefined {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return undefined;
  try {
    const parsed = Cursor.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (!parsed.success) return undefined;
    const { s, f, k, i } = parsed.data;
    return { sort: s, fingerprint: f, position: { key: k, id: i } };
  } catch {
    return undefined;
  }
}

/** Whether a position's sort value has the type the order sorts by (a score, a time, a price). */
export function positionFits(order: Sort, position: Position): boolean {
  const { key } = position;
  switch (order) {
    case 'relevance':
      return typeof key === 'number' && Number.isFinite(key);
    case 'newest':
      return key === null || (typeof key === 'string' && !Number.isNaN(Date.parse(key)));
    case 'price_asc':
    case 'price_desc':
      return key === null || (typeof key === 'number' && Number.isSafeInteger(key) && key >= 0);
  }
}
