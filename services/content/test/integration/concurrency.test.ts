import { createPostgresDb, type DbHandle } from '@copper/db/client';
import { createTestDatabaseServer, type TestDatabaseServer } from '@copper/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogueStore } from '../../src/adapters/catalogue-store.ts';
import { createCatalogue } from '../../src/domain/catalogue.ts';
import { recordingArtworkEvents } from '../support/artwork-events.ts';

// Two Lambda containers, each with its own connection, acting on the same artwork at once.
let database: TestDatabaseServer;
let handles: DbHandle[];

beforeAll(async () => {
  database = await createTestDatabaseServer();
  handles = [createPostgresDb({ url: database.url }), createPostgresDb({ url: database.url })];
});

afterAll(async () => {
  await Promise.all((handles ?? []).map((handle) => handle.close()));
  await database?.close();
});

describe('a publish and the deletion of the only edition, at the same moment', () => {
  it('never leave a published artwork without an edition', async () => {
    const events = recordingArtworkEvents();
    const [first, second] = handles.map((handle) => createCatalogue(createCatalogueStore(handle.db), events.events));
    if (!first || !second) throw new Error('two catalogues expected');
    for (let round = 0; round < 20; round++) {
      const artwork = await first.createArtwork({ title: `Race ${round}`, techniques: [], description: '' });
      const edition = await first.createEdition(artwork.id, {
        size: 2,
        artistProofs: 0,
        paper: '',
        ink: '',
        priceMinor: 100,
        currency: 'EUR',
      });
      await Promise.allSettled([
        first.changeArtworkStatus(artwork.id, artwork.version, 'publish'),
        second.deleteEdition(edition.id, edition.version),
      ]);
      const view = await first.studioArtwork(artwork.id);
      const published = view.artwork.status === 'published';
      // Exactly one of the two may win: published with its edition, or a draft without it.
      expect({ published, editions: view.editions.length }).toEqual(
        published ? { published: true, editions: 1 } : { published: false, editions: 0 },
      );
      // Both containers announce after their commit, in either order; the projection read last
      // (the one search keeps) is the artwork as it ended up.
      expect(events.latest(artwork.id)).toMatchObject({
        status: view.artwork.status,
        availability: published ? 'available' : 'none',
      });
    }
  });
});
