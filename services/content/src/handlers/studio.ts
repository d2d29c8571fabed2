// The artist's studio: every write to the catalogue. API Gateway runs the artist authorizer before
// any of these, so an unsigned request never reaches this code.
import { httpRoute, type JsonResult } from '@copper/http';
import { etagOf, parseJsonBody, parsePath, parseQuery, requireIfMatch } from '@copper/http/request';
import { routeTable } from '@copper/http/routes';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { mapped } from '../http/problems.ts';
import {
  ArtworkActionPath,
  ArtworkCreate,
  ArtworkUpdate,
  CollectionArtworks,
  CollectionCreate,
  CollectionUpdate,
  EditionCreate,
  EditionUpdate,
  IdPath,
  ImpressionActionPath,
  PageQuery,
  SiteProfileUpdate,
} from '../http/schemas.ts';
import {
  artworkCards,
  artworkDetail,
  artworkSummary,
  cardMedia,
  collectionView,
  editionView,
  impressionView,
  siteView,
} from '../http/views.ts';
import { mediaBaseUrlFor, stack, useCatalogue, useSite } from '../runtime.ts';

const PRIVATE = { 'cache-control': 'no-store' };
const versioned = (statusCode: number, version: number, body: unknown): JsonResult => ({
  statusCode,
  headers: { ...PRIVATE, etag: etagOf(version) },
  body,
});
const id = (event: APIGatewayProxyEvent) => parsePath(event, IdPath).id;

export const handler = httpRoute(
  stack,
  routeTable({
    'GET /v1/studio/artworks': (event) =>
      mapped(async () => {
        const page = await (await useCatalogue()).studioPage(parseQuery(event, PageQuery));
        return {
          statusCode: 200,
          headers: PRIVATE,
          body: {
            items: page.items.map((row) => ({ ...artworkSummary(row), version: row.version })),
            nextCursor: page.nextCursor,
          },
        };
      }),

    'POST /v1/studio/artworks': (event) =>
      mapped(async () => {
        const row = await (await useCatalogue()).createArtwork(parseJsonBody(event, ArtworkCreate));
        return versioned(201, row.version, {
          ...artworkSummary(row),
          description: row.description,
          version: row.version,
        });
      }),

    'GET /v1/studio/artworks/{id}': (event) =>
      mapped(async () => {
        const view = await (await useCatalogue()).studioArtwork(id(event));
        return versioned(200, view.artwork.version, artworkDetail(view, await mediaBaseUrlFor(view.media)));
      }),

    'PATCH /v1/studio/artworks/{id}': (event) =>
      mapped(async () => {
        const artworkId = id(event);
        const version = requireIfMatch(event);
        const patch = parseJsonBody(event, ArtworkUpdate);
        const row = await (await useCatalogue()).updateArtwork(artworkId, version, patch);
        return versioned(200, row.version, {
          ...artworkSummary(row),
          description: row.description,
          version: row.version,
        });
      }),

    'POST /v1/studio/artworks/{id}/{action}': (event) =>
      mapped(async () => {
        const { id: artworkId, action } = parsePath(event, ArtworkActionPath);
        const version = requireIfMatch(event);
        const row = await (await useCatalogue()).changeArtworkStatus(artworkId, version, action);
        return versioned(200, row.version, { ...artworkSummary(row), version: row.version });
      }),

    'POST /v1/studio/artworks/{id}/editions': (event) =>
      mapped(async () => {
        const artworkId = id(event);
        const input = parseJsonBody(event, EditionCreate);
        const catalogue = await useCatalogue();
        const edition = await catalogue.createEdition(artworkId, {
          ...input,
          priceMinor: input.price.amountMinor,
          currency: input.price.currency,
        });
        const view = await catalogue.edition(edition.id);
        return versioned(201, edition.version, editionView(view.edition, view.impressions, view.availability));
      }),

    'GET /v1/studio/editions/{id}': (event) =>
      mapped(async () => {
        const view = await (await useCatalogue()).edition(id(event));
        return versioned(200, view.edition.version, editionView(view.edition, view.impressions, view.availability));
      }),

    'PATCH /v1/studio/editions/{id}': (event) =>
      mapped(async () => {
        const editionId = id(event);
        const version = requireIfMatch(event);
        const { price, ...patch } = parseJsonBody(event, EditionUpdate);
        const catalogue = await useCatalogue();
        await catalogue.updateEdition(editionId, version, {
          ...patch,
          ...(price ? { priceMinor: price.amountMinor, currency: price.currency } : {}),
        });
        const view = await catalogue.edition(editionId);
        return versioned(200, view.edition.version, editionView(view.edition, view.impressions, view.availability));
      }),

    'DELETE /v1/studio/editions/{id}': (event) =>
      mapped(async () => {
        const editionId = id(event);
        await (await useCatalogue()).deleteEdition(editionId, requireIfMatch(event));
        return { statusCode: 204, headers: PRIVATE, body: null };
      }),

    'POST /v1/studio/impressions/{id}/{action}': (event) =>
      mapped(async () => {
        const { id: impressionId, action } = parsePath(event, ImpressionActionPath);
        const version = requireIfMatch(event);
        const catalogue = await useCatalogue();
        const row = await catalogue.impressionAction(impressionId, version, action);
        const { edition } = await catalogue.edition(row.editionId);
        return versioned(200, row.version, impressionView(row, edition.size));
      }),

    'POST /v1/studio/collections': (event) =>
      mapped(async () => {
        const row = await (await useCatalogue()).createCollection(parseJsonBody(event, CollectionCreate));
        return versioned(201, row.version, collectionView(row));
      }),

    'GET /v1/studio/collections/{id}': (event) =>
      mapped(async () => {
        const { collection, artworkIds } = await (await useCatalogue()).studioCollection(id(event));
        return versioned(200, collection.version, { ...collectionView(collection), artworkIds });
      }),

    'PATCH /v1/studio/collections/{id}': (event) =>
      mapped(async () => {
        const collectionId = id(event);
        const version = requireIfMatch(event);
        const row = await (await useCatalogue()).updateCollection(
          collectionId,
          version,
          parseJsonBody(event, CollectionUpdate),
        );
        return versioned(200, row.version, collectionView(row));
      }),

    'PUT /v1/studio/collections/{id}/artworks': (event) =>
      mapped(async () => {
        const collectionId = id(event);
        const version = requireIfMatch(event);
        const { artworkIds } = parseJsonBody(event, CollectionArtworks);
        const { collection } = await (await useCatalogue()).arrangeCollection(collectionId, version, artworkIds);
        return versioned(200, collection.version, { ...collectionView(collection), artworkIds });
      }),

    'PUT /v1/studio/site': (event) =>
      mapped(async () => {
        const version = requireIfMatch(event);
        const { profile, featured } = await (await useSite()).saveProfile(
          version,
          parseJsonBody(event, SiteProfileUpdate),
        );
        const cards = artworkCards(featured, await mediaBaseUrlFor(cardMedia(featured)));
        return versioned(200, profile.version, siteView(profile, cards));
      }),
  }),
);
