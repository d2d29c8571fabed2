// The sample catalogue a newcomer sees on the first `pnpm dev` (and `pnpm seed` adds on demand): one
// printmaker's plates in three collections, with editions in every state the gallery has to show.
// It is applied through the catalogue's use cases, never as rows, so it can hold nothing the rules
// would refuse the artist.
import type { ImpressionAction, Technique } from '@copper/catalogue';
import type { CatalogueStore } from '../adapters/catalogue-store.ts';
import { createCards } from '../domain/cards.ts';
import type { Catalogue, Size } from '../domain/catalogue.ts';
import { createSite } from '../domain/site.ts';

export interface SampleEdition {
  size: number;
  artistProofs: number;
  paper: string;
  ink: string;
  sheetSizeMm: Size;
  priceMinor: number;
  currency: 'EUR';
  /** Numbered impressions sold (`'all'`: the edition is sold out) and reserved. */
  sold?: number[] | 'all';
  reserved?: number[];
  /** Artist's proofs sold, and those the artist keeps. */
  soldProofs?: number[];
  keptProofs?: number[];
  closed?: boolean;
}

export interface SampleArtwork {
  slug: string;
  title: string;
  year: number;
  techniques: Technique[];
  plateSizeMm: Size;
  description: string;
  status: 'draft' | 'published' | 'archived';
  editions: SampleEdition[];
}

export interface SampleCollection {
  slug: string;
  title: string;
  description: string;
  /** Slugs of its artworks, in the order the collection shows them. */
  artworks: string[];
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const COPPERPLATE = 'Hahnemühle Copperplate 300 g';
const SOMERSET = 'Somerset Satin 300 g';
const ROSASPINA = 'Fabriano Rosaspina 285 g';
const BLACK = 'Charbonnel 55981 black';

// Oldest first: each publish stamps `published_at`, so the newest plates lead the visitors' list.
export const SAMPLE_ARTWORKS: readonly SampleArtwork[] = [
  {
    slug: 'quay-lamps',
    title: 'Quay Lamps',
    year: 2018,
    techniques: ['etching'],
    plateSizeMm: { width: 200, height: 280 },
    description:
      'An early plate of the gas lamps along the east quay, etched through a hard ground in a single long bite. ' +
      'The plate was cancelled after eight impressions when a foul bite opened in the sky.',
    status: 'archived',
    editions: [
      {
        size: 20,
        artistProofs: 2,
        paper: ROSASPINA,
        ink: BLACK,
        sheetSizeMm: { width: 330, height: 420 },
        priceMinor: 18_000,
        currency: 'EUR',
        sold: range(1, 8),
        closed: true,
      },
    ],
  },
  {
    slug: 'harbour-at-low-tide',
    title: 'Harbour at Low Tide',
    year: 2019,
    techniques: ['etching', 'aquatint'],
    plateSizeMm: { width: 300, height: 200 },
    description:
      'The inner harbour at slack water, hulls lying over on the mud. The line was etched through a hard ground ' +
      'in three bites, then a rosin aquatint was stopped out in four stages for the wet sand and the sky.',
    status: 'published',
    editions: [
      {
        size: 10,
        artistProofs: 2,
        paper: SOMERSET,
        ink: BLACK,
        sheetSizeMm: { width: 420, height: 320 },
        priceMinor: 32_000,
        currency: 'EUR',
        sold: 'all',
        soldProofs: [1],
        closed: true,
      },
      {
        size: 25,
        artistProofs: 3,
        paper: COPPERPLATE,
        ink: `${BLACK} with a little Prussian blue`,
        sheetSizeMm: { width: 460, height: 340 },
        priceMinor: 42_000,
        currency: 'EUR',
        sold: range(1, 6),
        reserved: [7],
        keptProofs: [1],
      },
    ],
  },
  {
    slug: 'the-breakwater-in-fog',
    title: 'The Breakwater in Fog',
    year: 2020,
    techniques: ['aquatint', 'sugar_lift'],
    plateSizeMm: { width: 400, height: 300 },
    description:
      'The breakwater brushed on in sugar lift, so the stones keep the marks of the brush. ' +
      'Three aquatint grounds, each bitten lighter than the last, build the fog from the horizon inwards.',
    status: 'published',
    editions: [
      {
        size: 20,
        artistProofs: 2,
        paper: COPPERPLATE,
        ink: BLACK,
        sheetSizeMm: { width: 560, height: 450 },
        priceMinor: 58_000,
        currency: 'EUR',
        sold: range(1, 3),
      },
    ],
  },
  {
    slug: 'net-lofts',
    title: 'Net Lofts',
    year: 2020,
    techniques: ['drypoint'],
    plateSizeMm: { width: 200, height: 150 },
    description:
      'Drawn straight into the copper with a diamond point; the burr holds the ink that makes the tarred boards. ' +
      'Burr wears quickly under the press, so the edition was kept to fifteen and printed in a single week.',
    status: 'published',
    editions: [
      {
        size: 15,
        artistProofs: 2,
        paper: ROSASPINA,
        ink: 'Charbonnel burnt umber',
        sheetSizeMm: { width: 330, height: 270 },
        priceMinor: 26_000,
        currency: 'EUR',
        sold: 'all',
        closed: true,
      },
    ],
  },
  {
    slug: 'teasel',
    title: 'Teasel',
    year: 2021,
    techniques: ['engraving'],
    plateSizeMm: { width: 150, height: 225 },
    description:
      'Cut with a burin alone, every spine of the seed head a single swelling line. ' +
      'Printed with a hard wipe so the lines stand clean on white paper.',
    status: 'published',
    editions: [
      {
        size: 30,
        artistProofs: 3,
        paper: SOMERSET,
        ink: BLACK,
        sheetSizeMm: { width: 280, height: 380 },
        priceMinor: 22_000,
        currency: 'EUR',
        sold: range(1, 17),
      },
    ],
  },
  {
    slug: 'seed-heads-of-honesty',
    title: 'Seed Heads of Honesty',
    year: 2021,
    techniques: ['soft_ground', 'aquatint'],
    plateSizeMm: { width: 200, height: 250 },
    description:
      'Real honesty pods were pressed into a soft ground, so the papery discs print with their own veins. ' +
      'A pale aquatint behind them was wiped warm to leave a plate tone.',
    status: 'published',
    editions: [
      {
        size: 20,
        artistProofs: 2,
        paper: COPPERPLATE,
        ink: BLACK,
        sheetSizeMm: { width: 350, height: 420 },
        priceMinor: 30_000,
        currency: 'EUR',
        sold: 'all',
      },
    ],
  },
  {
    slug: 'gulls-over-the-slipway',
    title: 'Gulls over the Slipway',
    year: 2021,
    techniques: ['drypoint', 'chine_colle'],
    plateSizeMm: { width: 180, height: 240 },
    description:
      'Quick drypoint gulls over the lifeboat slipway. A sheet of gampi tissue laid under the plate in the press ' +
      'gives the sky its faint warmth.',
    status: 'published',
    editions: [
      {
        size: 20,
        artistProofs: 2,
        paper: `Gampi tissue on ${COPPERPLATE}`,
        ink: BLACK,
        sheetSizeMm: { width: 320, height: 400 },
        priceMinor: 28_000,
        currency: 'EUR',
      },
    ],
  },
  {
    slug: 'blackthorn-in-flower',
    title: 'Blackthorn in Flower',
    year: 2022,
    techniques: ['etching', 'chine_colle'],
    plateSizeMm: { width: 180, height: 240 },
    description:
      'A branch of blackthorn etched in fine line through a hard ground, bitten twice for the thorns. ' +
      'Printed onto kozo paper collaged in the press, so the blossom sits on a pale ground.',
    status: 'published',
    editions: [
      {
        size: 25,
        artistProofs: 3,
        paper: `Kozo on ${SOMERSET}`,
        ink: BLACK,
        sheetSizeMm: { width: 330, height: 420 },
        priceMinor: 32_000,
        currency: 'EUR',
      },
    ],
  },
  {
    slug: 'tide-tables',
    title: 'Tide Tables',
    year: 2022,
    techniques: ['soft_ground', 'aquatint'],
    plateSizeMm: { width: 350, height: 250 },
    description:
      'The almanac page was drawn through tracing paper into a soft ground, giving a grainy pencil line. ' +
      'An aquatint of the estuary, bitten in five stages, shows through the columns of figures.',
    status: 'published',
    editions: [
      {
        size: 25,
        artistProofs: 3,
        paper: COPPERPLATE,
        ink: BLACK,
        sheetSizeMm: { width: 500, height: 400 },
        priceMinor: 45_000,
        currency: 'EUR',
        sold: range(1, 4),
        reserved: [5],
      },
    ],
  },
  {
    slug: 'hogweed-umbel',
    title: 'Hogweed Umbel',
    year: 2023,
    techniques: ['sugar_lift', 'aquatint'],
    plateSizeMm: { width: 250, height: 320 },
    description:
      'The umbel painted in sugar lift with a fine sable brush and lifted in warm water. ' +
      'Bitten deep over a coarse aquatint so the flower heads print as velvety blacks.',
    status: 'published',
    editions: [
      {
        size: 20,
        artistProofs: 2,
        paper: COPPERPLATE,
        ink: BLACK,
        sheetSizeMm: { width: 400, height: 500 },
        priceMinor: 38_000,
        currency: 'EUR',
        sold: [1, 2],
        reserved: [3],
      },
    ],
  },
  {
    slug: 'dog-rose-hips',
    title: 'Dog Rose Hips',
    year: 2023,
    techniques: ['mezzotint'],
    plateSizeMm: { width: 150, height: 150 },
    description:
      'A mezzotint: the whole plate rocked to a deep black in twenty directions, then the hips burnished back into light. ' +
      'Each impression is wiped by hand and printed damp.',
    status: 'published',
    editions: [
      {
        size: 15,
        artistProofs: 2,
        paper: ROSASPINA,
        ink: BLACK,
        sheetSizeMm: { width: 280, height: 280 },
        priceMinor: 65_000,
        currency: 'EUR',
      },
    ],
  },
  {
    slug: 'night-ferry',
    title: 'Night Ferry',
    year: 2024,
    techniques: ['mezzotint'],
    plateSizeMm: { width: 300, height: 225 },
    description:
      'The late ferry leaving the harbour, its lights burnished out of a fully rocked plate. ' +
      'Printed in a small edition because the rocked ground softens with every pass through the press.',
    status: 'published',
    editions: [
      {
        size: 12,
        artistProofs: 2,
        paper: COPPERPLATE,
        ink: BLACK,
        sheetSizeMm: { width: 460, height: 380 },
        priceMinor: 120_000,
        currency: 'EUR',
        sold: range(1, 5),
        reserved: [6, 7],
        keptProofs: [1],
      },
    ],
  },
  {
    slug: 'bramble-in-winter',
    title: 'Bramble in Winter',
    year: 2024,
    techniques: ['drypoint'],
    plateSizeMm: { width: 160, height: 220 },
    description:
      'Bare bramble stems scratched into the copper with a steel needle, the burr left rough for the thorns. ' +
      'Proofed and editioned, waiting for the artist to hang it.',
    status: 'draft',
    editions: [
      {
        size: 12,
        artistProofs: 2,
        paper: SOMERSET,
        ink: BLACK,
        sheetSizeMm: { width: 300, height: 360 },
        priceMinor: 24_000,
        currency: 'EUR',
      },
    ],
  },
  {
    slug: 'salt-marsh-study',
    title: 'Salt Marsh Study',
    year: 2025,
    techniques: ['etching', 'drypoint'],
    plateSizeMm: { width: 200, height: 130 },
    description:
      'Creeks in the salt marsh, etched through a hard ground and strengthened with drypoint. ' +
      'Still being proofed; no edition is set yet.',
    status: 'draft',
    editions: [],
  },
];

export const SAMPLE_COLLECTIONS: readonly SampleCollection[] = [
  {
    slug: 'the-harbour',
    title: 'The Harbour',
    description: 'Plates drawn on the quays and breakwaters of one small harbour, worked over six years.',
    artworks: [
      'harbour-at-low-tide',
      'the-breakwater-in-fog',
      'net-lofts',
      'gulls-over-the-slipway',
      'tide-tables',
      'night-ferry',
      'quay-lamps',
    ],
  },
  {
    slug: 'hedgerow',
    title: 'Hedgerow',
    description: 'A botanical series from one lane’s hedgerow through the year, from blackthorn blossom to bramble.',
    artworks: [
      'blackthorn-in-flower',
      'hogweed-umbel',
      'dog-rose-hips',
      'seed-heads-of-honesty',
      'teasel',
      'bramble-in-winter',
    ],
  },
  {
    slug: 'ground-and-bite-2024',
    title: 'Ground and Bite, Old Customs House 2024',
    description: 'The prints shown at the Old Customs House in the autumn of 2024, with the plates beside them.',
    artworks: [
      'night-ferry',
      'the-breakwater-in-fog',
      'hogweed-umbel',
      'tide-tables',
      'dog-rose-hips',
      'harbour-at-low-tide',
      'salt-marsh-study',
    ],
  },
];

/** The front page's profile: an invented printmaker, in her own words, and four prints featured. */
export const SAMPLE_SITE = {
  artistName: 'Mara Ellison',
  statement:
    'I draw into wax on copper and let the acid decide how deep each line goes; a plate is finished when the ' +
    'bite surprises me less than the harbour does. Every impression is inked and wiped by hand, so no two ' +
    'are quite alike, and that difference is the point.',
  featured: ['harbour-at-low-tide', 'night-ferry', 'hogweed-umbel', 'the-breakwater-in-fog'],
} as const;

export interface SeedSummary {
  /** Artworks and collections added by this run. */
  created: number;
  /** Artworks and collections left alone because their slug was already taken. */
  skipped: number;
}

export type SeedProgress = (done: number, total: number, label: string) => void;

async function seedEdition(catalogue: Catalogue, artworkId: string, plateSizeMm: Size, sample: SampleEdition) {
  const edition = await catalogue.createEdition(artworkId, {
    size: sample.size,
    artistProofs: sample.artistProofs,
    paper: sample.paper,
    ink: sample.ink,
    sheetSizeMm: sample.sheetSizeMm,
    plateSizeMm,
    priceMinor: sample.priceMinor,
    currency: sample.currency,
  });
  const sold = sample.sold === 'all' ? range(1, sample.size) : (sample.sold ?? []);
  const plan: { kind: 'numbered' | 'artist_proof'; numbers: number[]; action: ImpressionAction }[] = [
    { kind: 'numbered', numbers: sold, action: 'sell' },
    { kind: 'numbered', numbers: sample.reserved ?? [], action: 'reserve' },
    { kind: 'artist_proof', numbers: sample.soldProofs ?? [], action: 'sell' },
    { kind: 'artist_proof', numbers: sample.keptProofs ?? [], action: 'withhold' },
  ];
  const { impressions } = await catalogue.edition(edition.id);
  for (const { kind, numbers, action } of plan) {
    for (const number of numbers) {
      const impression = impressions.find((i) => i.kind === kind && i.number === number);
      if (!impression) throw new Error(`sample edition of ${edition.size} has no ${kind} impression ${number}`);
      await catalogue.impressionAction(impression.id, impression.version, action);
    }
  }
  if (sample.closed) {
    // Sales bumped nothing on the edition row itself, so its creation version still holds.
    await catalogue.updateEdition(edition.id, edition.version, { status: 'closed' });
  }
}

async function seedArtwork(catalogue: Catalogue, sample: SampleArtwork): Promise<void> {
  let artwork = await catalogue.createArtwork({
    title: sample.title,
    slug: sample.slug,
    year: sample.year,
    techniques: sample.techniques,
    plateSizeMm: sample.plateSizeMm,
    description: sample.description,
  });
  for (const edition of sample.editions) await seedEdition(catalogue, artwork.id, sample.plateSizeMm, edition);
  // Only a published artwork can be archived, so an archived sample is published first, as the artist's was.
  if (sample.status !== 'draft') artwork = await catalogue.changeArtworkStatus(artwork.id, artwork.version, 'publish');
  if (sample.status === 'archived') await catalogue.changeArtworkStatus(artwork.id, artwork.version, 'archive');
}

/**
 * Adds the sample catalogue, artworks first so the collections can hold them. Anything whose slug
 * already exists is skipped untouched (the artist may have changed it since), so a second run
 * creates and changes nothing.
 */
export async function seedCatalogue(
  catalogue: Catalogue,
  store: CatalogueStore,
  onProgress: SeedProgress,
): Promise<SeedSummary> {
  const total = SAMPLE_ARTWORKS.length + SAMPLE_COLLECTIONS.length;
  const summary: SeedSummary = { created: 0, skipped: 0 };
  let done = 0;
  const step = (title: string, created: boolean) => {
    if (created) summary.created += 1;
    else summary.skipped += 1;
    done += 1;
    onProgress(done, total, created ? title : `${title} (already there)`);
  };

  for (const sample of SAMPLE_ARTWORKS) {
    const exists = (await store.artworkBySlug(sample.slug)) !== undefined;
    if (!exists) await seedArtwork(catalogue, sample);
    step(sample.title, !exists);
  }

  for (const sample of SAMPLE_COLLECTIONS) {
    const exists = (await store.collectionBy({ slug: sample.slug })) !== undefined;
    if (!exists) {
      const artworkIds: string[] = [];
      for (const slug of sample.artworks) {
        // The artist may have renamed or removed a sample artwork since an earlier run; leave it out.
        const artwork = await store.artworkBySlug(slug);
        if (artwork) artworkIds.push(artwork.id);
      }
      const collection = await catalogue.createCollection({
        title: sample.title,
        slug: sample.slug,
        description: sample.description,
      });
      await catalogue.arrangeCollection(collection.id, collection.version, artworkIds);
    }
    step(sample.title, !exists);
  }

  // Only a profile the artist never saved is filled in; it is not a step of its own.
  if (!(await store.siteProfile())) {
    const featured = await Promise.all(SAMPLE_SITE.featured.map((slug) => store.artworkBySlug(slug)));
    await createSite(store, createCards(store)).saveProfile(0, {
      artistName: SAMPLE_SITE.artistName,
      statement: SAMPLE_SITE.statement,
      featuredArtworkIds: featured.flatMap((row) => (row?.status === 'published' ? [row.id] : [])),
    });
  }
  return summary;
}
