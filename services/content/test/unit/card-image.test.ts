import { describe, expect, it } from 'vitest';
import { cardImage } from '../../src/http/views.ts';
import { mediaDocument, processedScan } from '../support/media-events.ts';

const BASE = 'https://media.example.test/';
const ARTWORK = '6f1c1f55-5d3c-4f3e-9d7e-0a8f3a1c2b4d';

describe('cardImage', () => {
  it('offers 640w and 960w per format and a 640 px JPEG src for a full-size scan', () => {
    const image = cardImage(processedScan(ARTWORK, 'Teasel, engraving'), BASE);
    expect(image.src).toMatch(/\/640\.jpg$/);
    for (const [format, extension] of [
      ['avif', 'avif'],
      ['webp', 'webp'],
      ['jpeg', 'jpg'],
    ] as const) {
      expect(image.srcset[format]).toMatch(
        new RegExp(`^${BASE}\\S+/640\\.${extension} 640w, ${BASE}\\S+/960\\.${extension} 960w$`),
      );
    }
  });

  it('makes do with what a small scan has: the widths it was rendered at, never a missing format', () => {
    const small = mediaDocument(ARTWORK, {
      renditions: [320, 480].map((width) => ({
        width,
        height: width,
        format: 'webp' as const,
        contentType: 'image/webp' as const,
        colourSpace: 'srgb',
        watermarked: false,
        bytes: 1000,
        key: `media/small/${width}.webp`,
      })),
    });
    const image = cardImage(small, BASE);
    expect(image.srcset).toEqual({
      avif: null,
      webp: `${BASE}media/small/320.webp 320w, ${BASE}media/small/480.webp 480w`,
      jpeg: null,
    });
    // No JPEG at all: the largest rendition of any format stands in.
    expect(image.src).toBe(`${BASE}media/small/480.webp`);
  });
});
