// What visitors are shown of a search: hits with a thumbnail URL instead of a storage key, and
// facets as lists of values with their counts.
import type { SearchHit } from '../domain/ports.ts';
import type { SearchPage } from '../domain/search.ts';

export function hitView(hit: SearchHit, mediaBaseUrl: string) {
  return {
    id: hit.artworkId,
    slug: hit.slug,
    title: hit.title,
    year: hit.year,
    techniques: hit.techniques,
    collections: hit.collections,
    price: hit.price,
    availability: hit.availability,
    plateSizeMm: hit.plateSizeMm,
    size: hit.size,
    publishedAt: hit.publishedAt,
    thumbnail: hit.image
      ? {
          url: `${mediaBaseUrl}${hit.image.thumbnail.key}`,
          width: hit.image.thumbnail.width,
          height: hit.image.thumbnail.height,
          contentType: hit.image.thumbnail.contentType,
          alt: hit.image.alt,
          placeholder: hit.image.placeholder,
        }
      : null,
    highlight: hit.highlight,
  };
}

export function searchView(page: SearchPage, mediaBaseUrl: string) {
  return {
    hits: page.hits.map((hit) => hitView(hit, mediaBaseUrl)),
    total: page.total,
    facets: page.facets,
    stats: page.stats,
    nextCursor: page.nextCursor,
  };
}
