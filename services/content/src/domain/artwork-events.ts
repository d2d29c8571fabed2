// How the catalogue tells other services (search) that an artwork changed: after a change commits,
// the projection of every artwork it touched is read afresh and sent as ArtworkChanged.
//
// Sent after the commit, not in the transaction, so a bus that is down never refuses the artist's
// write: the change stands, the failure is reported (`untold`), and `pnpm search:reindex` brings
// search back in line. The stronger design is a transactional outbox — the event written as a row
// in the same transaction and relayed to the bus afterwards, so none is ever lost — worth having
// once search falling behind until a reindex is no longer acceptable.
import type { ArtworkProjection } from '@copper/events';
import type { ArtworkProjections } from './artwork-projection.ts';

/** The port: EventBridge in the service (adapters/artwork-events.ts), a recorder in tests. */
export interface ArtworkEvents {
  /** Sends ArtworkChanged for one artwork; rejects when it could not be sent. */
  artworkChanged(projection: ArtworkProjection): Promise<void>;
  /** A committed change whose event could not be sent (or read): the write stands, search is behind. */
  untold(artworkIds: readonly string[], error: unknown): void;
}

/** For a catalogue nobody listens to yet, such as the seed that runs before the services start. */
export const unheardArtworkEvents: ArtworkEvents = {
  artworkChanged: async () => {},
  untold: () => {},
};

/** Announces the current state of artworks; never throws, as the change it follows is already committed. */
export function createArtworkAnnouncer(projections: ArtworkProjections, events: ArtworkEvents) {
  return async function announce(artworkIds: readonly string[]): Promise<void> {
    const ids = [...new Set(artworkIds)];
    if (ids.length === 0) return;
    let current: ArtworkProjection[];
    try {
      current = await projections.of(ids);
    } catch (error) {
      events.untold(ids, error);
      return;
    }
    const sent = await Promise.allSettled(current.map((projection) => events.artworkChanged(projection)));
    sent.forEach((outcome, index) => {
      const projection = current[index];
      if (outcome.status === 'rejected' && projection) events.untold([projection.artworkId], outcome.reason);
    });
  };
}
