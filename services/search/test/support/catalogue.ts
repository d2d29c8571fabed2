// A small printmaker's catalogue for the search tests: harbours and boats, plants, accents
// ("Café du Port", "Études de mains"), both spellings of grey, drypoints written both ways, and a few
// artworks without a price, a plate size or a year. Ids are fixed so failures name the same rows.
import type { ArtworkProjection, MediaDocument } from '@copper/events';

type Technique =
  | 'etching'
  | 'aquatint'
  | 'drypoint'
  | 'engraving'
  | 'mezzotint'
  | 'soft_ground'
  | 'sugar_lift'
  | 'chine_colle';

export const COLLECTIONS = {
  harbours: { slug: 'harbours-and-shores', title: 'Harbours & Shores' },
  plants: { slug: 'plants', title: 'Plants' },
  etudes: { slug: 'etudes', title: 'Études' },
  night: { slug: 'night-pieces', title: 'Night Pieces' },
} as const;

interface Entry {
  title: string;
  description: string;
  techniques: Technique[];
  collections?: (keyof typeof COLLECTIONS)[];
  year?: number | null;
  plate?: [number, number] | null;
  /** Euros; one number or a [min, max] range; null for no priced edition. */
  price?: number | [number, number] | null;
  availability?: ArtworkProjection['availability'];
}

const ENTRIES: Entry[] = [
  {
    title: 'Harbour in Fog',
    description: 'Fishing boats at anchor in the grey morning, worked in soft aquatint tones.',
    techniques: ['aquatint', 'etching'],
    collections: ['harbours'],
    year: 2019,
    plate: [300, 200],
    price: [380, 420],
  },
  {
    title: 'Harbor Lights',
    description: 'Night lamps along the quay, scratched straight into the copper with a needle.',
    techniques: ['drypoint'],
    collections: ['harbours', 'night'],
    year: 2021,
    plate: [150, 100],
    price: 250,
  },
  {
    title: 'Café du Port',
    description: 'Sailors at the tables of a café by the water, in the evening light.',
    techniques: ['etching'],
    collections: ['harbours'],
    year: 2018,
    plate: [450, 300],
    price: 600,
    availability: 'sold-out',
  },
  {
    title: 'Études de mains',
    description: "Studies of the artist's hands at work on the plate.",
    techniques: ['etching'],
    collections: ['etudes'],
    year: 2015,
    plate: [120, 90],
    price: 180,
  },
  {
    title: 'Grey Heron',
    description: 'A heron waiting among the reeds at dawn.',
    techniques: ['aquatint'],
    year: 2020,
    plate: [250, 330],
    price: 350,
  },
  {
    title: 'Gray Morning',
    description: 'The light of morning over the estuary, rocked into the plate.',
    techniques: ['mezzotint'],
    year: 2022,
    plate: [500, 400],
    price: 900,
    availability: 'reserved',
  },
  {
    title: 'Boats at Rest',
    description: 'Three rowing boats pulled up on the shingle.',
    techniques: ['etching'],
    collections: ['harbours'],
    year: 2017,
    plate: [200, 150],
    price: 300,
  },
  {
    title: 'Boatyard',
    description: 'Hulls on trestles, ribs and planks waiting for the caulker.',
    techniques: ['drypoint'],
    year: 2016,
    plate: [180, 120],
    price: 220,
  },
  {
    title: 'Dry Point Study of Ferns',
    description: 'Fronds uncurling in spring, every line a burr.',
    techniques: ['drypoint'],
    collections: ['plants'],
    year: 2023,
    plate: [100, 150],
    price: 160,
  },
  {
    title: 'Fern Fronds',
    description: 'Real leaves pressed into the soft ground and bitten.',
    techniques: ['soft_ground'],
    collections: ['plants'],
    year: 2023,
    plate: [210, 297],
    price: 280,
  },
  {
    title: 'Thistle',
    description: 'A single thistle head, etched in fine lines.',
    techniques: ['etching'],
    collections: ['plants'],
    year: 2014,
    plate: [160, 160],
    price: 150,
  },
  {
    title: 'Poppies in Colour',
    description: 'Poppy heads printed with coloured inks on thin Japanese paper.',
    techniques: ['aquatint', 'chine_colle'],
    collections: ['plants'],
    year: 2021,
    plate: [300, 300],
    price: [450, 520],
  },
  {
    title: 'Lighthouse',
    description: 'The lighthouse at the harbour mouth, engraved in clean lines.',
    techniques: ['engraving'],
    collections: ['harbours'],
    year: 2012,
    plate: [200, 400],
    price: 700,
  },
  {
    title: 'Mezzotint Night',
    description: 'Darkness rocked into the whole plate, then scraped back to a moon.',
    techniques: ['mezzotint'],
    collections: ['night'],
    year: 2020,
    plate: [350, 250],
    price: 800,
    availability: 'sold-out',
  },
  {
    title: 'Aquatint Sky',
    description: 'Clouds over the sea, many bites of the acid.',
    techniques: ['aquatint'],
    year: 2019,
    plate: [400, 250],
    price: 500,
  },
  {
    title: 'Sugar Lift Waves',
    description: 'Breaking waves brushed on with a sugar solution.',
    techniques: ['sugar_lift', 'aquatint'],
    year: 2022,
    plate: [300, 220],
    price: 420,
  },
  {
    title: 'Cathedral Door',
    description: 'The carved west door of the cathedral.',
    techniques: ['engraving'],
    year: 2011,
    plate: [220, 330],
    price: 650,
    availability: 'none',
  },
  {
    title: 'Market Square',
    description: 'Stalls and awnings in the square on a Saturday.',
    techniques: ['etching'],
    year: 2013,
    plate: [250, 180],
    price: 260,
  },
  {
    title: 'Orchard in Bloom',
    description: 'Apple trees in blossom along a wall.',
    techniques: ['etching', 'aquatint'],
    collections: ['plants'],
    year: 2018,
    plate: [350, 280],
    price: 480,
  },
  {
    title: 'Seed Heads',
    description: 'Dried seed heads of teasel and poppy in winter.',
    techniques: ['drypoint'],
    collections: ['plants'],
    year: 2022,
    plate: [140, 200],
    price: 200,
  },
  {
    title: 'Reflections',
    description: 'Masts reflected in still harbour water.',
    techniques: ['aquatint'],
    year: 2016,
    plate: [300, 200],
    price: 390,
  },
  {
    title: "Fishermen's Nets",
    description: 'Nets drying on the harbour wall.',
    techniques: ['etching'],
    year: 2015,
    plate: [200, 250],
    price: 310,
  },
  {
    title: 'Estuary at Low Tide',
    description: 'Mudflats and channels under a wide sky.',
    techniques: ['aquatint'],
    year: 2017,
    plate: [600, 400],
    price: 1200,
  },
  {
    title: 'Night Ferry',
    description: 'The ferry leaving the harbor at night, its lamps on the water.',
    techniques: ['mezzotint'],
    collections: ['night'],
    year: 2021,
    plate: [300, 240],
    price: 560,
  },
  {
    title: 'Chine-collé Leaves',
    description: 'Leaves on thin Japanese paper laid onto the sheet.',
    techniques: ['chine_colle', 'etching'],
    collections: ['plants'],
    year: 2019,
    plate: [180, 240],
    price: 270,
  },
  {
    title: 'Naïve Garden',
    description: 'A garden drawn as a child would draw it.',
    techniques: ['etching'],
    collections: ['plants'],
    year: 2010,
    plate: [150, 200],
    price: 190,
  },
  {
    title: 'Winter Trees',
    description: 'Bare branches against a grey sky.',
    techniques: ['drypoint'],
    year: null,
    plate: [200, 300],
    price: 230,
  },
  {
    title: 'Sailing Boats',
    description: 'Boats racing across the bay.',
    techniques: ['aquatint'],
    collections: ['harbours'],
    year: 2020,
    plate: null,
    price: 340,
  },
  {
    title: 'Shingle Beach',
    description: 'Pebbles and a groyne, at low water.',
    techniques: ['etching'],
    year: 2014,
    plate: [190, 140],
    price: null,
    availability: 'none',
  },
  {
    title: 'Rocks & <Reefs>',
    description: 'Where the "reef" breaks: rocks, spray & gulls.',
    techniques: ['engraving'],
    year: 2012,
    plate: [240, 160],
    price: 330,
  },
];

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const slugOf = (title: string) =>
  title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export const CHANGED_AT = '2025-01-01T00:00:00.000Z';

/** The published catalogue; artwork i was published on day i of 2024, so newest is the last. */
export const CATALOGUE: ArtworkProjection[] = ENTRIES.map((entry, i) => {
  const price = entry.price === undefined || entry.price === null ? null : entry.price;
  const [min, max] = price === null ? [0, 0] : Array.isArray(price) ? price : [price, price];
  return {
    artworkId: uuid(i + 1),
    slug: slugOf(entry.title),
    status: 'published',
    title: entry.title,
    description: entry.description,
    techniques: entry.techniques,
    collections: (entry.collections ?? []).map((key) => ({ ...COLLECTIONS[key] })),
    year: entry.year === undefined ? null : entry.year,
    plateWidthMm: entry.plate ? entry.plate[0] : null,
    plateHeightMm: entry.plate ? entry.plate[1] : null,
    price: price === null ? null : { minMinor: min * 100, maxMinor: max * 100, currency: 'EUR' },
    availability: entry.availability ?? (price === null ? 'none' : 'available'),
    publishedAt: new Date(Date.UTC(2024, 0, i + 1, 12)).toISOString(),
    changedAt: CHANGED_AT,
  };
});

export function byTitle(title: string): ArtworkProjection {
  const found = CATALOGUE.find((artwork) => artwork.title === title);
  if (!found) throw new Error(`no fixture titled ${title}`);
  return found;
}

export const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** A media document for an artwork, as the image service publishes it. */
export function mediaFor(
  artworkId: string,
  options: { id?: string; publishedAt?: string; widths?: number[]; formats?: ('webp' | 'jpeg' | 'avif')[] } = {},
): MediaDocument {
  const id = options.id ?? `10000000-0000-4000-8000-${artworkId.slice(-12)}`;
  const widths = options.widths ?? [320, 640, 1280];
  const formats = options.formats ?? ['avif', 'webp', 'jpeg'];
  const contentTypes = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' } as const;
  return {
    id,
    artworkId,
    jobId: '20000000-0000-4000-8000-000000000001',
    sourceSha256: 'a'.repeat(64),
    alt: 'An etched plate',
    width: 4000,
    height: 3000,
    renditions: formats.flatMap((format) =>
      widths.map((width) => ({
        width,
        height: Math.round((width * 3) / 4),
        format,
        contentType: contentTypes[format],
        colourSpace: 'srgb',
        watermarked: width >= 1280,
        bytes: width * 100,
        key: `media/${artworkId}/${id}/${width}.${format}`,
      })),
    ),
    tiles: {
      dziKey: `media/${artworkId}/${id}/tiles.dzi`,
      width: 4000,
      height: 3000,
      tileSize: 254,
      overlap: 1,
      format: 'jpeg',
      levels: 13,
      tiles: 300,
    },
    placeholder: {
      thumbhash: 'YJqGPQw7sFlslqhFafSE+Q6oJ1h2iHB2Rw',
      dominantColour: '#6b5a48',
      key: `media/${id}/p.png`,
    },
    publishedAt: options.publishedAt ?? '2025-02-01T00:00:00.000Z',
  };
}
