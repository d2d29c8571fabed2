import * as z from 'zod';

/**
 * Opaque page cursors: base64url JSON of the last row's sort key. They are parsed like any
 * input, so a forged or truncated cursor is refused as invalid, never passed to SQL.
 */
const Key = z.strictObject({ t: z.iso.datetime({ offset: true }), i: z.uuid() });

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify({ t: at.toISOString(), i: id })).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } | undefined {
  try {
    const parsed = Key.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? { at: new Date(parsed.data.t), id: parsed.data.i } : undefined;
  } catch {
    return undefined;
  }
}
