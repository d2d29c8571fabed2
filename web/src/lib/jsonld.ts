// Structured data for a print page: a schema.org VisualArtwork with one Offer per edition, typed by
// schema-dts so a misspelt property fails type-checking, and serialized so it cannot end its <script>.
import type { Offer, VisualArtwork, WithContext } from 'schema-dts';
import type { ArtworkDetail, Edition } from './api/types.ts';
import { techniqueLabel } from './catalogue.ts';

export function offerAvailability(edition: Edition): Offer['availability'] {
  if (edition.availability.available > 0) return 'https://schema.org/InStock';
  if (edition.availability.soldOut) return 'https://schema.org/SoldOut';
  if (edition.availability.reserved > 0) return 'https://schema.org/LimitedAvailability';
  return edition.status === 'closed' ? 'https://schema.org/Discontinued' : 'https://schema.org/OutOfStock';
}

export function artworkJsonLd(
  artwork: ArtworkDetail,
  options: { url: string; image?: string; artistName: string },
): WithContext<VisualArtwork> {
  const plate = artwork.plateSizeMm;
  return {
    '@context': 'https://schema.org',
    '@type': 'VisualArtwork',
    name: artwork.title,
    url: options.url,
    ...(artwork.description ? { description: artwork.description } : {}),
    ...(options.image ? { image: options.image } : {}),
    ...(artwork.year ? { dateCreated: String(artwork.year) } : {}),
    creator: { '@type': 'Person', name: options.artistName },
    artform: 'Print',
    artMedium: artwork.techniques.map(techniqueLabel).join(', ') || undefined,
    artworkSurface: artwork.editions.find((edition) => edition.paper)?.paper || undefined,
    ...(plate
      ? {
          width: { '@type': 'QuantitativeValue', value: plate.width, unitCode: 'MMT' },
          height: { '@type': 'QuantitativeValue', value: plate.height, unitCode: 'MMT' },
        }
      : {}),
    artEdition: artwork.editions.reduce((sum, edition) => sum + edition.size, 0) || undefined,
    offers: artwork.editions.map(
      (edition): Offer => ({
        '@type': 'Offer',
        price: (edition.price.amountMinor / 100).toFixed(2),
        priceCurrency: edition.price.currency,
        availability: offerAvailability(edition),
        url: options.url,
      }),
    ),
  };
}

/** JSON for a <script type="application/ld+json">: `<` escaped so no text can close the element. */
export function serializeJsonLd(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}
