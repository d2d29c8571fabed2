import { cardFromSearchHit } from '#lib/cards.ts';
import { safeHighlight } from '#lib/highlight.ts';
import { FACETS, readSearch, type SearchState } from '#lib/search.ts';
import { type Api, apiFor, call } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

function refused(body: unknown): string[] {
  const errors = (body as { errors?: { path?: unknown }[] } | undefined)?.errors ?? [];
  return errors.flatMap(({ path }) =>
    typeof path === 'string' ? [path.replace(/^query\./, '').split('.')[0] ?? ''] : [],
  );
}

function searchApi(api: Api, state: SearchState) {
  return call(
    api.GET('/v1/search', {
      params: {
        query: {
          q: state.q,
          ...Object.fromEntries(
            FACETS.filter((facet) => state.filters[facet].length).map((f) => [f, state.filters[f]]),
          ),
          sort: state.sort,
          limit: '24',
          ...(state.cursor ? { cursor: state.cursor } : {}),
        },
      },
    }),
  );
}

export const load: PageServerLoad = async ({ locals, url }) => {
  const api = apiFor(locals.requestId);
  let state = readSearch(url.searchParams);
  const ignored: string[] = [];
  let { data, error: problem } = await searchApi(api, state);
  if (!data) {
    // Drop what the API refused (an unknown technique, a stale cursor…), say so, and search again.
    const names = refused(problem);
    ignored.push(...(names.length ? names : ['cursor']));
    state = {
      q: names.includes('q') ? '' : state.q,
      sort: names.includes('sort') ? 'relevance' : state.sort,
      filters: Object.fromEntries(
        FACETS.map((f) => [f, names.includes(f) ? [] : state.filters[f]]),
      ) as SearchState['filters'],
    };
    ({ data } = await searchApi(api, state));
  }
  const results = data ?? {
    hits: [],
    total: 0,
    facets: { technique: [], collection: [], availability: [], size: [] },
    stats: { year: null, price: null },
    nextCursor: null,
  };
  // Nothing found: offer what the suggester makes of the words, as links to search for instead.
  const alternatives =
    results.total === 0 && state.q
      ? ((await call(api.GET('/v1/search/suggest', { params: { query: { q: state.q } } }))).data?.suggestions ?? [])
          .filter((suggestion) => suggestion.text.toLowerCase() !== state.q.toLowerCase())
          .slice(0, 5)
          .map((suggestion) => suggestion.text)
      : [];
  return {
    state,
    ignored,
    total: results.total,
    facets: results.facets,
    nextCursor: results.nextCursor,
    hits: results.hits.map((hit) => ({
      card: cardFromSearchHit(hit),
      collections: hit.collections,
      titleHtml: safeHighlight(hit.highlight.title),
      descriptionHtml: safeHighlight(hit.highlight.description),
    })),
    alternatives,
  };
};
