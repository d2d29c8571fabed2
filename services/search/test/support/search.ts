// A search over the fixture catalogue, through the domain and the PostgreSQL store.
import type { Database } from '@copper/db/client';
import { createSearchStore } from '../../src/adapters/search-store.ts';
import type { SearchPort } from '../../src/domain/ports.ts';
import { createSearch, type Search, type SearchRequest } from '../../src/domain/search.ts';
import { CATALOGUE, mediaFor } from './catalogue.ts';

export const request = (overrides: Partial<SearchRequest> = {}): SearchRequest => ({
  q: '',
  technique: [],
  collection: [],
  availability: [],
  size: [],
  sort: 'relevance',
  limit: 50,
  ...overrides,
});

/** The fixture catalogue loaded, with media for its first five artworks. */
export async function loadCatalogue(db: Database): Promise<{ store: SearchPort; search: Search }> {
  const store = createSearchStore(db);
  await store.upsertArtworks(CATALOGUE);
  for (const artwork of CATALOGUE.slice(0, 5)) await store.applyMedia(mediaFor(artwork.artworkId));
  return { store, search: createSearch(store) };
}

/** Every hit of a search, page by page, and the number of pages it took. */
export async function allPages(search: Search, overrides: Partial<SearchRequest>, limit: number) {
  const slugs: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await search.search(request({ ...overrides, limit, cursor }));
    slugs.push(...page.hits.map((hit) => hit.slug));
    cursor = page.nextCursor ?? undefined;
    pages++;
    if (pages > 100) throw new Error('the pages never end');
  } while (cursor);
  return { slugs, pages };
}
