import { readListQuery } from '#lib/query.ts';
import { apiFor, call } from '#lib/server/api.ts';
import { listCards } from '#lib/server/catalogue.ts';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async ({ locals, url }) => {
  const api = apiFor(locals.requestId);
  const query = readListQuery(url.searchParams);
  const [page, collections] = await Promise.all([
    listCards(api, query),
    call(api.GET('/v1/collections')).then(({ data }) => data?.items ?? []),
  ]);
  const ignored = [...new Set([...query.ignored, ...page.refused])];
  return {
    cards: page.cards,
    nextCursor: page.nextCursor,
    filters: {
      limit: query.limit,
      collection: page.refused.includes('collection') ? undefined : query.collection,
      technique: page.refused.includes('technique') ? undefined : query.technique,
      cursor: page.refused.length ? undefined : query.cursor,
    },
    ignored,
    collections: collections.map(({ slug, title }) => ({ slug, title })),
  };
};
