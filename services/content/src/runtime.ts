// Clients created once per container, at module scope, and shared by this service's handlers.

import { createEventPublisher } from '@copper/events/publisher';
import { createLogger } from '@copper/http';
import { ConfigError } from '@copper/http/env';
import { eventBridgeArtworkEvents } from './adapters/artwork-events.ts';
import { createCatalogueStore } from './adapters/catalogue-store.ts';
import { lazyDatabase } from './adapters/database.ts';
import { readParameter } from './adapters/parameters.ts';
import { type ArtworkEvents, unheardArtworkEvents } from './domain/artwork-events.ts';
import { createCards } from './domain/cards.ts';
import { type Catalogue, createCatalogue } from './domain/catalogue.ts';
import { createInquiries, type Inquiries } from './domain/inquiries.ts';
import { type ArtworkMedia, createArtworkMedia } from './domain/media.ts';
import { createSite, type Site } from './domain/site.ts';
import { env, MediaBaseUrl } from './env.ts';

export const logger = createLogger('content', env.LOG_LEVEL);
export const database = lazyDatabase(env);
export const stack = { logger, corsOrigins: env.CORS_ORIGINS, strictTransportSecurity: !env.IS_OFFLINE };
export { env };

/**
 * Where the catalogue announces its changes: the stage's bus, given to the studio function only
 * (serverless.yml), or no one when none is configured (tests), said once when a change is made.
 */
function artworkEvents(): ArtworkEvents {
  if (env.EVENT_BUS_NAME) {
    const publisher = createEventPublisher({ busName: env.EVENT_BUS_NAME, endpoint: env.EVENTBRIDGE_ENDPOINT });
    return eventBridgeArtworkEvents(publisher, logger);
  }
  let said = false;
  return {
    ...unheardArtworkEvents,
    async artworkChanged() {
      if (!said) logger.warn('EVENT_BUS_NAME is not set: catalogue changes are not announced to search');
      said = true;
    },
  };
}

interface UseCases {
  catalogue: Catalogue;
  inquiries: Inquiries;
  media: ArtworkMedia;
  site: Site;
}
let useCases: Promise<UseCases> | undefined;
/** The use cases over this container's database connection, made on first use. */
function use(): Promise<UseCases> {
  useCases ??= database.get().then((handle) => {
    const store = createCatalogueStore(handle.db);
    return {
      catalogue: createCatalogue(store, artworkEvents()),
      inquiries: createInquiries(store),
      media: createArtworkMedia(store),
      site: createSite(store, createCards(store)),
    };
  });
  useCases.catch(() => {
    useCases = undefined;
  });
  return useCases;
}
export const useCatalogue = async () => (await use()).catalogue;
export const useInquiries = async () => (await use()).inquiries;
export const useArtworkMedia = async () => (await use()).media;
export const useSite = async () => (await use()).site;

let mediaBase: Promise<string> | undefined;
/**
 * The base of the media URLs for a response showing `media`. Looked up once per container and only
 * when there is media to show, so a page without any never waits on SSM; a failed lookup is not kept.
 */
export function mediaBaseUrlFor(media: readonly unknown[]): Promise<string> {
  if (media.length === 0) return Promise.resolve('');
  mediaBase ??= (async () => {
    if (env.MEDIA_BASE_URL) return env.MEDIA_BASE_URL;
    if (!env.MEDIA_BASE_URL_PARAMETER) throw new ConfigError('set MEDIA_BASE_URL or MEDIA_BASE_URL_PARAMETER');
    const name = env.MEDIA_BASE_URL_PARAMETER;
    const parsed = MediaBaseUrl.safeParse(await readParameter(name));
    if (!parsed.success) throw new ConfigError(`SSM parameter ${name} is not a URL`, { cause: parsed.error });
    return parsed.data;
  })();
  mediaBase.catch(() => {
    mediaBase = undefined;
  });
  return mediaBase;
}
