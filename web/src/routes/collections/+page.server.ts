import { apiFor } from '#lib/server/api.ts';
import { collectionsWithCovers } from '#lib/server/catalogue.ts';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async ({ locals }) => ({
  collections: await collectionsWithCovers(apiFor(locals.requestId)),
});
