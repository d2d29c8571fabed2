// The image service's MediaPublished events, delivered by the bus's rule (serverless.yml). EventBridge
// invokes this function asynchronously: a throw is retried by Lambda and then lands in the
// dead-letter queue, so only what deserves a second look throws. An event that breaks the contract
// throws (naming its fields); an older announcement or a vanished artwork is logged and dropped.
import { DETAIL_TYPES, eventEnvelope, MediaPublishedDetail, SOURCES } from '@copper/events';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { InvalidEventError } from '../domain/errors.ts';
import { logger, useArtworkMedia } from '../runtime.ts';

const MediaPublished = eventEnvelope(MediaPublishedDetail).extend({
  source: z.literal(SOURCES.imaging),
  'detail-type': z.literal(DETAIL_TYPES.mediaPublished),
});

export function parseMediaPublished(event: unknown) {
  const parsed = MediaPublished.safeParse(event);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    }));
    throw new InvalidEventError(DETAIL_TYPES.mediaPublished, issues, { cause: parsed.error });
  }
  return parsed.data;
}

export async function handler(event: unknown, context?: Context): Promise<void> {
  if (context) logger.addContext(context);
  const { id, detail } = parseMediaPublished(event);
  const keys = { eventId: id, mediaId: detail.media.id, artworkId: detail.media.artworkId };
  logger.appendKeys(keys);
  try {
    const outcome = await (await useArtworkMedia()).recordPublished(detail.media);
    if (outcome === 'unknown-artwork') logger.warn('media of an artwork that does not exist: dropped');
    else if (outcome === 'superseded') logger.info('a newer announcement of this media is kept: ignored');
    else logger.info('media stored');
  } finally {
    logger.removeKeys(Object.keys(keys));
  }
}
