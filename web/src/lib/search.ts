// The search page's query: the whole of it lives in the URL, so a search can be shared, bookmarked
// and paged without JavaScript. Reading is lenient: values the gallery does not know are dropped.
export const SORTS = ['relevance', 'newest', 'price_asc', 'price_desc'] as const;
export type Sort = (typeof SORTS)[number];
export const SORT_LABELS: Record<Sort, string> = {
  relevance: 'Best match',
  newest: 'Newest first',
  price_asc: 'Price, low to high',
  price_desc: 'Price, high to low',
};
export const FACETS = ['technique', 'collection', 'availability', 'size'] as const;
export type Facet = (typeof FACETS)[number];
export const FACET_LABELS: Record<Facet, string> = {
  technique: 'Technique',
  collection: 'Collection',
  availability: 'Availability',
  size: 'Size',
};
export const SIZE_LABELS: Record<string, string> = {
  small: 'Small (under 20 cm)',
  medium: 'Medium (20–40 cm)',
  large: 'Large (40 cm and more)',
};

export interface SearchState {
  q: string;
  filters: Record<Facet, string[]>;
  sort: Sort;
  cursor?: string;
}

const VALUE = /^[a-z0-9_-]{1,80}$/;

export function readSearch(params: URLSearchParams): SearchState {
  const filters = Object.fromEntries(
    FACETS.map((facet) => [
      facet,
      [
        ...new Set(
          params
            .getAll(facet)
            .flatMap((value) => value.split(','))
            .map((value) => value.trim())
            .filter((value) => VALUE.test(value)),
        ),
      ].slice(0, 20),
    ]),
  ) as Record<Facet, string[]>;
  const sort = params.get('sort');
  const cursor = params.get('cursor');
  return {
    q: (params.get('q') ?? '').slice(0, 200),
    filters,
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as Sort) : 'relevance',
    ...(cursor && cursor.length <= 400 ? { cursor } : {}),
  };
}

/** The search page's URL for a state: only what is set, facets repeated, in a stable order. */
export function searchQueryString(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const facet of FACETS) for (const value of state.filters[facet]) params.append(facet, value);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.cursor) params.set('cursor', state.cursor);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function toggled(state: SearchState, facet: Facet, value: string): SearchState {
  const current = state.filters[facet];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { q: state.q, sort: state.sort, filters: { ...state.filters, [facet]: next } };
}
