import { apiFor } from '#lib/server/api.ts';
import { collections } from '#lib/server/catalogue.ts';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async ({ locals }) => ({
  collections: await collections(apiFor(locals.requestId)),
});
