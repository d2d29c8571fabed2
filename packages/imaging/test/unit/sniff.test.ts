import { describe, expect, it } from 'vitest';
import { readIccProfile } from '../../src/icc.ts';
import { looksTruncated, sniffFormat } from '../../src/sniff.ts';

const bytes = (...values: (number | string)[]) =>
  Buffer.concat(values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from([v]))));

describe('sniffFormat', () => {
  it.each([
    [bytes(0xff, 0xd8, 0xff, 0xe0), 'jpeg'],
    [bytes(0x89, 'PNG\r\n', 0x1a, '\n'), 'png'],
    [bytes('II*\0'), 'tiff'],
    [bytes('MM\0*'), 'tiff'],
    [bytes('II+\0'), 'tiff'],
    [bytes('RIFF', 0, 0, 0, 0, 'WEBP'), 'webp'],
  ])('accepts %#: %s', (head, format) => {
    expect(sniffFormat(head)).toEqual({ kind: 'supported', format });
  });

  it.each([
    [bytes('GIF89a'), 'gif'],
    [bytes(0, 0, 0, 0x1c, 'ftypavif'), 'avif'],
    [bytes(0, 0, 0, 0x18, 'ftypheic'), 'heif'],
    [bytes('%PDF-1.7'), 'pdf'],
    [bytes('8BPS'), 'psd'],
    [Buffer.from('\uFEFF  <?xml version="1.0"?>\n<!-- x -->\n<svg xmlns="http://www.w3.org/2000/svg">', 'utf8'), 'svg'],
    [bytes('<svg>'), 'svg'],
  ])('names %#: %s as unsupported', (head, format) => {
    expect(sniffFormat(head)).toEqual({ kind: 'unsupported', format });
  });

  it.each([
    [bytes('')],
    [bytes('<html><body>not an svg</body></html>')],
    [bytes('RIFF', 0, 0, 0, 0, 'WAVE')],
    [bytes(0xff, 0xd8)],
  ])('knows nothing of %#', (head) => {
    expect(sniffFormat(head)).toEqual({ kind: 'unknown' });
  });
});

describe('looksTruncated', () => {
  const ends = (head: Buffer, tail: Buffer, size: number) => ({ head, tail, size });

  it('believes the decoder when it says the data ended', () => {
    expect(looksTruncated('jpeg', ends(bytes(0xff, 0xd8, 0xff), bytes(0), 100), 'premature end of JPEG image')).toBe(
      true,
    );
    expect(looksTruncated('jpeg', ends(bytes(0xff, 0xd8, 0xff), bytes(0), 100), 'Unsupported marker type')).toBe(false);
  });

  it('reads a missing IEND, an overlong RIFF and an IFD past the end as truncation', () => {
    expect(looksTruncated('png', ends(bytes(0x89), bytes('IDATxxxx'), 100), 'read error')).toBe(true);
    expect(looksTruncated('png', ends(bytes(0x89), bytes('IEND', 0xae, 0x42, 0x60, 0x82), 100), 'read error')).toBe(
      false,
    );
    expect(looksTruncated('webp', ends(bytes('RIFF', 200, 0, 0, 0, 'WEBP'), bytes(0), 100), '')).toBe(true);
    expect(looksTruncated('tiff', ends(bytes('II*\0', 0, 1, 0, 0), bytes(0), 100), '')).toBe(true);
    expect(looksTruncated('tiff', ends(bytes('II*\0', 8, 0, 0, 0), bytes(0), 100), '')).toBe(false);
  });
});

describe('readIccProfile', () => {
  it('reads nothing from a profile that is not one, without throwing', () => {
    expect(readIccProfile(Buffer.alloc(0))).toEqual({ gamut: 'srgb' });
    expect(readIccProfile(Buffer.alloc(200, 0xff))).toEqual({ gamut: 'srgb' });
  });

  it('survives a tag table pointing past the end', () => {
    const icc = Buffer.alloc(160);
    icc.write('RGB ', 16, 'latin1');
    icc.write('acsp', 36, 'latin1');
    icc.writeUInt32BE(1000, 128);
    icc.write('desc', 132, 'latin1');
    icc.writeUInt32BE(150, 136);
    icc.writeUInt32BE(5000, 140);
    expect(readIccProfile(icc)).toEqual({ dataColourSpace: 'RGB', gamut: 'srgb' });
  });
});
