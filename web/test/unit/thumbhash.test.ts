import { rgbaToThumbHash } from 'thumbhash';
import { describe, expect, it } from 'vitest';
import { thumbhashDataUrl } from '../../src/lib/thumbhash.ts';

describe('thumbhashDataUrl', () => {
  it('decodes a ThumbHash to a PNG data URL', () => {
    const pixels = new Uint8Array(8 * 8 * 4).map((_, index) => (index % 4 === 3 ? 255 : (index * 7) % 256));
    const hash = Buffer.from(rgbaToThumbHash(8, 8, pixels)).toString('base64');
    const url = thumbhashDataUrl(hash);
    expect(url).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(url?.split(',')[1] ?? '', 'base64');
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('gives undefined for an empty or broken hash, so the dominant colour alone shows', () => {
    expect(thumbhashDataUrl('')).toBeUndefined();
    expect(thumbhashDataUrl('%%%')).toBeUndefined();
    expect(thumbhashDataUrl('AAA=')).toBeUndefined();
  });
});
