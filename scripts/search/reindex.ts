// What `pnpm search:reindex`, `pnpm seed` and the first `pnpm dev` share: search's read model rebuilt
// from the catalogue. The artworks are projected by content's own code (the projection its
// ArtworkChanged events carry) and the media are content's copy of what the image service published
// (content.artwork_media), so this script reads nothing of the image service's tables; both are
// written through search's own store, the same calls its event consumer makes.
//
// It is the repair for whatever the events missed (a bus that was down, a seed that ran before the
// services, a dead-letter queue left to expire). Events that arrive while it runs are safe: every
// projection carries the time it was read, and the store keeps the newest of each artwork.
import { createArtworkProjections } from '@copper/content/artwork-projection';
import { createCatalogueStore } from '@copper/content/catalogue-store';
import { createPostgresDb } from '@copper/db/client';
import { createSearchStore } from '@copper/search/search-store';

export interface ReindexSummary {
  /** Published artworks now searchable. */
  artworks: number;
  /** Media applied (of any artwork: search keeps a draft's media for the day it is published). */
  media: number;
}

export type ReindexProgress = (done: number, total: number, label: string) => void;

/**
 * Empties search's read model and fills it again from the catalogue at `url`, reporting each
 * artwork as it is stored. Until it is done, searches see a partial catalogue: it is a repair,
 * run while nobody is looking (an upsert-then-sweep would avoid the gap, at the cost of a store
 * call that lists what search holds).
 */
export async function reindexSearch(
  url: string,
  options: { onProgress: ReindexProgress; pageSize?: number },
): Promise<ReindexSummary> {
  const handle = createPostgresDb({ url, applicationName: 'copper-search-reindex' });
  try {
    const projections = createArtworkProjections(createCatalogueStore(handle.db));
    const search = createSearchStore(handle.db);
    const total = await projections.countPublished();
    await search.clear({ media: true });
    let artworks = 0;
    let done = 0;
    for await (const page of projections.published(options.pageSize)) {
      const outcomes = await search.upsertArtworks(page);
      page.forEach((projection, index) => {
        // Unpublished since it was counted: read afresh, it is simply not stored.
        if (outcomes[index] === 'stored') artworks += 1;
        done += 1;
        options.onProgress(done, Math.max(total, done), projection.title);
      });
    }
    let media = 0;
    for await (const page of projections.media(options.pageSize)) {
      for (const document of page) {
        await search.applyMedia(document);
        media += 1;
      }
    }
    return { artworks, media };
  } finally {
    await handle.close();
  }
}

export function describeReindex(summary: ReindexSummary): string {
  const artworks = `${summary.artworks} published artwork${summary.artworks === 1 ? '' : 's'}`;
  return `${artworks} searchable, ${summary.media} media applied`;
}

/** A progress callback that passes on at most one update per `everyMs` (and always the last), for long runs. */
export function throttled(progress: ReindexProgress, everyMs = 100): ReindexProgress {
  let last = 0;
  return (done, total, label) => {
    const now = Date.now();
    if (done < total && now - last < everyMs) return;
    last = now;
    progress(done, total, label);
  };
}
