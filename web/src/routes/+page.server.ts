import { apiFor } from '#lib/server/api.ts';
import { collections, listCards, site } from '#lib/server/catalogue.ts';
import type { PageServerLoad } from './$types';

// Nothing on the front page needs JavaScript.
export const csr = false;

export const load: PageServerLoad = async ({ locals }) => {
  const api = apiFor(locals.requestId);
  const [profile, recent, listed] = await Promise.all([site(api), listCards(api, { limit: 6 }), collections(api)]);
  return {
    artistName: profile.artistName,
    statement: profile.statement,
    featured: profile.featured,
    recent: recent.cards,
    collections: listed,
  };
};
