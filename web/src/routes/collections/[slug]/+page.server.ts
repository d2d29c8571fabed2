import { apiFor } from '#lib/server/api.ts';
import { collectionWithCards } from '#lib/server/catalogue.ts';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async ({ locals, params }) =>
  collectionWithCards(apiFor(locals.requestId), params.slug);
