// What the gallery's pages load, each from the public API. Where a route the pages would like does
// not exist yet (the site's statement and featured prints, related prints), the page makes do
// with what does, so these functions are where the newer routes will be switched in.
import { error } from '@sveltejs/kit';
import type { ArtworkDetail, Collection, Technique } from '../api/types.ts';
import { type Card, cardFromListItem, cardFromSearchHit } from '../cards.ts';
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
 * A page of published artworks as cards. A technique filter goes through search (the list route
 * does not filter by technique yet); both answer newest first with a keyset cursor.
 */
export async function listCards(api: Api, filters: ListFilters): Promise<CardPage> {
  const attempt = async (current: ListFilters) => {
    if (current.technique) {
      const { data, error: problem } = await call(
        api.GET('/v1/search', {
          params: {
            query: {
              sort: 'newest',
              technique: [current.technique],
              ...(current.collection ? { collection: [current.collection] } : {}),
              limit: String(Math.min(current.limit, 50)),
              ...(current.cursor ? { cursor: current.cursor } : {}),
            },
          },
        }),
      );
      return data
        ? { ok: true as const, cards: data.hits.map(cardFromSearchHit), nextCursor: data.nextCursor }
        : { ok: false as const, problem };
    }
    const { data, error: problem } = await call(
      api.GET('/v1/artworks', {
        params: {
          query: {
            limit: current.limit,
            ...(current.cursor ? { cursor: current.cursor } : {}),
            ...(current.collection ? { collection: current.collection } : {}),
          },
        },
      }),
    );
    return data
      ? { ok: true as const, cards: data.items.map(cardFromListItem), nextCursor: data.nextCursor }
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

export type CollectionWithCover = Collection & { count: number; cover: Card | null };

/** Collections with their size and a cover: the newest print in each, until the API sends one. */
export async function collectionsWithCovers(api: Api): Promise<CollectionWithCover[]> {
  const { data } = await call(api.GET('/v1/collections'));
  const collections = data?.items ?? [];
  return Promise.all(
    collections.map(async (collection) => {
      const page = await listCards(api, { limit: 1, collection: collection.slug });
      return { ...collection, count: collection.artworkCount, cover: page.cards[0] ?? null };
    }),
  );
}

/** A collection and its prints in the artist's order, each as a card with its image. */
export async function collectionWithCards(api: Api, slug: string) {
  const { data, response } = await call(api.GET('/v1/collections/{slug}', { params: { path: { slug } } }));
  if (!data) error(response.status === 422 ? 404 : response.status, 'No such collection');
  // The collection route lists summaries in the artist's order; the list route has their images.
  const { data: listed } = await call(api.GET('/v1/artworks', { params: { query: { collection: slug, limit: 100 } } }));
  const bySlug = new Map((listed?.items ?? []).map((item) => [item.slug, cardFromListItem(item)]));
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

/** Prints beside this one: the others in its first collection, until the API has a related route. */
export async function relatedCards(api: Api, artwork: ArtworkDetail, count = 4): Promise<Card[]> {
  const collection = artwork.collections[0];
  if (!collection) return [];
  const page = await listCards(api, { limit: count + 1, collection: collection.slug });
  return page.cards.filter((card) => card.slug !== artwork.slug).slice(0, count);
}
