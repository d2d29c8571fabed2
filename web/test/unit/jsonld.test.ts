import { describe, expect, it } from 'vitest';
import type { ArtworkDetail, Edition } from '../../src/lib/api/types.ts';
import { artworkJsonLd, offerAvailability, serializeJsonLd } from '../../src/lib/jsonld.ts';

const edition = (over: Partial<Edition>): Edition => ({
  id: '6f1c2f7e-0000-4000-8000-000000000003',
  size: 10,
  artistProofs: 2,
  paper: 'Somerset Satin 300 g',
  ink: 'black',
  sheetSizeMm: null,
  plateSizeMm: null,
  price: { amountMinor: 32000, currency: 'EUR' },
  status: 'open',
  version: 1,
  availability: { available: 3, reserved: 1, sold: 6, soldOut: false },
  impressions: [],
  ...over,
});

const artwork: ArtworkDetail = {
  id: '6f1c2f7e-0000-4000-8000-000000000002',
  slug: 'harbour',
  title: 'Harbour </script><script>alert(1)</script>',
  year: 2019,
  techniques: ['etching'],
  plateSizeMm: { width: 300, height: 200 },
  status: 'published',
  publishedAt: null,
  description: 'Slack water.',
  version: 1,
  collections: [],
  editions: [
    edition({}),
    edition({ availability: { available: 0, reserved: 0, sold: 10, soldOut: true }, status: 'closed' }),
  ],
  media: [],
};

describe('JSON-LD', () => {
  it('describes the print as a VisualArtwork with an Offer per edition', () => {
    const data = artworkJsonLd(artwork, { url: 'https://gallery.test/artworks/harbour', artistName: 'A. Printer' });
    expect(data['@type']).toBe('VisualArtwork');
    expect(data.offers).toEqual([
      expect.objectContaining({ price: '320.00', priceCurrency: 'EUR', availability: 'https://schema.org/InStock' }),
      expect.objectContaining({ availability: 'https://schema.org/SoldOut' }),
    ]);
  });

  it('says LimitedAvailability when only reserved ones are left, Discontinued when closed', () => {
    expect(offerAvailability(edition({ availability: { available: 0, reserved: 2, sold: 8, soldOut: false } }))).toBe(
      'https://schema.org/LimitedAvailability',
    );
    expect(
      offerAvailability(
        edition({ status: 'closed', availability: { available: 0, reserved: 0, sold: 5, soldOut: false } }),
      ),
    ).toBe('https://schema.org/Discontinued');
  });

  it('serializes so that no value can close the script element, and parses back to the same data', () => {
    const data = artworkJsonLd(artwork, { url: 'https://gallery.test/a', artistName: 'A' });
    const text = serializeJsonLd(data);
    expect(text).not.toContain('<');
    expect(text).not.toContain('>');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(data)));
  });
});
