import type { MediaRendition } from '@copper/events';
import { describe, expect, it } from 'vitest';
import { indexedArtwork } from '../../src/domain/document.ts';
import { sizeBand } from '../../src/domain/size.ts';
import { pickThumbnail } from '../../src/domain/thumbnail.ts';
import { byTitle, mediaFor } from '../support/catalogue.ts';

describe('sizeBand (by the plate’s longer side)', () => {
  it.each([
    [120, 90, 'small'],
    [199, 150, 'small'],
    [200, 150, 'medium'],
    [150, 399, 'medium'],
    [400, 300, 'large'],
    [600, 400, 'large'],
  ])('%i × %i mm is %s', (width, height, band) => {
    expect(sizeBand(width, height)).toBe(band);
  });

  it('puts an artwork without a plate size in no band', () => {
    expect(sizeBand(null, 200)).toBeNull();
    expect(sizeBand(null, null)).toBeNull();
  });
});

describe('pickThumbnail', () => {
  const rendition = (width: number, format: MediaRendition['format']): MediaRendition => ({
    width,
    height: width,
    format,
    contentType: `image/${format}` as MediaRendition['contentType'],
    colourSpace: 'srgb',
    watermarked: false,
    bytes: 1,
    key: `${width}.${format}`,
  });

  it('takes the 640-wide WebP', () => {
    expect(pickThumbnail(mediaFor('00000000-0000-4000-8000-000000000001').renditions)?.key).toMatch(/\/640\.webp$/);
  });

  it('takes the nearest width, the wider of two equally near, then JPEG, then AVIF', () => {
    expect(pickThumbnail([rendition(320, 'webp'), rendition(1280, 'webp')])?.key).toBe('320.webp');
    expect(pickThumbnail([rendition(540, 'webp'), rendition(740, 'webp')])?.key).toBe('740.webp');
    expect(pickThumbnail([rendition(640, 'avif'), rendition(1280, 'jpeg')])?.key).toBe('1280.jpeg');
    expect(pickThumbnail([rendition(640, 'avif')])?.key).toBe('640.avif');
    expect(pickThumbnail([])).toBeUndefined();
  });
});

describe('indexedArtwork', () => {
  it('keeps what a hit needs and the words it adds to the vocabulary', () => {
    const indexed = indexedArtwork({
      ...byTitle('Poppies in Colour'),
      techniques: ['aquatint', 'chine_colle', 'aquatint'],
    });
    expect(indexed).toMatchObject({
      techniques: ['aquatint', 'chine_colle'],
      collectionSlugs: ['plants'],
      collectionTitles: ['Plants'],
      sizeBand: 'medium',
      priceMinMinor: 45000,
      priceMaxMinor: 52000,
      currency: 'EUR',
    });
    expect(indexed.indexText.keywords).toBe('aquatint chine colle plants 2021');
    expect(indexed.terms).toEqual(
      expect.arrayContaining(['poppies', 'colour', 'chine', 'colle', 'plants', 'japanese']),
    );
    expect(indexed.terms).not.toContain('in');
    expect(indexed.terms).not.toContain('2021');
  });

  it('indexes words only, so markup-like titles are searchable', () => {
    expect(indexedArtwork(byTitle('Rocks & <Reefs>')).indexText.title).toBe('rocks reefs');
  });
});
