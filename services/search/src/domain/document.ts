// What the read model keeps of an artwork's projection, and the words it adds to the vocabulary.
import type { ArtworkProjection } from '@copper/events';
import { type SizeBand, sizeBand } from './size.ts';
import { vocabularyOf, words } from './text.ts';

export interface IndexedArtwork {
  artworkId: string;
  slug: string;
  title: string;
  description: string;
  techniques: string[];
  collectionSlugs: string[];
  collectionTitles: string[];
  year: number | null;
  plateWidthMm: number | null;
  plateHeightMm: number | null;
  sizeBand: SizeBand | null;
  priceMinMinor: number | null;
  priceMaxMinor: number | null;
  currency: string | null;
  availability: ArtworkProjection['availability'];
  publishedAt: string | null;
  /** Techniques by name, collection titles and the year: searched below the title, above the description. */
  keywords: string;
  /**
   * What is indexed, as words only (see text.ts): PostgreSQL's parser would otherwise read
   * "<Reefs>" as a tag, "a/b" as a path or "x@y.z" as an e-mail address, and never match their words.
   */
  indexText: { title: string; keywords: string; description: string };
  /** The vocabulary terms of everything searchable, sorted and distinct. */
  terms: string[];
}

/** "soft_ground" → "soft ground": techniques are searched by their names. */
export const techniqueName = (technique: string) => technique.replace(/_/g, ' ');

export function indexedArtwork(projection: ArtworkProjection): IndexedArtwork {
  const techniques = [...new Set(projection.techniques)];
  const collections = [...new Map(projection.collections.map((c) => [c.slug, c])).values()];
  const keywords = [
    ...techniques.map(techniqueName),
    ...collections.map((c) => c.title),
    ...(projection.year === null ? [] : [String(projection.year)]),
  ].join(' \n ');
  const price = projection.price;
  return {
    artworkId: projection.artworkId,
    slug: projection.slug,
    title: projection.title,
    description: projection.description,
    techniques,
    collectionSlugs: collections.map((c) => c.slug),
    collectionTitles: collections.map((c) => c.title),
    year: projection.year,
    plateWidthMm: projection.plateWidthMm,
    plateHeightMm: projection.plateHeightMm,
    sizeBand: sizeBand(projection.plateWidthMm, projection.plateHeightMm),
    priceMinMinor: price ? Math.min(price.minMinor, price.maxMinor) : null,
    priceMaxMinor: price ? Math.max(price.minMinor, price.maxMinor) : null,
    currency: price?.currency ?? null,
    availability: projection.availability,
    publishedAt: projection.publishedAt,
    keywords,
    indexText: {
      title: words(projection.title).join(' '),
      keywords: words(keywords).join(' '),
      description: words(projection.description).join(' '),
    },
    terms: vocabularyOf(projection.title, projection.description, keywords),
  };
}
