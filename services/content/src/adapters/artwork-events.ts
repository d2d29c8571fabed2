// The ArtworkEvents port on EventBridge: ArtworkChanged on the stage's bus, parsed against the
// contract before it is put, and a failure to send logged as an error for an alarm to catch.
import { ArtworkChangedDetail, DETAIL_TYPES, SOURCES } from '@copper/events';
import type { EventPublisher } from '@copper/events/publisher';
import type { ArtworkEvents } from '../domain/artwork-events.ts';

export interface ErrorLog {
  error(message: string, ...attributes: Record<string, unknown>[]): void;
}

const described = (error: unknown) =>
  error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { message: String(error) };

export function eventBridgeArtworkEvents(publisher: EventPublisher, log: ErrorLog): ArtworkEvents {
  return {
    artworkChanged: (artwork) =>
      publisher.publish(SOURCES.content, DETAIL_TYPES.artworkChanged, ArtworkChangedDetail, { artwork }),
    untold(artworkIds, error) {
      log.error('ArtworkChanged not sent: the change stands; search lags until `pnpm search:reindex` runs', {
        artworkIds: [...artworkIds],
        error: described(error),
      });
    },
  };
}
