import { describe, expect, it } from 'vitest';
import type { ArtworkListItem, Media, SearchHit } from '../../src/lib/api/types.ts';
import { cardFromListItem, cardFromSearchHit, imageOf } from '../../src/lib/cards.ts';

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

const item: ArtworkListItem = {
  id: '6f1c2f7e-0000-4000-8000-000000000002',
  slug: 'harbour-at-low-tide',
  title: 'Harbour at Low Tide',
  year: 2019,
  techniques: ['etching', 'aquatint'],
  plateSizeMm: { width: 300, height: 200 },
  status: 'published',
  publishedAt: '2024-05-01T10:00:00.000Z',
  collections: [{ slug: 'the-harbour', title: 'The Harbour' }],
  media: [media],
  prices: [
    { amountMinor: 42000, currency: 'EUR' },
    { amountMinor: 32000, currency: 'EUR' },
  ],
  availableCount: 20,
  soldOut: false,
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

  it('maps a list item: the lowest price, availability from the counts, the newest media', () => {
    const card = cardFromListItem(item);
    expect(card.priceFrom).toEqual({ amountMinor: 32000, currency: 'EUR' });
    expect(card.availability).toBe('available');
    expect(card.image?.thumbhash).toBe(media.placeholder.thumbhash);
    expect(cardFromListItem({ ...item, availableCount: 0, soldOut: true }).availability).toBe('sold-out');
    expect(cardFromListItem({ ...item, availableCount: 0, media: [], prices: [] })).toMatchObject({
      availability: 'none',
      image: null,
      priceFrom: null,
    });
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
      image: { src: `${base}640.jpeg`, srcset: { avif: '', webp: '', jpeg: '' } },
    });
  });
});
