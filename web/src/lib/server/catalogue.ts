// What the gallery's pages load, each from the public API, with cards mapped in one place (cards.ts).
import { error } from '@sveltejs/kit';
import type { ArtworkDetail, CollectionListItem, Site, Technique } from '../api/types.ts';
import { type Card, cardFromApi } from '../cards.ts';
import { type Api, call } from './api.ts';

export interface ListFilters {
  limit: number;
  cursor?: string;
  collection?: string;
  technique?: Technique;
}

export interface CardPage {
  cards: Card[];
  nextCursor: string | null;
  /** The query names the API refused (a forged cursor, an unknown collection…), dropped and retried once. */
  refused: string[];
}

function refusedParameters(body: unknown): string[] {
  const errors = (body as { errors?: { path?: unknown }[] } | undefined)?.errors ?? [];
  return errors.flatMap(({ path }) =>
    typeof path === 'string' ? [path.replace(/^query\./, '').split('.')[0] ?? ''] : [],
  );
}

/**
 * A page of published artworks as cards, newest first. The API refuses (422) an unknown filter,
 * or a cursor used with filters other than the ones it was made with: those are dropped and the
 * listing asked again once, so a stale or forged link still shows a page, with a note.
 */
export async function listCards(api: Api, filters: ListFilters): Promise<CardPage> {
  const attempt = async (current: ListFilters) => {
    const { data, error: problem } = await call(
      api.GET('/v1/artworks', {
        params: {
          query: {
            limit: current.limit,
            ...(current.cursor ? { cursor: current.cursor } : {}),
            ...(current.collection ? { collection: current.collection } : {}),
            ...(current.technique ? { technique: current.technique } : {}),
          },
        },
      }),
    );
    return data
      ? { ok: true as const, cards: data.items.map(cardFromApi), nextCursor: data.nextCursor }
      : { ok: false as const, problem };
  };

  const first = await attempt(filters);
  if (first.ok) return { cards: first.cards, nextCursor: first.nextCursor, refused: [] };
  const refused = refusedParameters(first.problem);
  const retry: ListFilters = { limit: filters.limit };
  if (filters.technique && !refused.includes('technique')) retry.technique = filters.technique;
  if (filters.collection && !refused.includes('collection')) retry.collection = filters.collection;
  const second = await attempt(retry);
  if (!second.ok) error(500, 'The catalogue refused a plain listing');
  return { cards: second.cards, nextCursor: second.nextCursor, refused: refused.length ? refused : ['cursor'] };
}

/** Collections with their size and cover image, as the API lists them. */
export async function collections(api: Api): Promise<CollectionListItem[]> {
  const { data } = await call(api.GET('/v1/collections'));
  return data?.items ?? [];
}

/** The artist's name, statement and featured prints. */
export async function site(api: Api): Promise<Omit<Site, 'featured'> & { featured: Card[] }> {
  const { data } = await call(api.GET('/v1/site'));
  if (!data) error(500, 'The site profile is missing');
  return { ...data, featured: data.featured.map(cardFromApi) };
}

/** A collection and its prints in the artist's order, each as a card with its image. */
export async function collectionWithCards(api: Api, slug: string) {
  const { data, response } = await call(api.GET('/v1/collections/{slug}', { params: { path: { slug } } }));
  if (!data) error(response.status === 422 ? 404 : response.status, 'No such collection');
  // The collection route lists summaries in the artist's order; the list route has their cards.
  const { data: listed } = await call(api.GET('/v1/artworks', { params: { query: { collection: slug, limit: 100 } } }));
  const bySlug = new Map((listed?.items ?? []).map((item) => [item.slug, cardFromApi(item)]));
  const cards = data.artworks.map(
    (artwork): Card =>
      bySlug.get(artwork.slug) ?? {
        slug: artwork.slug,
        title: artwork.title,
        year: artwork.year,
        techniques: artwork.techniques,
        availability: 'none',
        priceFrom: null,
        image: null,
      },
  );
  return { collection: data, cards };
}

export async function artworkBySlug(api: Api, slug: string): Promise<ArtworkDetail> {
  const { data, response } = await call(api.GET('/v1/artworks/{slug}', { params: { path: { slug } } }));
  if (!data) error(response.status === 422 ? 404 : response.status, 'No such print');
  return data;
}

/** Prints beside this one (sharing a collection or a technique), as the API ranks them. */
export async function relatedCards(api: Api, slug: string, count = 4): Promise<Card[]> {
  const { data } = await call(api.GET('/v1/artworks/{slug}/related', { params: { path: { slug } } }));
  return (data?.items ?? []).slice(0, count).map(cardFromApi);
}
