// A printmaker's catalogue of any size, generated from word lists by a seeded generator: titles
// and descriptions as an etcher writes them (harbours, quays, gulls, thistles, études, cafés,
// states and bites of the plate), the catalogue's own techniques, collections, years, prices,
// availability and plate sizes. Deterministic and sequential, so the first n artworks of a larger
// catalogue are exactly the catalogue of n: a bench can grow one database from 1k to 100k.
import { TECHNIQUES, type Technique } from '../../packages/catalogue/src/artworks.ts';
import type { ArtworkProjection } from '../../packages/events/src/index.ts';

/** mulberry32: small, fast and the same on every machine. */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- word lists --------------------------------------------------------------------------------

const PLACES = [
  'Harbour',
  'Quay',
  'Estuary',
  'Lighthouse',
  'Boatyard',
  'Saltmarsh',
  'Pier',
  'Breakwater',
  'Slipway',
  'Mudflats',
  'Dunes',
  'Headland',
  'Cathedral',
  'Market Square',
  'Orchard',
  'Mill Pond',
  'Ferry Crossing',
  'Fish Market',
  'Causeway',
  'Sea Wall',
  'Chapel',
  'Cliff Path',
  'Boathouse',
  'Rooftops',
  'Canal',
  'Lock Gates',
  'Towpath',
  'Viaduct',
  'Harbor',
  'Shingle Beach',
];
const THINGS = [
  'Gulls',
  'Heron',
  'Cormorants',
  'Oystercatchers',
  'Curlews',
  'Swans',
  'Crabs',
  'Mackerel',
  'Fishing Boats',
  'Lobster Pots',
  'Nets',
  'Anchors',
  'Rowing Boats',
  'Thistle',
  'Thistles',
  'Teasels',
  'Poppies',
  'Ferns',
  'Foxgloves',
  'Hawthorn',
  'Blackthorn',
  'Honeysuckle',
  'Willows',
  'Reeds',
  'Seed Heads',
  'Pears',
  'Quinces',
  'Oyster Shells',
  'Hands',
  'Sleeping Cat',
  'Hares',
  'Masts',
];
const CONDITIONS = [
  'in Fog',
  'at Dusk',
  'at Low Tide',
  'in Winter',
  'after Rain',
  'by Moonlight',
  'in the Morning',
  'under Snow',
  'in a March Wind',
  'at High Water',
  'in Summer Haze',
  'before the Storm',
  'at First Light',
  'in October',
];
const ADJECTIVES = [
  'Grey',
  'Gray',
  'Quiet',
  'Salt',
  'Northern',
  'Low',
  'Late',
  'Tidal',
  'Still',
  'Winter',
  'Small',
  'Black',
  'Silver',
  'Evening',
  'Early',
  'Copper',
  'Drowned',
  'Windblown',
];
const FRENCH_TITLES = [
  'Café du Port',
  'Café des Pêcheurs',
  'Études de mains',
  'Études de chardons',
  'Étude de mouettes',
  'Le Quai',
  'La Jetée',
  "Soir d'été",
  'Bateaux à marée basse',
  'Nature morte aux coings',
  'Les Falaises',
  'Phare dans la brume',
];
// Coast towns, from the syllables of the north: "Aberwick", "Kirkhaven", "Staithmouth"…
const TOWN_STARTS = [
  'Aber',
  'Inver',
  'Kirk',
  'Port',
  'Strath',
  'Bal',
  'Dun',
  'Glen',
  'Ard',
  'Pen',
  'Tre',
  'Ros',
  'Whit',
  'Staith',
  'Ald',
  'Bran',
  'Cul',
  'Lyn',
  'Mor',
  'Sand',
];
const TOWN_ENDS = [
  'ness',
  'wick',
  'mouth',
  'haven',
  'ford',
  'ton',
  'field',
  'cairn',
  'more',
  'dale',
  'broch',
  'ay',
  'caster',
  'holm',
  'by',
  'stead',
  'wyn',
  'ock',
  'gate',
  'sea',
];
const ACTIONS = [
  'wheel over the water',
  'wait on the sea wall',
  'crowd the slipway',
  'rest on the shingle',
  'lean into the wind',
  'stand among the reeds',
  'gather on the mudflats',
  'drift past the breakwater',
  'shelter under the quay',
  'crowd the café terrace',
  'lie stacked against the harbour wall',
  'bend over the towpath',
  'turn towards the light',
];
const LIGHT = [
  'The fog lifts slowly over the estuary',
  'A low sun catches the wet mud',
  'Rain clears from the west',
  'The tide turns in the grey morning',
  'Snow lies on the rooftops',
  'Lamps come on along the quay',
  'The wind drops at dusk',
  'Moonlight silvers the water',
];
const BITES = ['one bite', 'two bites', 'three bites', 'four stages', 'many short bites', 'a single long bite'];
const TECHNIQUE_WORDS: Record<Technique, string> = {
  etching: 'etching',
  aquatint: 'aquatint',
  drypoint: 'drypoint',
  engraving: 'engraving',
  mezzotint: 'mezzotint',
  soft_ground: 'soft ground',
  sugar_lift: 'sugar lift',
  chine_colle: 'chine collé',
};
const TECHNIQUE_SENTENCES: Record<Technique, string[]> = {
  etching: ['Etched with a fine needle through hard ground', 'The lines were etched in {bites} of ferric chloride'],
  aquatint: ['The tones are aquatint, bitten in {bites}', 'A resin aquatint carries the sky, laid in {bites}'],
  drypoint: [
    'Drypoint lines scratched straight into the copper',
    'The burr of the drypoint gives the masts their blur',
  ],
  engraving: ['Engraved with a burin in clean, swelling lines', 'The burin cut the outlines; the shading is engraved'],
  mezzotint: [
    'A mezzotint, the plate rocked dark and scraped back to light',
    'Rocked with a fine rocker, burnished back for the highlights',
  ],
  soft_ground: [
    'Real leaves pressed into soft ground and bitten',
    'Drawn through paper onto a soft ground for a pencil line',
  ],
  sugar_lift: [
    'Brushed in sugar lift, then aquatinted in {bites}',
    'The brushwork is sugar lift, lifted in warm water',
  ],
  chine_colle: ['Printed chine collé on thin Japanese gampi', 'A sheet of tinted chine collé lies under the image'],
};
const PAPERS = ['Hahnemühle Copperplate', 'Somerset Satin', 'Zerkall', 'Fabriano Rosaspina', 'Arches 88', 'gampi'];
const INKS = ['Charbonnel black', 'Gamblin sepia', 'Caligo burnt umber', 'a warm black', 'Prussian blue'];
const CLOSINGS = [
  'Wiped with tarlatan and the palm, then dried under blotters',
  'Printed by hand on a Rochat press',
  'The plate was reworked after the first proofs; this is the {state} state',
  'One of a series drawn at {town} over the winter of {year}',
  'Drawn on the spot in a sketchbook, then etched in the studio',
  'After études made on the shore at {town}',
  'Made in the café by the harbour, from notes of that morning',
  'Steel-faced so the edition stays even',
];
const STATES = ['first', 'second', 'third', 'fourth', 'final'];
const ROMAN = ['II', 'III', 'IV', 'V', 'VI'];

export const COLLECTIONS = [
  { slug: 'harbours-and-shores', title: 'Harbours & Shores' },
  { slug: 'night-pieces', title: 'Night Pieces' },
  { slug: 'plants-and-seed-heads', title: 'Plants and Seed Heads' },
  { slug: 'etudes', title: 'Études' },
  { slug: 'small-plates', title: 'Small Plates' },
  { slug: 'birds-of-the-estuary', title: 'Birds of the Estuary' },
  { slug: 'winter', title: 'Winter' },
  { slug: 'commissions', title: 'Commissions' },
  { slug: 'early-work', title: 'Early Work' },
  { slug: 'carnet-francais', title: 'Carnet français' },
  { slug: 'still-lifes', title: 'Still Lifes' },
  { slug: 'the-north-coast', title: 'The North Coast' },
  { slug: 'towns-and-rooftops', title: 'Towns and Rooftops' },
] as const;

// ---- the generator -----------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const LAST_DAY = Date.UTC(2025, 11, 31);

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * `count` published artworks, the same every run for the same seed. Availability and price follow
 * the projection's rules: sold-out and no-edition artworks have no price on offer.
 */
export function generateCatalogue(count: number, seed = 5): ArtworkProjection[] {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(rand() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  const between = (low: number, high: number) => low + Math.floor(rand() * (high - low + 1));
  const chance = (p: number) => rand() < p;
  const town = () => `${pick(TOWN_STARTS)}${pick(TOWN_ENDS)}`;
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[Math.floor(rand() * 4)] ?? '8';
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };
  const fill = (template: string, year: number) =>
    template
      .replace('{bites}', pick(BITES))
      .replace('{state}', pick(STATES))
      .replace('{town}', town())
      .replace('{year}', String(year));

  const title = (): string => {
    const roll = rand();
    let base: string;
    if (roll < 0.18) base = `${pick(ADJECTIVES)} ${pick(THINGS)}`;
    else if (roll < 0.36) base = `${pick(THINGS)} ${pick(CONDITIONS)}`;
    else if (roll < 0.52) base = `${pick(PLACES)} ${pick(CONDITIONS)}`;
    else if (roll < 0.64) base = `${pick(THINGS)} at ${town()}`;
    else if (roll < 0.76) base = `${town()} ${pick(PLACES)}`;
    else if (roll < 0.84) base = `Study of ${pick(THINGS)}`;
    else if (roll < 0.9) base = pick(FRENCH_TITLES);
    else base = `${pick(ADJECTIVES)} ${pick(PLACES)} ${pick(CONDITIONS)}`;
    // Series and states, as printmakers number them.
    if (chance(0.12)) base += ` ${pick(ROMAN)}`;
    else if (chance(0.06)) base += ` (${pick(STATES)} state)`;
    return base;
  };

  const description = (techniques: Technique[], year: number): string => {
    const sentences = [`${pick(THINGS)} ${pick(ACTIONS)}`];
    if (chance(0.5)) sentences.push(pick(LIGHT));
    for (const technique of techniques) sentences.push(fill(pick(TECHNIQUE_SENTENCES[technique]), year));
    sentences.push(`Printed on ${pick(PAPERS)} in ${pick(INKS)}`);
    if (chance(0.7)) sentences.push(fill(pick(CLOSINGS), year));
    return `${sentences.map((s) => s.charAt(0).toUpperCase() + s.slice(1)).join('. ')}.`;
  };

  const out: ArtworkProjection[] = [];
  for (let n = 0; n < count; n++) {
    const artworkId = uuid();
    const titleText = title();
    const techniques = [...new Set([pick(TECHNIQUES), ...(chance(0.35) ? [pick(TECHNIQUES)] : [])])];
    const year = chance(0.04) ? null : between(1995, 2025);
    const collections: { slug: string; title: string }[] = [];
    const memberships = chance(0.3) ? 0 : chance(0.7) ? 1 : 2;
    for (let c = 0; c < memberships; c++) {
      const collection = pick(COLLECTIONS);
      if (!collections.some((held) => held.slug === collection.slug)) collections.push({ ...collection });
    }
    const plate = chance(0.05) ? null : { width: between(6, 60) * 10, height: between(6, 60) * 10 };
    const availabilityRoll = rand();
    const availability: ArtworkProjection['availability'] =
      availabilityRoll < 0.68
        ? 'available'
        : availabilityRoll < 0.76
          ? 'reserved'
          : availabilityRoll < 0.95
            ? 'sold-out'
            : 'none';
    const low = between(8, 150) * 1000;
    const price =
      availability === 'available' || availability === 'reserved'
        ? { minMinor: low, maxMinor: chance(0.3) ? low + between(1, 40) * 1000 : low, currency: 'EUR' }
        : null;
    const from = Date.UTC(year ?? 2000, 0, 1);
    const publishedAt = new Date(from + Math.floor(rand() * ((LAST_DAY - from) / DAY_MS)) * DAY_MS + n).toISOString();
    const slug = `${slugify(titleText).slice(0, 60)}-${n + 1}`;
    out.push({
      artworkId,
      slug,
      status: 'published',
      title: titleText,
      description: description(techniques, year ?? 2010),
      techniques,
      collections,
      year,
      plateWidthMm: plate?.width ?? null,
      plateHeightMm: plate?.height ?? null,
      price,
      availability,
      publishedAt,
      changedAt: publishedAt,
    });
  }
  return out;
}

/** "soft_ground" → "soft ground": how a technique reads in text (as the search indexes it). */
export const techniqueWords = (technique: string): string =>
  TECHNIQUE_WORDS[technique as Technique] ?? technique.replace(/_/g, ' ');
