// Visitors' reads of the catalogue: only published artworks are ever shown.
import { httpRoute } from '@copper/http';
import { etagOf, parsePath, parseQuery } from '@copper/http/request';
import { routeTable } from '@copper/http/routes';
import type { ArtworkCardData } from '../domain/cards.ts';
import { mapped } from '../http/problems.ts';
import { ListQuery, SlugPath } from '../http/schemas.ts';
import {
  artworkCards,
  artworkDetail,
  artworkSummary,
  cardImage,
  cardMedia,
  collectionView,
  siteView,
} from '../http/views.ts';
import { mediaBaseUrlFor, stack, useCatalogue, useSite } from '../runtime.ts';

// Visitors see the same catalogue for a minute; CloudFront or the browser may keep it that long.
const PUBLIC = { 'cache-control': 'public, max-age=60' };

/** Cards with absolute image URLs; the media base URL is looked up only when a card has an image. */
const cards = async (items: ArtworkCardData[]) => artworkCards(items, await mediaBaseUrlFor(cardMedia(items)));

export const handler = httpRoute(
  stack,
  routeTable({
    'GET /v1/artworks': (event) =>
      mapped(async () => {
        const page = await (await useCatalogue()).publishedPage(parseQuery(event, ListQuery));
        return {
          statusCode: 200,
          headers: PUBLIC,
          body: { items: await cards(page.items), nextCursor: page.nextCursor },
        };
      }),

    'GET /v1/artworks/{slug}': (event) =>
      mapped(async () => {
        const { slug } = parsePath(event, SlugPath);
        const view = await (await useCatalogue()).publishedArtwork(slug);
        return { statusCode: 200, headers: PUBLIC, body: artworkDetail(view, await mediaBaseUrlFor(view.media)) };
      }),

    'GET /v1/artworks/{slug}/related': (event) =>
      mapped(async () => {
        const { slug } = parsePath(event, SlugPath);
        const related = await (await useCatalogue()).relatedArtworks(slug);
        return { statusCode: 200, headers: PUBLIC, body: { items: await cards(related) } };
      }),

    'GET /v1/collections': () =>
      mapped(async () => {
        const rows = await (await useCatalogue()).collections();
        const mediaBaseUrl = await mediaBaseUrlFor(cardMedia(rows.map((row) => ({ image: row.cover }))));
        return {
          statusCode: 200,
          headers: PUBLIC,
          body: {
            items: rows.map((row) => ({
              ...collectionView(row),
              count: row.publishedCount,
              cover: row.cover ? cardImage(row.cover, mediaBaseUrl) : null,
            })),
          },
        };
      }),

    'GET /v1/collections/{slug}': (event) =>
      mapped(async () => {
        const { slug } = parsePath(event, SlugPath);
        const { collection, artworks } = await (await useCatalogue()).publishedCollection(slug);
        return {
          statusCode: 200,
          headers: PUBLIC,
          body: { ...collectionView(collection), artworks: artworks.map(artworkSummary) },
        };
      }),

    'GET /v1/site': () =>
      mapped(async () => {
        const { profile, featured } = await (await useSite()).publicProfile();
        return {
          statusCode: 200,
          headers: { ...PUBLIC, etag: etagOf(profile.version) },
          body: siteView(profile, await cards(featured)),
        };
      }),
  }),
);
