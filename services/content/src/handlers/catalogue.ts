// Visitors' reads of the catalogue: only published artworks are ever shown.
import { httpRoute } from '@copper/http';
import { parsePath, parseQuery } from '@copper/http/request';
import { routeTable } from '@copper/http/routes';
import { mapped } from '../http/problems.ts';
import { ListQuery, SlugPath } from '../http/schemas.ts';
import { artworkDetail, artworkSummary, collectionView, mediaView } from '../http/views.ts';
import { mediaBaseUrlFor, stack, useCatalogue } from '../runtime.ts';

// Visitors see the same catalogue for a minute; CloudFront or the browser may keep it that long.
const PUBLIC = { 'cache-control': 'public, max-age=60' };

export const handler = httpRoute(
  stack,
  routeTable({
    'GET /v1/artworks': (event) =>
      mapped(async () => {
        const query = parseQuery(event, ListQuery);
        const page = await (await useCatalogue()).publishedPage(query);
        const mediaBaseUrl = await mediaBaseUrlFor(page.items.flatMap((item) => item.media));
        return {
          statusCode: 200,
          headers: PUBLIC,
          body: {
            items: page.items.map((item) => ({
              ...artworkSummary(item.artwork),
              collections: item.collections,
              media: item.media.map((media) => mediaView(media, mediaBaseUrl)),
              prices: item.prices,
              availableCount: item.availableCount,
              soldOut: item.soldOut,
            })),
            nextCursor: page.nextCursor,
          },
        };
      }),

    'GET /v1/artworks/{slug}': (event) =>
      mapped(async () => {
        const { slug } = parsePath(event, SlugPath);
        const view = await (await useCatalogue()).publishedArtwork(slug);
        return { statusCode: 200, headers: PUBLIC, body: artworkDetail(view, await mediaBaseUrlFor(view.media)) };
      }),

    'GET /v1/collections': () =>
      mapped(async () => {
        const rows = await (await useCatalogue()).collections();
        return {
          statusCode: 200,
          headers: PUBLIC,
          body: { items: rows.map((row) => ({ ...collectionView(row), artworkCount: row.publishedCount })) },
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
  }),
);
