import { apiFor } from '#lib/server/api.ts';
import { collectionsWithCovers, listCards } from '#lib/server/catalogue.ts';
import type { PageServerLoad } from './$types';

// Nothing on the front page needs JavaScript.
export const csr = false;

export const load: PageServerLoad = async ({ locals }) => {
  const api = apiFor(locals.requestId);
  const [recent, collections] = await Promise.all([listCards(api, { limit: 7 }), collectionsWithCovers(api)]);
  // Until GET /v1/site names featured prints, the newest print leads and the next six follow.
  const [featured, ...rest] = recent.cards;
  return { featured: featured ?? null, recent: rest, collections };
};
