// Keeps the search read model in step with the catalogue: content's ArtworkChanged and the image
// service's MediaPublished, delivered by the bus's rules (serverless.yml). EventBridge invokes this
// function asynchronously: a throw is retried by Lambda and then lands in the dead-letter queue, so
// only what deserves a second look throws. An event that breaks the contract throws (naming its
// fields); a stale change or media of an artwork search does not hold yet are outcomes, logged.
import {
  ArtworkChangedDetail,
  DETAIL_TYPES,
  eventEnvelope,
  MediaPublishedDetail,
  parseEvent,
  SOURCES,
} from '@copper/events';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { logger, useSearchStore } from '../runtime.ts';

const ArtworkChanged = eventEnvelope(ArtworkChangedDetail).extend({
  source: z.literal(SOURCES.content),
  'detail-type': z.literal(DETAIL_TYPES.artworkChanged),
});

const MediaPublished = eventEnvelope(MediaPublishedDetail).extend({
  source: z.literal(SOURCES.imaging),
  'detail-type': z.literal(DETAIL_TYPES.mediaPublished),
});

/** Told apart by detail-type first, so a refusal names the fields of the event it claims to be. */
const CatalogueEvent = z.discriminatedUnion('detail-type', [ArtworkChanged, MediaPublished]);

const NAME = 'catalogue event';

export function parseCatalogueEvent(event: unknown) {
  const kind = (event as { 'detail-type'?: unknown } | null)?.['detail-type'];
  return parseEvent(CatalogueEvent, event, typeof kind === 'string' ? kind : NAME);
}

const MESSAGES = {
  stored: 'artwork stored: searchable',
  removed: 'artwork not published: out of search',
  stale: 'a newer change of this artwork is held: ignored',
} as const;

const MEDIA_MESSAGES = {
  stored: 'media stored',
  stale: 'newer media of this artwork is held: ignored',
  'unknown-artwork': 'media kept for an artwork search does not hold yet: shown once it is published',
} as const;

export async function handler(event: unknown, context?: Context): Promise<void> {
  if (context) logger.addContext(context);
  const parsed = parseCatalogueEvent(event);
  const store = await useSearchStore();
  if (parsed['detail-type'] === DETAIL_TYPES.artworkChanged) {
    const { artwork } = parsed.detail;
    const keys = { eventId: parsed.id, artworkId: artwork.artworkId, changedAt: artwork.changedAt };
    logger.appendKeys(keys);
    try {
      logger.info(MESSAGES[await store.upsertArtwork(artwork)]);
    } finally {
      logger.removeKeys(Object.keys(keys));
    }
    return;
  }
  const { media } = parsed.detail;
  const keys = { eventId: parsed.id, mediaId: media.id, artworkId: media.artworkId };
  logger.appendKeys(keys);
  try {
    logger.info(MEDIA_MESSAGES[await store.applyMedia(media)]);
  } finally {
    logger.removeKeys(Object.keys(keys));
  }
}
