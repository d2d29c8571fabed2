import * as z from 'zod';

/**
 * Opaque page cursors: base64url JSON of the last row's sort key, and optionally the scope of the
 * list it came from (a digest of its filters), so a cursor can be refused on a list it does not
 * belong to. They are parsed like any input, so a forged or truncated cursor is refused as invalid,
 * never passed to SQL.
 */
const Key = z.strictObject({
  t: z.iso.datetime({ offset: true }),
  i: z.uuid(),
  s: z
    .string()
    .regex(/^[0-9a-f]{1,32}$/)
    .optional(),
});

export function encodeCursor(at: Date, id: string, scope?: string): string {
  return Buffer.from(JSON.stringify({ t: at.toISOString(), i: id, ...(scope ? { s: scope } : {}) })).toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string): { at: Date; id: string; scope?: string } | undefined {
  try {
    const parsed = Key.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (!parsed.success) return undefined;
    const { t, i, s } = parsed.data;
    return { at: new Date(t), id: i, ...(s ? { scope: s } : {}) };
  } catch {
    return undefined;
  }
}
