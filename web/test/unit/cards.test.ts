import { describe, expect, it } from 'vitest';
import type { ArtworkCard, Media, SearchHit } from '../../src/lib/api/types.ts';
import { cardFromApi, cardFromSearchHit, imageOf } from '../../src/lib/cards.ts';

const base = 'http://media.test/artworks/a/m/';
const media: Media = {
  id: '6f1c2f7e-0000-4000-8000-000000000001',
  alt: 'Harbour at low tide, etching',
  width: 2400,
  height: 1600,
  dominantColour: '#d8ccb8',
  placeholder: { thumbhash: '1QcSHQRnh493V4dIh4eXh1h4kJUI', url: `${base}placeholder.png` },
  renditions: [640, 320, 1280].flatMap((width) =>
    (['avif', 'webp', 'jpeg'] as const).map((format) => ({
      url: `${base}${width}.${format}`,
      width,
      height: (width * 2) / 3,
      format,
      contentType: `image/${format}` as const,
      bytes: 1000,
    })),
  ),
  tiles: { url: `${base}tiles/image.dzi`, width: 2400, height: 1600, tileSize: 254, overlap: 1, format: 'jpeg' },
  publishedAt: '2024-05-01T10:00:00.000Z',
};

const item: ArtworkCard = {
  id: '6f1c2f7e-0000-4000-8000-000000000002',
  slug: 'harbour-at-low-tide',
  title: 'Harbour at Low Tide',
  year: 2019,
  techniques: ['etching', 'aquatint'],
  plateSizeMm: { width: 300, height: 200 },
  publishedAt: '2024-05-01T10:00:00.000Z',
  availability: { available: 20, soldOut: false, lowestPrice: { amountMinor: 32000, currency: 'EUR' } },
  image: {
    alt: media.alt,
    width: 2400,
    height: 1600,
    dominantColour: '#d8ccb8',
    thumbhash: media.placeholder.thumbhash,
    src: `${base}640.jpeg`,
    srcset: { avif: `${base}640.avif 640w, ${base}960.avif 960w`, webp: null, jpeg: `${base}640.jpeg 640w` },
  },
};

describe('cards', () => {
  it('makes srcsets per format, narrowest first, and a JPEG fallback of at least the wanted width', () => {
    const image = imageOf(media);
    expect(image?.srcset.avif).toBe(`${base}320.avif 320w, ${base}640.avif 640w, ${base}1280.avif 1280w`);
    expect(image?.srcset.jpeg).toContain(`${base}1280.jpeg 1280w`);
    expect(image?.src).toBe(`${base}640.jpeg`);
    expect(imageOf(media, 1000)?.src).toBe(`${base}1280.jpeg`);
    expect(imageOf(media, 5000)?.src).toBe(`${base}1280.jpeg`);
    expect(image).toMatchObject({ width: 2400, height: 1600, dominantColour: '#d8ccb8', alt: media.alt });
  });

  it('maps an API card: its lowest price, availability from the counts, its image as sent', () => {
    const card = cardFromApi(item);
    expect(card.priceFrom).toEqual({ amountMinor: 32000, currency: 'EUR' });
    expect(card.availability).toBe('available');
    expect(card.image).toBe(item.image);
    const soldOut = { available: 0, soldOut: true, lowestPrice: null };
    expect(cardFromApi({ ...item, availability: soldOut }).availability).toBe('sold-out');
    expect(
      cardFromApi({ ...item, availability: { available: 0, soldOut: false, lowestPrice: null }, image: null }),
    ).toMatchObject({ availability: 'none', image: null, priceFrom: null });
  });

  it('maps a search hit to the same card shape', () => {
    const hit: SearchHit = {
      id: item.id,
      slug: item.slug,
      title: item.title,
      year: 2019,
      techniques: ['etching'],
      collections: [],
      price: { minMinor: 32000, maxMinor: 42000, currency: 'EUR' },
      availability: 'reserved',
      plateSizeMm: null,
      size: null,
      publishedAt: null,
      thumbnail: {
        url: `${base}640.jpeg`,
        width: 640,
        height: 427,
        contentType: 'image/jpeg',
        alt: 'alt',
        placeholder: { thumbhash: 'x', dominantColour: '#000000' },
      },
      highlight: { title: item.title, description: '' },
    };
    expect(cardFromSearchHit(hit)).toMatchObject({
      availability: 'reserved',
      priceFrom: { amountMinor: 32000, currency: 'EUR' },
      image: { src: `${base}640.jpeg`, srcset: { avif: null, webp: null, jpeg: null } },
    });
  });
});
