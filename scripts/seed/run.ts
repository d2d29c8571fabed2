// What `pnpm seed` and the first `pnpm dev` share: the sample catalogue over a connection of their own,
// and one way of showing its progress.
import { unheardArtworkEvents } from '@copper/content/artwork-events';
import { createCatalogue } from '@copper/content/catalogue';
import { createCatalogueStore } from '@copper/content/catalogue-store';
import { type SeedProgress, type SeedSummary, seedCatalogue } from '@copper/content/seed';
import { createPostgresDb } from '@copper/db/client';

/**
 * Seeds the database at `url` and closes the connection again. With `onlyIfEmpty`, a catalogue
 * that holds any artwork at all is left alone and `undefined` comes back.
 */
export async function seedDatabase(
  url: string,
  options: { onProgress: SeedProgress; onlyIfEmpty?: boolean },
): Promise<SeedSummary | undefined> {
  const handle = createPostgresDb({ url, applicationName: 'copper-seed' });
  try {
    const store = createCatalogueStore(handle.db);
    if (options.onlyIfEmpty && (await store.listAllArtworks(1)).rows.length > 0) return undefined;
    // Nothing listens yet (`pnpm dev` seeds before the services start): the caller reindexes search.
    return await seedCatalogue(createCatalogue(store, unheardArtworkEvents), store, options.onProgress);
  } finally {
    await handle.close();
  }
}

/**
 * `prefix 5/17 Harbour at Low Tide`: on a terminal one line rewritten in place, elsewhere (CI logs,
 * a parent process reading a pipe) one line per step, since carriage returns would garble them.
 */
export function progressDisplay(prefix: string, stream: NodeJS.WriteStream = process.stdout) {
  let open = false;
  return {
    update(done: number, total: number, label: string) {
      const line = `${prefix}${done}/${total} ${label}`;
      if (!stream.isTTY) {
        stream.write(`${line}\n`);
        return;
      }
      // A line wider than the terminal wraps, and `\r` would then rewrite only its last row.
      const width = stream.columns > 1 ? stream.columns - 1 : line.length;
      stream.write(`\r\x1b[2K${line.slice(0, width)}`);
      open = true;
    },
    /** Ends the rewritten line so whatever is printed next starts on a line of its own. */
    finish() {
      if (open) stream.write('\n');
      open = false;
    },
  };
}

export function describeSummary(summary: SeedSummary): string {
  return `${summary.created} created, ${summary.skipped} already there`;
}
