import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, fingerprint, positionFits } from '../../src/domain/cursor.ts';

const id = '00000000-0000-4000-8000-000000000001';

describe('cursors', () => {
  it('round-trips where a page ended and which search it belongs to', () => {
    for (const key of [30.094293780624866, '2024-01-02T12:00:00.000Z', 38000, null]) {
      const cursor = encodeCursor('relevance', 'abcdef01', { key, id });
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor)).toEqual({ sort: 'relevance', fingerprint: 'abcdef01', position: { key, id } });
    }
  });

  it.each([
    ['not base64url', '!!!'],
    ['empty', ''],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['a JSON array', Buffer.from('[1,2]').toString('base64url')],
    [
      'an unknown sort',
      Buffer.from(JSON.stringify({ s: 'cheapest', f: 'abcdef01', k: 1, i: id })).toString('base64url'),
    ],
    [
      'a bad id',
      Buffer.from(JSON.stringify({ s: 'newest', f: 'abcdef01', k: null, i: "1' or 1=1" })).toString('base64url'),
    ],
    [
      'an extra field',
      Buffer.from(JSON.stringify({ s: 'newest', f: 'abcdef01', k: null, i: id, sql: 'drop' })).toString('base64url'),
    ],
    ['a key object', Buffer.from(JSON.stringify({ s: 'newest', f: 'abcdef01', k: {}, i: id })).toString('base64url')],
    ['too long', 'a'.repeat(401)],
  ])('refuses %s', (_, cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });

  it('checks the sort value has the type of the order', () => {
    expect(positionFits('relevance', { key: 1.5, id })).toBe(true);
    expect(positionFits('relevance', { key: null, id })).toBe(false);
    expect(positionFits('newest', { key: '2024-01-01T00:00:00Z', id })).toBe(true);
    expect(positionFits('newest', { key: 3, id })).toBe(false);
    expect(positionFits('price_asc', { key: 100, id })).toBe(true);
    expect(positionFits('price_desc', { key: 1.5, id })).toBe(false);
    expect(positionFits('price_desc', { key: -1, id })).toBe(false);
  });

  it('fingerprints a search by its words, filters and sort', () => {
    const a = fingerprint({ q: 'harbour', sort: 'relevance' });
    expect(a).toMatch(/^[0-9a-f]{8}$/);
    expect(fingerprint({ q: 'harbour', sort: 'relevance' })).toBe(a);
    expect(fingerprint({ q: 'harbor', sort: 'relevance' })).not.toBe(a);
  });
});
