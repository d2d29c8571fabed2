// What content does when the image service announces a processed scan: keep its own copy of the
// media beside the artwork, so an artwork's page is one service's read. Outcomes a consumer must
// not retry (an older announcement, an artwork that is gone) are values; only the unexpected throws.
import type { MediaDocument } from '@copper/events';
import type { CatalogueStore } from '../adapters/catalogue-store.ts';

export type MediaRecorded =
  /** Stored, or replaced the older copy (a replay of the same event lands here too, changing nothing). */
  | 'stored'
  /** A newer announcement of this media is already kept; this one is ignored. */
  | 'superseded'
  /** No such artwork; nothing can show the media, and retrying will not make it appear. */
  | 'unknown-artwork';

export function createArtworkMedia(store: CatalogueStore) {
  return {
    async recordPublished(media: MediaDocument): Promise<MediaRecorded> {
      return store.transaction(async (tx) => {
        // The foreign key still guards the insert; this lookup only turns the expected case into a value.
        if (!(await store.artworkById(media.artworkId, tx))) return 'unknown-artwork';
        return (await store.upsertArtworkMedia(media, tx)) ? 'stored' : 'superseded';
      });
    },
  };
}

export type ArtworkMedia = ReturnType<typeof createArtworkMedia>;
