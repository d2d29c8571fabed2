import { apiFor } from '#lib/server/api.ts';
import { collections, listCards, site } from '#lib/server/catalogue.ts';
import type { PageServerLoad } from './$types';

// Nothing on the front page needs JavaScript.
export const csr = false;

export const load: PageServerLoad = async ({ locals }) => {
  const api = apiFor(locals.requestId);
  const [profile, recent, listed] = await Promise.all([site(api), listCards(api, { limit: 12 }), collections(api)]);
  // The featured prints are already on the page: the newest of the others follow, one row on a wide screen.
  const featured = new Set(profile.featured.map((card) => card.slug));
  return {
    artistName: profile.artistName,
    statement: profile.statement,
    featured: profile.featured,
    recent: recent.cards.filter((card) => !featured.has(card.slug)).slice(0, 5),
    collections: listed,
  };
};
