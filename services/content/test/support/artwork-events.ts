import type { ArtworkProjection } from '@copper/events';
import type { ArtworkEvents } from '../../src/domain/artwork-events.ts';

/** An ArtworkEvents port that keeps what it was told, and can be made to fail like a bus that is down. */
export function recordingArtworkEvents() {
  const sent: ArtworkProjection[] = [];
  const untold: { artworkIds: string[]; error: unknown }[] = [];
  let failure: Error | undefined;
  const events: ArtworkEvents = {
    async artworkChanged(projection) {
      if (failure) throw failure;
      sent.push(projection);
    },
    untold(artworkIds, error) {
      untold.push({ artworkIds: [...artworkIds], error });
    },
  };
  return {
    events,
    sent,
    untold,
    /** Every projection sent of one artwork, oldest first. */
    of: (artworkId: string) => sent.filter((p) => p.artworkId === artworkId),
    /** The projection search would end up holding: the one read last. */
    latest: (artworkId: string) =>
      sent
        .filter((p) => p.artworkId === artworkId)
        .sort((a, b) => a.changedAt.localeCompare(b.changedAt))
        .at(-1),
    failWith(error: Error | undefined) {
      failure = error;
    },
    clear() {
      sent.length = 0;
      untold.length = 0;
    },
  };
}
