import { fail } from '@sveltejs/kit';
import { imageOf } from '#lib/cards.ts';
import { fieldErrors, type InquiryValues } from '#lib/inquiry.ts';
import { apiFor, call } from '#lib/server/api.ts';
import { artworkBySlug, relatedCards, site } from '#lib/server/catalogue.ts';
import { log } from '#lib/server/log.ts';
import type { Actions, PageServerLoad } from './$types';

// The page ships no framework: the zoom and the inquiry's no-reload send are a small island
// (`islands/print.ts`), so a visitor downloads a few KB of script instead of the Svelte runtime.
export const csr = false;

export const load: PageServerLoad = async ({ locals, params }) => {
  const api = apiFor(locals.requestId);
  const [artwork, related, profile] = await Promise.all([
    artworkBySlug(api, params.slug),
    relatedCards(api, params.slug),
    site(api),
  ]);
  const media = artwork.media[0];
  return {
    artwork,
    image: imageOf(media, 1280),
    tiles: media?.tiles ?? null,
    related,
    artistName: profile.artistName,
  };
};

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

export const actions: Actions = {
  inquire: async ({ request, params, locals }) => {
    const form = await request.formData();
    const values: InquiryValues = {
      name: text(form, 'name'),
      email: text(form, 'email'),
      message: text(form, 'message'),
      impressionId: text(form, 'impressionId'),
    };
    const website = text(form, 'website');
    const api = apiFor(locals.requestId);
    const { response, error: problem } = await call(
      api.POST('/v1/inquiries', {
        body: {
          name: values.name,
          email: values.email,
          message: values.message,
          artworkSlug: params.slug,
          ...(values.impressionId ? { impressionId: values.impressionId } : {}),
          ...(website ? { website } : {}),
        },
      }),
    );
    if (response.status === 202) return { sent: true as const, name: values.name.trim() };
    log('info', 'inquiry refused', { requestId: locals.requestId, status: response.status });
    if (response.status === 413) {
      return fail(413, {
        values,
        errors: { message: 'Your message is too long: please keep it under 5,000 characters.' },
      });
    }
    return fail(response.status === 422 || response.status === 400 ? 422 : response.status, {
      values,
      errors: fieldErrors(problem),
    });
  },
};
