// Cursors are shared by every service's list routes; see @copper/http/cursor.
import { createHash } from 'node:crypto';

export { decodeCursor, encodeCursor } from '@copper/http/cursor';

/**
 * The scope of a filtered list: a short digest of its filters (normalised by the caller), which its
 * cursors carry. Not a secret, only enough to tell one set of filters from another.
 */
export function listScope(filters: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(filters)).digest('hex').slice(0, 12);
}
