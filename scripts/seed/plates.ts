// The sample catalogue's plate scans: each print drawn as an etching of its own subject (harbour and
// sea, seed heads and hedgerow plants, birds, buildings and lamps), with the marks its techniques
// leave (etched, engraved or drypoint line, soft ground, aquatint grain, mezzotint ground, chine
// collé), plate tone wiped to highlights, the plate mark pressed into a cream sheet and a pencil
// inscription under it, in the proportions of the artwork's plate.
//
// Everything follows from the slug, title, techniques and plate size through a seeded PRNG, so the
// same print always gives the same bytes. It is cheap by construction: two SVGs rasterised by sharp
// (line work at full size, tone at half size) and one pass over the pixels to ink them on paper.
import { createHash } from 'node:crypto';
import { seededRandom } from '@copper/imaging/testing';
import sharp from 'sharp';

export type SubjectFamily = 'sea' | 'plant' | 'bird' | 'building';
export type Motif =
  | 'harbour'
  | 'fog'
  | 'waves'
  | 'night'
  | 'marsh'
  | 'teasel'
  | 'umbel'
  | 'honesty'
  | 'blossom'
  | 'hips'
  | 'canes'
  | 'gulls'
  | 'lamps'
  | 'lofts'
  | 'facade';

export interface PlateSubject {
  family: SubjectFamily;
  motif: Motif;
}

export interface PrintToDraw {
  slug: string;
  title: string;
  techniques?: readonly string[] | undefined;
  plateSizeMm?: { width: number; height: number } | null | undefined;
}

type Rgb = readonly [number, number, number];

export const INKS = {
  blackBrown: [40, 32, 27],
  sepia: [86, 58, 38],
  prussian: [27, 44, 66],
  redBrown: [110, 46, 32],
} as const satisfies Record<string, Rgb>;
export type InkName = keyof typeof INKS;

type LineStyle = 'etched' | 'engraved' | 'drypoint' | 'softground';
type ToneStyle = 'none' | 'aquatint' | 'mezzotint';
type Shading = 'hatch' | 'crosshatch' | 'stipple';

export interface PlateSpec {
  subject: PlateSubject;
  ink: InkName;
  /** The scan in pixels: sheet, plate and image area. */
  width: number;
  height: number;
  plate: Box;
  plateMm: { width: number; height: number };
  line: LineStyle;
  tone: ToneStyle;
  shading: Shading;
  chineColle: boolean;
  seed: number;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

// Most specific first: "Gulls over the Slipway" is a bird print, "Quay Lamps" one of lamps.
const FAMILY_WORDS: readonly [SubjectFamily, RegExp][] = [
  ['bird', /\b(gulls?|terns?|herons?|birds?|rooks?|crows?|cormorants?|curlews?|egrets?|swallows?|owls?|wrens?)\b/i],
  ['building', /\b(lamps?|lofts?|house|houses|cottages?|church|chapel|street|warehouses?|roofs?|windows?|customs)\b/i],
  [
    'plant',
    /\b(teasels?|umbels?|hogweed|parsley|honesty|seeds?|thistles?|blackthorn|hawthorn|roses?|hips?|brambles?|flowers?|hedgerow|ferns?|leaves|weeds?)\b/i,
  ],
  [
    'sea',
    /\b(harbou?r|tides?|sea|breakwater|ferry|marsh|boats?|waves?|shore|estuary|creeks?|pier|jetty|fog|bay|coast|quay|slipway)\b/i,
  ],
];

const MOTIF_WORDS: Record<SubjectFamily, readonly [Motif, RegExp][]> = {
  sea: [
    ['night', /\b(night|moon|ferry|dark)\b/i],
    ['fog', /\b(fog|mist|breakwater|haar)\b/i],
    ['marsh', /\b(marsh|creeks?|estuary|reeds?)\b/i],
    ['harbour', /\b(harbou?r|boats?|quay|moorings?)\b/i],
    ['waves', /\b(tides?|waves?|sea|surf|swell)\b/i],
  ],
  plant: [
    ['teasel', /\b(teasels?|thistles?)\b/i],
    ['umbel', /\b(umbels?|hogweed|parsley|hemlock|fennel)\b/i],
    ['honesty', /\b(honesty|seeds?)\b/i],
    ['hips', /\b(hips?|haws?|berries|berry)\b/i],
    ['blossom', /\b(blossom|flowers?|flower|blackthorn|hawthorn)\b/i],
    ['canes', /\b(brambles?|briar|thorns?|winter)\b/i],
  ],
  bird: [['gulls', /./]],
  building: [
    ['lamps', /\b(lamps?|lights?)\b/i],
    ['lofts', /\b(lofts?|sheds?|cottages?)\b/i],
    ['facade', /./],
  ],
};

const FAMILY_MOTIFS: Record<SubjectFamily, readonly Motif[]> = {
  sea: ['harbour', 'fog', 'waves', 'night', 'marsh'],
  plant: ['teasel', 'umbel', 'honesty', 'blossom', 'hips', 'canes'],
  bird: ['gulls'],
  building: ['lamps', 'lofts', 'facade'],
};

/** A 32-bit seed from the slug: the same print always draws the same plate. */
export function seedOf(slug: string): number {
  return createHash('sha256').update(slug).digest().readUInt32BE(0);
}

/** What a title depicts; a title naming nothing known still gets a subject, chosen by its slug. */
export function subjectOf(title: string, slug = title): PlateSubject {
  const family = FAMILY_WORDS.find(([, words]) => words.test(title))?.[0];
  if (family) {
    const motif = MOTIF_WORDS[family].find(([, words]) => words.test(title))?.[0];
    return { family, motif: motif ?? pick(FAMILY_MOTIFS[family], seedOf(`${slug}/motif`)) };
  }
  const families = Object.keys(FAMILY_MOTIFS) as SubjectFamily[];
  const fallback = pick(families, seedOf(`${slug}/family`));
  return { family: fallback, motif: pick(FAMILY_MOTIFS[fallback], seedOf(`${slug}/motif`)) };
}

function pick<T>(items: readonly T[], seed: number): T {
  const item = items[seed % items.length];
  if (item === undefined) throw new RangeError('nothing to pick from');
  return item;
}

// Plate sizes a printmaker keeps in stock, for a print whose plate size is not recorded.
const STOCK_PLATES = [
  { width: 300, height: 200 },
  { width: 200, height: 250 },
  { width: 240, height: 180 },
  { width: 180, height: 240 },
  { width: 150, height: 150 },
] as const;

const INK_BY_MOTIF: Record<Motif, InkName> = {
  harbour: 'prussian',
  fog: 'prussian',
  waves: 'prussian',
  night: 'blackBrown',
  marsh: 'sepia',
  teasel: 'sepia',
  umbel: 'blackBrown',
  honesty: 'sepia',
  blossom: 'blackBrown',
  hips: 'redBrown',
  canes: 'sepia',
  gulls: 'blackBrown',
  lamps: 'blackBrown',
  lofts: 'redBrown',
  facade: 'sepia',
};

/**
 * Everything about a print's scan that follows from the catalogue: subject, ink, marks and the
 * pixel geometry (the plate's proportions, a sheet margin that is wider below for the pencil, and
 * 2.8–4 megapixels by plate size: at most the earlier 2400 × 1800 scans' 4.3, so the image jobs
 * stay as quick).
 */
export function plateSpec(print: PrintToDraw, options: { megapixels?: number } = {}): PlateSpec {
  const seed = seedOf(print.slug);
  const subject = subjectOf(print.title, print.slug);
  const plateMm = print.plateSizeMm ?? pick(STOCK_PLATES, seedOf(`${print.slug}/plate`));
  const techniques = new Set(print.techniques ?? []);
  const has = (t: string) => techniques.has(t);

  const short = Math.min(plateMm.width, plateMm.height);
  const side = Math.max(28, short * 0.17);
  const sheetMm = { width: plateMm.width + 2 * side, height: plateMm.height + side * 2.3 };
  const areaShare = Math.min(1, Math.max(0, (plateMm.width * plateMm.height - 150 * 150) / (400 * 300 - 150 * 150)));
  const pixels = (options.megapixels ?? 2.8 + 1.2 * areaShare) * 1e6;
  const scale = Math.sqrt(pixels / (sheetMm.width * sheetMm.height));
  const plate = {
    x: Math.round(side * scale),
    y: Math.round(side * scale),
    w: Math.round(plateMm.width * scale),
    h: Math.round(plateMm.height * scale),
  };
  // Equal margins at the sides and top; the deeper one below takes the pencil inscription.
  const width = plate.w + 2 * plate.x;
  const height = plate.y + plate.h + Math.round(side * 1.3 * scale);

  const line: LineStyle = has('drypoint')
    ? 'drypoint'
    : has('engraving')
      ? 'engraved'
      : has('soft_ground')
        ? 'softground'
        : has('etching') || has('aquatint') || has('sugar_lift') || has('mezzotint')
          ? 'etched'
          : pick(['etched', 'engraved', 'drypoint', 'softground'] as const, seedOf(`${print.slug}/line`));
  const tone: ToneStyle = has('mezzotint')
    ? 'mezzotint'
    : has('aquatint') || has('sugar_lift')
      ? 'aquatint'
      : techniques.size === 0 && seed % 3 === 0
        ? 'aquatint'
        : 'none';
  const shading: Shading = line === 'engraved' ? 'stipple' : line === 'drypoint' ? 'hatch' : 'crosshatch';
  return {
    subject,
    ink: INK_BY_MOTIF[subject.motif],
    width,
    height,
    plate,
    plateMm: { width: plateMm.width, height: plateMm.height },
    line,
    tone,
    shading,
    chineColle: has('chine_colle'),
    seed,
  };
}

// ---- drawing ----------------------------------------------------------------------------------

const f = (n: number) => (Math.round(n * 10) / 10).toString();

type Pt = readonly [number, number];

/** A smooth path through points (Catmull-Rom as cubic Béziers). */
function smooth(points: readonly Pt[], close = false): string {
  if (points.length < 2) return '';
  const at = (i: number): Pt => {
    const n = points.length;
    const index = close ? (i + n) % n : Math.min(n - 1, Math.max(0, i));
    return points[index] ?? [0, 0];
  };
  const first = at(0);
  let d = `M${f(first[0])},${f(first[1])}`;
  const count = close ? points.length : points.length - 1;
  for (let i = 0; i < count; i++) {
    const p0 = at(i - 1);
    const p1 = at(i);
    const p2 = at(i + 1);
    const p3 = at(i + 2);
    const c1: Pt = [p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6];
    const c2: Pt = [p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6];
    d += `C${f(c1[0])},${f(c1[1])} ${f(c2[0])},${f(c2[1])} ${f(p2[0])},${f(p2[1])}`;
  }
  return close ? `${d}Z` : d;
}

const poly = (points: readonly Pt[]) => `M${points.map(([x, y]) => `${f(x)},${f(y)}`).join('L')}Z`;
const ellipsePath = (cx: number, cy: number, rx: number, ry: number) =>
  `M${f(cx - rx)},${f(cy)}a${f(rx)},${f(ry)} 0 1,0 ${f(2 * rx)},0a${f(rx)},${f(ry)} 0 1,0 ${f(-2 * rx)},0Z`;

interface Wipe {
  x: number;
  y: number;
  rx: number;
  ry: number;
  /** 1 wipes the plate tone clean, 0 leaves it. */
  strength: number;
}

/**
 * The plate being worked: line work and tone as two painter's-order layers in ink density (black
 * is full ink, white is paper), in the scan's pixel coordinates. Motifs draw in the image box's
 * unit coordinates through `at`.
 */
class Plate {
  readonly lines: string[] = [];
  readonly tone: string[] = [];
  readonly defs: string[] = [];
  readonly wipes: Wipe[] = [];
  /** Pixels per unit of line weight: about 0.2 mm of etched line. */
  readonly lw: number;
  private clipCount = 0;

  constructor(
    readonly spec: PlateSpec,
    readonly random: () => number,
    readonly box: Box,
  ) {
    this.lw = Math.max(1, (spec.plate.w / spec.plateMm.width) * 0.2);
  }

  at(u: number, v: number): Pt {
    return [this.box.x + u * this.box.w, this.box.y + v * this.box.h];
  }
  len(u: number): number {
    return u * this.box.w;
  }
  range(a: number, b: number): number {
    return a + (b - a) * this.random();
  }
  /** A little unsteadiness of the hand, in pixels. */
  jitter(amount = 1): number {
    return (this.random() - 0.5) * 2 * amount * this.lw;
  }

  /** A bitten or cut line in the plate's technique. */
  mark(d: string, weight = 1, opacity = 1): void {
    const w = weight * this.lw;
    const o = opacity < 1 ? ` stroke-opacity="${opacity.toFixed(2)}"` : '';
    switch (this.spec.line) {
      case 'drypoint':
        // The burr thrown up beside the needle holds ink: a soft, velvety halo around the line.
        this.lines.push(
          `<path d="${d}" stroke-width="${f(w * 3.4)}" stroke-opacity="${(0.22 * opacity).toFixed(2)}"/>`,
        );
        this.lines.push(`<path d="${d}" stroke-width="${f(w * 0.9)}"${o}/>`);
        break;
      case 'engraved':
        this.lines.push(`<path d="${d}" stroke-width="${f(w * 1.1)}" stroke-linecap="butt"${o}/>`);
        break;
      case 'softground':
        this.lines.push(`<path d="${d}" stroke-width="${f(w * 1.7)}" stroke-opacity="${(0.7 * opacity).toFixed(2)}"/>`);
        break;
      default:
        this.lines.push(`<path d="${d}" stroke-width="${f(w)}"${o}/>`);
    }
  }

  /** Solid ink in the line layer (a bitten-out area, a dark wing tip). */
  fill(d: string, opacity = 1): void {
    this.lines.push(`<path d="${d}" fill="#000" stroke="none"${opacity < 1 ? ` fill-opacity="${opacity}"` : ''}/>`);
  }

  /** Clears both layers inside `d`: a light shape laid over darker work (paint order). */
  knock(d: string, toneToo = true): void {
    this.lines.push(`<path d="${d}" fill="#fff" stroke="none"/>`);
    if (toneToo) this.tone.push(`<path d="${d}" fill="${this.spec.tone === 'mezzotint' ? '#f2f2f2' : '#fff'}"/>`);
  }

  /** Aquatint or mezzotint tone at `level` (0 paper, 1 full ink), painted over what is there. */
  toneFill(d: string, level: number): void {
    const v = Math.round(255 * (1 - Math.min(1, Math.max(0, level))));
    this.tone.push(`<path d="${d}" fill="rgb(${v},${v},${v})"/>`);
  }

  /** A scraped and burnished line in a mezzotint ground: the light edge of a stem or a rim. */
  burnish(d: string, width: number, level = 0.35): void {
    const v = Math.round(255 * (1 - level));
    this.tone.push(
      `<path d="${d}" fill="none" stroke="rgb(${v},${v},${v})" stroke-width="${f(width * this.lw)}" stroke-linecap="round"/>`,
    );
  }

  /** A vertical tone ramp (a sky darkening upwards, water darkening towards the viewer). */
  toneRamp(d: string, top: number, bottom: number, y0: number, y1: number): void {
    const id = `g${this.defs.length}`;
    const g = (level: number) => Math.round(255 * (1 - Math.min(1, Math.max(0, level))));
    this.defs.push(
      `<linearGradient id="${id}" gradientUnits="userSpaceOnUse" x1="0" y1="${f(y0)}" x2="0" y2="${f(y1)}"><stop offset="0" stop-color="rgb(${g(top)},${g(top)},${g(top)})"/><stop offset="1" stop-color="rgb(${g(bottom)},${g(bottom)},${g(bottom)})"/></linearGradient>`,
    );
    this.tone.push(`<path d="${d}" fill="url(#${id})"/>`);
  }

  /**
   * Shade a region as the plate's technique would: tone where there is aquatint or mezzotint,
   * otherwise the hatching, cross-hatching or stipple of the line technique.
   */
  shade(d: string, bounds: Box, level: number, angle = 45): void {
    if (this.spec.tone !== 'none') {
      this.toneFill(d, level);
      return;
    }
    this.hatchIn(d, bounds, level, angle);
  }

  hatchIn(d: string, bounds: Box, level: number, angle = 45): void {
    if (level <= 0.02) return;
    const id = `c${this.clipCount++}`;
    this.defs.push(`<clipPath id="${id}"><path d="${d}"/></clipPath>`);
    const parts: string[] = [];
    const spacing = this.lw * (2.2 + 9 * (1 - level));
    if (this.spec.shading === 'stipple') {
      const dots = Math.min(6000, Math.round((bounds.w * bounds.h * level) / (spacing * spacing * 0.55)));
      const r = this.lw * 0.55;
      for (let i = 0; i < dots; i++) {
        const x = bounds.x + this.random() * bounds.w;
        const y = bounds.y + this.random() * bounds.h;
        parts.push(`M${f(x)},${f(y)}h0.1`);
      }
      this.lines.push(
        `<g clip-path="url(#${id})"><path d="${parts.join('')}" stroke-width="${f(r * 2.2)}" stroke-linecap="round"/></g>`,
      );
      return;
    }
    const directions = this.spec.shading === 'hatch' ? (level > 0.6 ? 2 : 1) : level > 0.65 ? 3 : level > 0.3 ? 2 : 1;
    for (let k = 0; k < directions; k++) {
      const a = ((angle + k * (k === 2 ? 67 : 90)) * Math.PI) / 180;
      const cx = bounds.x + bounds.w / 2;
      const cy = bounds.y + bounds.h / 2;
      const reach = Math.hypot(bounds.w, bounds.h) / 2 + spacing;
      const dx = Math.cos(a);
      const dy = Math.sin(a);
      const s = spacing * (k === 0 ? 1 : 1.25);
      for (let o = -reach; o <= reach; o += s) {
        const px = cx - dy * o;
        const py = cy + dx * o;
        const j = this.jitter(0.4);
        parts.push(`M${f(px - dx * reach + j)},${f(py - dy * reach)}L${f(px + dx * reach)},${f(py + dy * reach + j)}`);
      }
    }
    const w = this.lw * (this.spec.line === 'drypoint' ? 0.8 : 0.6);
    const burr =
      this.spec.line === 'drypoint'
        ? `<path d="${parts.join('')}" stroke-width="${f(w * 3)}" stroke-opacity="0.18"/>`
        : '';
    this.lines.push(`<g clip-path="url(#${id})">${burr}<path d="${parts.join('')}" stroke-width="${f(w)}"/></g>`);
  }

  /** Horizontal strokes, as water and skies are drawn: denser where `density` says. */
  strokes(bounds: Box, count: number, length: number, density: (v: number) => number, curl = 0.08): void {
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      const v = this.random();
      if (this.random() > density(v)) continue;
      const x = bounds.x + this.random() * bounds.w;
      const y = bounds.y + v * bounds.h;
      const l = length * (0.4 + this.random());
      parts.push(`M${f(x)},${f(y)}q${f(l / 2)},${f(-l * curl * this.random())} ${f(l)},${f(this.jitter(0.5))}`);
    }
    this.mark(parts.join(''), 0.8);
  }

  /** Plate tone left on deliberately around a light, or wiped off a highlight. */
  wipe(u: number, v: number, ru: number, rv: number, strength: number): void {
    const [x, y] = this.at(u, v);
    this.wipes.push({ x, y, rx: this.len(ru), ry: rv * this.box.h, strength });
  }
}

type Draw = (p: Plate) => void;

// ---- sea ----

function sky(p: Plate, horizon: number, level: number): void {
  const [x0, y0] = p.at(0, 0);
  const [x1, y1] = p.at(1, horizon);
  const d = poly([
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ]);
  if (p.spec.tone !== 'none') {
    p.toneRamp(d, level, level * 0.35, y0, y1);
    return;
  }
  // Hatched sky thinning towards the horizon.
  const parts: string[] = [];
  const step = p.lw * 4.5;
  for (let y = y0 + step; y < y1 - step; y += step) {
    const density = 1 - (y - y0) / (y1 - y0);
    if (p.random() > density * level * 2.2 + 0.05) continue;
    const a = x0 + p.random() * (x1 - x0) * 0.3;
    const b = x1 - p.random() * (x1 - x0) * 0.3;
    parts.push(`M${f(a)},${f(y)}L${f(b)},${f(y + p.jitter(0.6))}`);
  }
  p.mark(parts.join(''), 0.6);
}

function clouds(p: Plate, horizon: number, count: number): void {
  for (let i = 0; i < count; i++) {
    const u = p.range(0.05, 0.8);
    const v = p.range(0.08, horizon * 0.7);
    const w = p.range(0.12, 0.3);
    const pts: Pt[] = [];
    const bumps = 5 + Math.floor(p.random() * 4);
    for (let k = 0; k <= bumps; k++) {
      pts.push(p.at(u + (w * k) / bumps, v - Math.sin((Math.PI * k) / bumps) * p.range(0.02, 0.06)));
    }
    p.mark(smooth(pts), 0.7);
    const [a, b] = p.at(u, v);
    const [c] = p.at(u + w, v);
    p.mark(`M${f(a)},${f(b)}L${f(c)},${f(b + p.jitter(1))}`, 0.5);
  }
}

function water(p: Plate, top: number, bottom: number, level: number): void {
  const [x0, y0] = p.at(0, top);
  const [x1, y1] = p.at(1, bottom);
  const bounds = { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  if (p.spec.tone !== 'none')
    p.toneRamp(poly([p.at(0, top), p.at(1, top), p.at(1, bottom), p.at(0, bottom)]), level * 0.5, level, y0, y1);
  p.strokes(bounds, Math.round((bounds.w * bounds.h) / (p.lw * p.lw * 90)), p.len(0.05), (v) => 0.25 + v * 0.75);
}

const harbour: Draw = (p) => {
  const horizon = p.range(0.3, 0.38);
  sky(p, horizon, 0.22);
  clouds(p, horizon, 2);
  // The far quay: a terrace of houses along the harbour wall.
  let u = 0;
  while (u < 1) {
    const w = p.range(0.05, 0.11);
    const h = p.range(0.05, 0.1);
    const roof = p.range(0.02, 0.05);
    const house = poly([
      p.at(u, horizon),
      p.at(u, horizon - h),
      p.at(u + w / 2, horizon - h - roof),
      p.at(u + w, horizon - h),
      p.at(u + w, horizon),
    ]);
    const [bx, by] = p.at(u, horizon - h - roof);
    p.shade(house, { x: bx, y: by, w: p.len(w), h: (h + roof) * p.box.h }, p.range(0.35, 0.6), 60);
    p.mark(house, 0.9);
    for (let k = 0; k < 2; k++) {
      const [wx, wy] = p.at(u + w * (0.2 + k * 0.4), horizon - h * 0.7);
      p.fill(
        poly([
          [wx, wy],
          [wx + p.len(w * 0.18), wy],
          [wx + p.len(w * 0.18), wy + h * p.box.h * 0.25],
          [wx, wy + h * p.box.h * 0.25],
        ]),
      );
    }
    u += w;
  }
  // The harbour wall, dark under the houses.
  const wall = poly([p.at(0, horizon), p.at(1, horizon), p.at(1, horizon + 0.04), p.at(0, horizon + 0.05)]);
  const [wx, wy] = p.at(0, horizon);
  p.shade(wall, { x: wx, y: wy, w: p.box.w, h: p.box.h * 0.05 }, 0.8, 20);
  p.mark(wall, 1.1);
  // Mud at low tide, with pools that hold the sky: wiped bright.
  const mudTop = horizon + 0.05;
  const [mx, my] = p.at(0, mudTop);
  const mud = poly([p.at(0, mudTop), p.at(1, mudTop), p.at(1, 1), p.at(0, 1)]);
  p.shade(mud, { x: mx, y: my, w: p.box.w, h: p.box.h * (1 - mudTop) }, 0.42, 10);
  for (let i = 0; i < 4; i++) {
    const cu = p.range(0.1, 0.9);
    const cv = p.range(mudTop + 0.08, 0.92);
    const [cx, cy] = p.at(cu, cv);
    const rx = p.len(p.range(0.06, 0.16));
    const ry = rx * p.range(0.08, 0.16);
    p.knock(ellipsePath(cx, cy, rx, ry));
    p.mark(`M${f(cx - rx * 0.6)},${f(cy)}h${f(rx * 1.1)}`, 0.5);
    p.wipe(cu, cv, 0.12, 0.03, 0.8);
  }
  // Hulls lying over on the mud, masts leaning.
  const boats = 2 + Math.floor(p.random() * 3);
  for (let i = 0; i < boats; i++) {
    const cu = 0.12 + (0.76 * (i + p.random() * 0.6)) / boats;
    const cv = p.range(mudTop + 0.15, 0.85);
    const size = p.range(0.1, 0.18) * (0.6 + cv);
    const tilt = p.range(-0.35, 0.35);
    const [cx, cy] = p.at(cu, cv);
    const s = p.len(size);
    const rot = (x: number, y: number): Pt => [
      cx + x * Math.cos(tilt) - y * Math.sin(tilt),
      cy + x * Math.sin(tilt) + y * Math.cos(tilt),
    ];
    const hull = smooth(
      [rot(-s, -s * 0.12), rot(-s * 0.6, s * 0.22), rot(0, s * 0.3), rot(s * 0.7, s * 0.18), rot(s, -s * 0.18)],
      false,
    );
    const hullShape = `${hull}L${f(rot(-s, -s * 0.12)[0])},${f(rot(-s, -s * 0.12)[1])}Z`;
    p.knock(hullShape);
    p.hatchIn(hullShape, { x: cx - s, y: cy - s, w: 2 * s, h: 2 * s }, 0.7, 80);
    p.mark(hullShape, 1.3);
    const [mx0, my0] = rot(-s * 0.1, -s * 0.1);
    const [mx1, my1] = rot(-s * 0.1 + s * 0.25, -s * 1.6);
    p.mark(`M${f(mx0)},${f(my0)}L${f(mx1)},${f(my1)}`, 1.1);
    p.mark(`M${f(mx1)},${f(my1)}L${f(rot(s, -s * 0.18)[0])},${f(rot(s, -s * 0.18)[1])}`, 0.5);
    // Its shadow on the mud.
    p.fill(ellipsePath(cx, cy + s * 0.32, s * 0.8, s * 0.06), 0.5);
  }
};

const fog: Draw = (p) => {
  const horizon = p.range(0.42, 0.52);
  const [x0, y0] = p.at(0, 0);
  const [x1, y1] = p.at(1, 1);
  const whole = poly([
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ]);
  if (p.spec.tone !== 'none') p.toneRamp(whole, 0.28, 0.5, y0, y1);
  else p.hatchIn(whole, { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }, 0.25, 0);
  // The breakwater running out into the fog: a face of dressed stone and a paler top, lighter
  // with every stage of stopping-out as it goes further into the fog.
  const stages = 7;
  const start = p.range(0.0, 0.06);
  const end = p.range(0.72, 0.86);
  for (let k = 0; k < stages; k++) {
    const a = start + ((end - start) * k) / stages;
    const b = start + ((end - start) * (k + 1)) / stages;
    const va = 0.97 - (0.97 - horizon) * (k / stages) ** 0.6;
    const vb = 0.97 - (0.97 - horizon) * ((k + 1) / stages) ** 0.6;
    const ha = 0.16 * (1 - k / stages) ** 1.3 + 0.012;
    const hb = 0.16 * (1 - (k + 1) / stages) ** 1.3 + 0.012;
    const level = 0.92 - k * 0.1;
    const face = poly([p.at(a, va), p.at(b, vb), p.at(b, vb - hb * 0.65), p.at(a, va - ha * 0.65)]);
    const top = poly([p.at(a, va - ha * 0.65), p.at(b, vb - hb * 0.65), p.at(b, vb - hb), p.at(a, va - ha)]);
    const [sx, sy] = p.at(a, vb - hb);
    const bounds = { x: sx, y: sy, w: p.len(b - a) + 2, h: (va - vb + ha) * p.box.h };
    p.shade(face, bounds, level, 75);
    p.shade(top, bounds, level * 0.45, 15);
    if (k < 4) {
      // Courses of stone: joints across the face, heavier near.
      const joints: string[] = [];
      for (let j = 0; j < 4; j++) {
        const t = p.random();
        const [jx0, jy0] = p.at(a + (b - a) * t, va + (vb - va) * t);
        const [, jy1] = p.at(a + (b - a) * t, va - ha * 0.65 + (vb - hb * 0.65 - (va - ha * 0.65)) * t);
        joints.push(`M${f(jx0)},${f(jy0)}L${f(jx0 + p.jitter(1))},${f(jy1)}`);
      }
      const [cx0, cy0] = p.at(a, va - ha * 0.33);
      const [cx1, cy1] = p.at(b, vb - hb * 0.33);
      joints.push(`M${f(cx0)},${f(cy0)}L${f(cx1)},${f(cy1)}`);
      p.mark(joints.join(''), 0.9 - k * 0.2, 0.9 - k * 0.2);
      p.mark(smooth([p.at(a, va - ha), p.at(b, vb - hb)]), 1 - k * 0.2, 1 - k * 0.2);
    }
    // Foam where the swell meets the wall.
    p.wipe((a + b) / 2, va, (b - a) * 0.7, 0.02, 0.7);
  }
  // A light at its end, barely there.
  const [lx, ly] = p.at(end, horizon - 0.012);
  const lh = p.box.h * 0.09;
  const tower = poly([
    [lx - lh * 0.12, ly],
    [lx - lh * 0.08, ly - lh],
    [lx + lh * 0.08, ly - lh],
    [lx + lh * 0.12, ly],
  ]);
  p.shade(tower, { x: lx - lh, y: ly - lh, w: 2 * lh, h: lh }, 0.3, 90);
  p.mark(tower, 0.35, 0.5);
  p.wipe(end, horizon - 0.06, 0.12, 0.06, 0.6);
  // Swell breaking along the near wall: wiped foam and a few strokes.
  const [bx, by] = p.at(0, horizon + 0.05);
  p.strokes(
    { x: bx, y: by, w: p.box.w, h: p.box.h * (0.95 - horizon) },
    Math.round(p.box.w / (p.lw * 6)),
    p.len(0.06),
    (v) => v * v,
    0.15,
  );
  p.wipe(0.45, 0.85, 0.35, 0.08, 0.5);
};

const waves: Draw = (p) => {
  const horizon = p.range(0.26, 0.34);
  sky(p, horizon, 0.18);
  if (p.spec.tone !== 'none') {
    const sea = poly([p.at(0, horizon), p.at(1, horizon), p.at(1, 1), p.at(0, 1)]);
    p.toneRamp(sea, 0.45, 0.25, p.at(0, horizon)[1], p.at(0, 1)[1]);
  }
  // Rows of swell coming in, further apart and heavier towards the viewer.
  let v = horizon + 0.01;
  let _row = 0;
  while (v < 1) {
    const gap = 0.008 + 0.06 * (v - horizon) ** 1.4;
    const crest = p.len(0.03 + 0.12 * (v - horizon));
    const parts: Pt[] = [];
    let u = -p.random() * 0.05;
    const pathParts: string[] = [];
    while (u < 1.02) {
      const [x, y] = p.at(u, v + p.range(-0.004, 0.004));
      const w = crest * p.range(0.6, 1.3);
      const h = w * p.range(0.12, 0.3);
      pathParts.push(
        `M${f(x)},${f(y)}q${f(w * 0.35)},${f(-h)} ${f(w * 0.6)},${f(-h * 0.2)}q${f(w * 0.2)},${f(h * 0.5)} ${f(w * 0.4)},${f(h * 0.4)}`,
      );
      u += (w / p.box.w) * p.range(0.9, 1.4);
      parts.push([x, y]);
    }
    p.mark(pathParts.join(''), 0.5 + 1.2 * (v - horizon));
    v += gap;
    _row += 1;
  }
  // A tide post with its gauge, marked in feet.
  const pu = p.range(0.62, 0.8);
  const [tx, ty0] = p.at(pu, horizon - 0.05);
  const [, ty1] = p.at(pu, 0.92);
  const pw = p.len(0.022);
  const post = poly([
    [tx - pw / 2, ty0],
    [tx + pw / 2, ty0],
    [tx + pw / 2, ty1],
    [tx - pw / 2, ty1],
  ]);
  p.knock(post);
  p.hatchIn(post, { x: tx - pw, y: ty0, w: pw * 2, h: ty1 - ty0 }, 0.75, 90);
  p.mark(post, 1.2);
  const ticks: string[] = [];
  for (let y = ty0 + pw; y < ty1; y += pw * 1.1)
    ticks.push(`M${f(tx + pw / 2)},${f(y)}h${f(pw * (ticks.length % 5 === 0 ? 0.9 : 0.45))}`);
  p.mark(ticks.join(''), 0.8);
  p.wipe(pu, 0.75, 0.2, 0.05, 0.55);
};

const night: Draw = (p) => {
  const horizon = p.range(0.52, 0.6);
  const [x0, y0] = p.at(0, 0);
  const [x1, y1] = p.at(1, 1);
  const whole = poly([
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ]);
  // The mezzotint ground rocked to velvet black; lights are scraped and burnished out of it.
  if (p.spec.tone !== 'none') p.toneRamp(whole, 0.92, 0.86, y0, y1);
  else p.hatchIn(whole, { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }, 0.85, 30);
  const [_hx, hy] = p.at(0, horizon);
  if (p.spec.tone !== 'none')
    p.toneRamp(
      poly([p.at(0, horizon - 0.18), p.at(1, horizon - 0.18), p.at(1, horizon), p.at(0, horizon)]),
      0.9,
      0.62,
      hy - p.box.h * 0.18,
      hy,
    );
  const mu = p.range(0.15, 0.35);
  const [mx, my] = p.at(mu, p.range(0.12, 0.22));
  const mr = p.len(0.04);
  p.toneFill(ellipsePath(mx, my, mr * 2.2, mr * 2.2), 0.72);
  p.toneFill(ellipsePath(mx, my, mr * 1.5, mr * 1.5), 0.55);
  p.toneFill(ellipsePath(mx, my, mr, mr), 0.04);
  p.knock(ellipsePath(mx, my, mr, mr), false);
  p.wipe(mu, 0.18, 0.12, 0.12, 0.9);
  // Moon path on the swell: burnished dashes.
  for (let i = 0; i < 70; i++) {
    const v = horizon + 0.02 + p.random() ** 1.5 * (0.95 - horizon);
    const spread = 0.02 + (v - horizon) * 0.35;
    const [dx, dy] = p.at(mu + p.range(-spread, spread), v);
    const l = p.len(p.range(0.01, 0.05));
    p.toneFill(ellipsePath(dx, dy, l, p.lw * p.range(0.6, 1.5)), p.range(0.15, 0.45));
  }
  // The ferry on the horizon: a black hull, a lit deck, its lights trailing down the water.
  const fu = p.range(0.45, 0.6);
  const fl = p.range(0.28, 0.36);
  const [fx0, fy] = p.at(fu, horizon);
  const fw = p.len(fl);
  const fh = fw * 0.12;
  const hull = poly([
    [fx0, fy - fh * 0.55],
    [fx0 + fw, fy - fh * 0.6],
    [fx0 + fw * 0.94, fy + fh * 0.05],
    [fx0 + fw * 0.05, fy + fh * 0.05],
  ]);
  const house = poly([
    [fx0 + fw * 0.22, fy - fh * 0.55],
    [fx0 + fw * 0.25, fy - fh * 1.3],
    [fx0 + fw * 0.7, fy - fh * 1.3],
    [fx0 + fw * 0.78, fy - fh * 0.55],
  ]);
  const funnel = poly([
    [fx0 + fw * 0.45, fy - fh * 1.3],
    [fx0 + fw * 0.47, fy - fh * 1.85],
    [fx0 + fw * 0.55, fy - fh * 1.85],
    [fx0 + fw * 0.55, fy - fh * 1.3],
  ]);
  for (const shape of [hull, house, funnel]) {
    p.toneFill(shape, 0.97);
    p.fill(shape, 0.6);
  }
  for (let k = 0; k < 14; k++) {
    const lx = fx0 + fw * (0.26 + (0.43 * k) / 13);
    const ly = fy - fh * 0.95;
    p.knock(
      poly([
        [lx, ly],
        [lx + fh * 0.22, ly],
        [lx + fh * 0.22, ly + fh * 0.22],
        [lx, ly + fh * 0.22],
      ]),
    );
    if (k % 3 === 0) {
      for (let j = 0; j < 5; j++) {
        const ry = fy + fh * (0.5 + j * 0.7 + p.random() * 0.3);
        p.toneFill(ellipsePath(lx + p.jitter(2), ry, fh * p.range(0.15, 0.35), p.lw * 0.8), 0.35 + j * 0.1);
      }
    }
  }
  p.wipe(fu + fl / 2, horizon, fl * 0.7, 0.05, 0.5);
};

const marsh: Draw = (p) => {
  const horizon = p.range(0.3, 0.4);
  sky(p, horizon, 0.15);
  clouds(p, horizon, 3);
  const [hx0, hy] = p.at(0, horizon);
  const [hx1] = p.at(1, horizon);
  p.mark(`M${f(hx0)},${f(hy)}L${f(hx1)},${f(hy + p.jitter(1))}`, 0.9);
  // The marsh: a flat of grass tussocks in stipple and ticks, cut by winding creeks.
  const [gx, gy] = p.at(0, horizon);
  const grass = { x: gx, y: gy, w: p.box.w, h: p.box.h * (1 - horizon) };
  const ground = poly([p.at(0, horizon), p.at(1, horizon), p.at(1, 1), p.at(0, 1)]);
  p.shade(ground, grass, 0.28, 100);
  const ticks: string[] = [];
  const count = Math.round((grass.w * grass.h) / (p.lw * p.lw * 60));
  for (let i = 0; i < count; i++) {
    const v = p.random() ** 0.7;
    const x = grass.x + p.random() * grass.w;
    const y = grass.y + v * grass.h;
    const l = p.lw * (1.5 + v * 7) * p.range(0.5, 1.2);
    ticks.push(`M${f(x)},${f(y)}l${f(p.jitter(1.5) + l * 0.2)},${f(-l)}`);
  }
  p.mark(ticks.join(''), 0.6);
  for (let c = 0; c < 2; c++) {
    const left: Pt[] = [];
    const right: Pt[] = [];
    let u = p.range(0.2, 0.8);
    for (let v = horizon + 0.01; v <= 1.02; v += 0.04) {
      u += p.range(-0.12, 0.12) * (v - horizon + 0.1);
      const w = 0.004 + 0.09 * (v - horizon) ** 1.3 * (c === 0 ? 1 : 0.6);
      left.push(p.at(u - w, v));
      right.push(p.at(u + w, v));
    }
    const creek = `${smooth(left)}L${right
      .slice()
      .reverse()
      .map(([x, y]) => `${f(x)},${f(y)}`)
      .join('L')}Z`;
    p.knock(creek);
    p.mark(smooth(left), 1);
    p.mark(smooth(right), 0.8);
    // The sky in the creek water.
    const reflections: string[] = [];
    for (let i = 0; i < left.length; i += 2) {
      const a = left[i];
      const b = right[i];
      if (a && b)
        reflections.push(`M${f(a[0] + (b[0] - a[0]) * 0.25)},${f(a[1])}L${f(b[0] - (b[0] - a[0]) * 0.3)},${f(b[1])}`);
    }
    p.mark(reflections.join(''), 0.4, 0.7);
    const mid = left[Math.floor(left.length * 0.6)];
    if (mid) p.wipe((mid[0] - p.box.x) / p.box.w, (mid[1] - p.box.y) / p.box.h, 0.1, 0.1, 0.6);
  }
};

// ---- plants ----

function stem(p: Plate, from: Pt, to: Pt, bend: number, weight: number): Pt[] {
  const mid: Pt = [(from[0] + to[0]) / 2 + bend, (from[1] + to[1]) / 2];
  const pts: Pt[] = [from, [from[0] * 0.25 + mid[0] * 0.75, from[1] * 0.25 + mid[1] * 0.75], mid, to];
  p.mark(smooth(pts), weight);
  p.mark(smooth(pts.map(([x, y]) => [x + weight * p.lw * 1.4, y] as Pt)), weight * 0.5, 0.8);
  return pts;
}

function leaf(p: Plate, base: Pt, angle: number, length: number, width: number, serrate = false): void {
  const ca = Math.cos(angle);
  const sa = Math.sin(angle);
  const at = (t: number, s: number): Pt => [base[0] + ca * t - sa * s, base[1] + sa * t + ca * s];
  const side = (sign: number) => {
    const pts: Pt[] = [];
    for (let i = 0; i <= 8; i++) {
      const t = i / 8;
      const wobble = serrate && i % 2 === 1 ? 0.6 : 1;
      pts.push(at(t * length, sign * Math.sin(Math.PI * t ** 0.8) * width * wobble));
    }
    return pts;
  };
  const a = side(1);
  const b = side(-1).reverse();
  const outline = `${smooth(a)}L${b.map(([x, y]) => `${f(x)},${f(y)}`).join('L')}Z`;
  p.knock(outline, false);
  const [sx, sy] = at(0, 0);
  p.hatchIn(
    outline,
    { x: sx - length, y: sy - length, w: 2 * length, h: 2 * length },
    0.35,
    (angle * 180) / Math.PI + 60,
  );
  p.mark(outline, 0.8);
  p.mark(smooth([at(0, 0), at(length * 0.5, width * 0.05), at(length * 0.95, 0)]), 0.6);
}

function ground(p: Plate, level: number): void {
  const [x0, y0] = p.at(0, 0);
  const [x1, y1] = p.at(1, 1);
  const whole = poly([
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ]);
  if (p.spec.tone === 'mezzotint') p.toneRamp(whole, 0.9, 0.8, y0, y1);
  else if (p.spec.tone === 'aquatint') p.toneRamp(whole, level * 0.6, level, y0, y1);
}

const teasel: Draw = (p) => {
  ground(p, 0.25);
  const heads = 2 + Math.floor(p.random() * 2);
  for (let i = 0; i < heads; i++) {
    const u = 0.25 + (0.5 * (i + 0.5)) / heads + p.range(-0.06, 0.06);
    const top = p.range(0.12, 0.32) + i * 0.06;
    const headH = p.range(0.13, 0.18) * (i === 0 ? 1.15 : 0.9);
    const headW = headH * p.range(0.32, 0.42) * (p.box.h / p.box.w);
    const [cx, cy] = p.at(u, top + headH / 2);
    stem(p, p.at(u + p.range(-0.05, 0.05), 1.02), p.at(u, top + headH * 0.95), p.len(p.range(-0.04, 0.04)), 1.4);
    // Paired leaves clasping the stem.
    const lv = p.range(0.62, 0.8);
    const base = p.at(u + (u - 0.5) * 0.04, lv);
    leaf(p, base, -Math.PI * p.range(0.15, 0.25), p.len(0.2), p.len(0.025), true);
    leaf(p, base, -Math.PI * p.range(0.75, 0.85), p.len(0.18), p.len(0.022), true);
    // The head: an egg of spiny bracts in crossing spirals.
    const rx = p.len(headW / 2);
    const ry = (headH / 2) * p.box.h;
    const egg = smooth(
      Array.from({ length: 12 }, (_, k) => {
        const a = (k / 12) * Math.PI * 2;
        const taper = Math.sin(a) > 0 ? 1 : 0.8;
        return [cx + Math.cos(a) * rx * taper, cy + Math.sin(a) * ry] as Pt;
      }),
      true,
    );
    p.knock(egg, false);
    p.hatchIn(egg, { x: cx - rx, y: cy - ry, w: 2 * rx, h: 2 * ry }, 0.72, 35);
    if (p.spec.tone !== 'none') p.toneFill(egg, 0.45);
    p.mark(egg, 1.1);
    const spines: string[] = [];
    for (let k = 0; k < 60; k++) {
      const a = p.random() * Math.PI * 2;
      const x = cx + Math.cos(a) * rx;
      const y = cy + Math.sin(a) * ry;
      const l = p.lw * p.range(3, 7);
      spines.push(`M${f(x)},${f(y)}l${f(Math.cos(a) * l)},${f(Math.sin(a) * l - l * 0.4)}`);
    }
    p.mark(spines.join(''), 0.5);
    // Long bracts sweeping up from under the head.
    for (let k = 0; k < 6; k++) {
      const side = k % 2 === 0 ? 1 : -1;
      const spread = p.range(0.5, 1.6);
      const [bx, by] = [cx + side * rx * 0.3, cy + ry * 0.9];
      p.mark(
        smooth([
          [bx, by],
          [bx + side * rx * spread, by + ry * 0.1],
          [bx + side * rx * spread * 1.8, by - ry * p.range(0.2, 1.2)],
        ]),
        0.8,
      );
    }
  }
};

const umbel: Draw = (p) => {
  ground(p, 0.22);
  const [sx, sy] = p.at(p.range(0.45, 0.55), 1.02);
  const top = p.at(p.range(0.46, 0.54), p.range(0.45, 0.55));
  // Sugar-lift brushwork: the stem laid in as a broad, uneven stroke of tone.
  if (p.spec.tone !== 'none')
    p.tone.push(
      `<path d="${smooth([[sx, sy], [top[0] + p.len(0.02), (sy + top[1]) / 2], top])}" stroke="#333" fill="none" stroke-width="${f(p.lw * 6)}"/>`,
    );
  stem(p, [sx, sy], top, p.len(0.03), 1.6);
  leaf(p, p.at(0.5, 0.8), -Math.PI * 0.1, p.len(0.3), p.len(0.06), true);
  const rays = 14 + Math.floor(p.random() * 6);
  const radius = p.len(p.range(0.34, 0.42));
  const rise = p.box.h * p.range(0.22, 0.3);
  for (let r = 0; r < rays; r++) {
    const t = r / (rays - 1) - 0.5;
    const ex = top[0] + t * 2 * radius * p.range(0.9, 1.05);
    const ey = top[1] - rise * (1 - t * t * 1.6) + p.jitter(4);
    p.mark(smooth([top, [(top[0] + ex) / 2, (top[1] + ey) / 2 - rise * 0.08], [ex, ey]]), 0.7);
    // Each ray carries an umbellet of small flowers.
    const small = 6 + Math.floor(p.random() * 5);
    const sr = radius * 0.12;
    const dots: string[] = [];
    for (let k = 0; k < small; k++) {
      const a = Math.PI * (1.1 + (0.8 * k) / (small - 1));
      const dx = ex + Math.cos(a) * sr;
      const dy = ey + Math.sin(a) * sr * 0.8;
      p.mark(`M${f(ex)},${f(ey)}L${f(dx)},${f(dy)}`, 0.4);
      dots.push(`M${f(dx)},${f(dy)}h0.1`);
      for (let j = 0; j < 3; j++) dots.push(`M${f(dx + p.jitter(3))},${f(dy + p.jitter(3) - p.lw)}h0.1`);
    }
    p.lines.push(`<path d="${dots.join('')}" stroke-width="${f(p.lw * 1.6)}" stroke-linecap="round"/>`);
    if (p.spec.tone !== 'none') p.toneFill(ellipsePath(ex, ey - sr * 0.4, sr * 1.1, sr * 0.6), 0.5);
  }
  p.wipe(0.5, 0.35, 0.3, 0.15, 0.45);
};

const honesty: Draw = (p) => {
  ground(p, 0.3);
  const stems = 2 + Math.floor(p.random() * 2);
  for (let s = 0; s < stems; s++) {
    const u0 = p.range(0.35, 0.65);
    const from = p.at(u0, 1.02);
    const to = p.at(u0 + p.range(-0.25, 0.25), p.range(0.08, 0.25));
    const pts = stem(p, from, to, p.len(p.range(-0.08, 0.08)), 1);
    // Silvery seed discs on short stalks either side of the stem.
    for (let k = 0; k < 7; k++) {
      const t = 0.25 + 0.7 * (k / 6);
      const a = pts[1] ?? from;
      const b = pts[3] ?? to;
      const base: Pt = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
      const side = k % 2 === 0 ? 1 : -1;
      const r = p.len(p.range(0.045, 0.075));
      const cx = base[0] + side * r * 1.3;
      const cy = base[1] - r * 0.4;
      p.mark(`M${f(base[0])},${f(base[1])}L${f(cx - side * r * 0.8)},${f(cy + r * 0.5)}`, 0.6);
      const disc = ellipsePath(cx, cy, r, r * p.range(0.82, 0.98));
      p.knock(disc);
      if (p.spec.tone !== 'none') p.toneFill(disc, 0.08);
      p.mark(disc, 0.8);
      p.mark(
        `M${f(cx - r * 0.9)},${f(cy + r * 0.1)}Q${f(cx)},${f(cy - r * 0.1)} ${f(cx + r * 0.9)},${f(cy)}`,
        0.4,
        0.7,
      );
      // The seeds show through the papery disc, scattered about its middle.
      const seeds = 3 + Math.floor(p.random() * 3);
      for (let j = 0; j < seeds; j++) {
        const a = p.random() * Math.PI * 2;
        const q = r * p.range(0.1, 0.5);
        const sr = r * p.range(0.1, 0.15);
        p.fill(ellipsePath(cx + Math.cos(a) * q, cy + Math.sin(a) * q, sr, sr * 0.85), 0.55);
      }
      p.wipe((cx - p.box.x) / p.box.w, (cy - p.box.y) / p.box.h, r / p.box.w, r / p.box.h, 0.7);
    }
  }
};

function twig(
  p: Plate,
  from: Pt,
  angle: number,
  length: number,
  depth: number,
  out: { tips: Pt[]; joints: Pt[] },
  thorny: boolean,
): void {
  const bend = p.range(-0.35, 0.35);
  const to: Pt = [from[0] + Math.cos(angle) * length, from[1] + Math.sin(angle) * length];
  const mid: Pt = [
    (from[0] + to[0]) / 2 + Math.cos(angle + Math.PI / 2) * length * bend * 0.3,
    (from[1] + to[1]) / 2 + Math.sin(angle + Math.PI / 2) * length * bend * 0.3,
  ];
  const d = smooth([from, mid, to]);
  if (p.spec.tone === 'mezzotint') p.burnish(d, 2.5 + depth * 1.4, 0.3);
  p.mark(d, 0.8 + depth * 0.7);
  if (thorny) {
    const spikes: string[] = [];
    for (let t = 0.15; t < 0.95; t += 0.12) {
      const x = from[0] + (to[0] - from[0]) * t;
      const y = from[1] + (to[1] - from[1]) * t;
      const side = p.random() > 0.5 ? 1 : -1;
      const a = angle + side * 1.1 - 0.5;
      spikes.push(`M${f(x)},${f(y)}l${f(Math.cos(a) * p.lw * 5)},${f(Math.sin(a) * p.lw * 5)}`);
    }
    p.mark(spikes.join(''), 0.8);
  }
  out.joints.push(mid);
  if (depth <= 0) {
    out.tips.push(to);
    return;
  }
  out.joints.push(to);
  const branches = 2 + (p.random() > 0.6 ? 1 : 0);
  for (let b = 0; b < branches; b++) {
    const t = p.range(0.45, 1);
    const start: Pt = [from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t];
    twig(p, start, angle + p.range(-0.9, 0.9), length * p.range(0.5, 0.75), depth - 1, out, thorny);
  }
}

function flower(p: Plate, [x, y]: Pt, r: number): void {
  const turn = p.random() * Math.PI;
  for (let k = 0; k < 5; k++) {
    const a = turn + (k * Math.PI * 2) / 5;
    const petal = ellipsePath(x + Math.cos(a) * r * 0.55, y + Math.sin(a) * r * 0.55, r * 0.5, r * 0.5);
    p.knock(petal);
    p.mark(petal, 0.45);
  }
  const dots: string[] = [];
  for (let k = 0; k < 8; k++) dots.push(`M${f(x + p.jitter(r / p.lw / 3))},${f(y + p.jitter(r / p.lw / 3))}h0.1`);
  p.lines.push(`<path d="${dots.join('')}" stroke-width="${f(p.lw * 1.3)}" stroke-linecap="round"/>`);
}

function hedgerow(p: Plate, kind: 'blossom' | 'hips' | 'canes'): void {
  ground(p, 0.2);
  if (kind === 'canes') {
    // Arching bramble canes rooting at the tips, in the bare light of winter.
    for (let c = 0; c < 4; c++) {
      const from = p.at(p.range(0.05, 0.5), 1.02);
      const peak = p.at(p.range(0.3, 0.7), p.range(0.15, 0.45));
      const end = p.at(p.range(0.6, 1.0), p.range(0.7, 1.0));
      const arch = [from, peak, end] as const;
      p.mark(smooth(arch), 1.6);
      const spikes: string[] = [];
      for (let t = 0; t < 1; t += 0.035) {
        const u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
        const a = t < 0.5 ? from : peak;
        const b = t < 0.5 ? peak : end;
        const x = a[0] + (b[0] - a[0]) * u;
        const y = a[1] + (b[1] - a[1]) * u - Math.sin(Math.PI * u) * p.len(0.04);
        spikes.push(`M${f(x)},${f(y)}l${f(p.lw * p.range(2, 5))},${f(-p.lw * p.range(2, 5))}`);
      }
      p.mark(spikes.join(''), 0.7);
      for (let l = 0; l < 3; l++) {
        const base = p.at(p.range(0.2, 0.8), p.range(0.3, 0.7));
        leaf(p, base, p.range(0, Math.PI * 2), p.len(0.08), p.len(0.03), true);
      }
    }
    return;
  }
  const points = { tips: [] as Pt[], joints: [] as Pt[] };
  twig(p, p.at(p.range(0.05, 0.2), 1.02), -Math.PI * p.range(0.3, 0.4), p.len(0.6), 3, points, kind === 'blossom');
  twig(p, p.at(p.range(0.7, 0.95), 1.02), -Math.PI * p.range(0.6, 0.7), p.len(0.48), 2, points, kind === 'blossom');
  if (kind === 'blossom') {
    // Blackthorn flowers before its leaves, crowded along the dark twigs.
    for (const at of [...points.tips, ...points.joints])
      if (p.random() > 0.2) flower(p, [at[0] + p.jitter(4), at[1] + p.jitter(4)], p.len(p.range(0.022, 0.036)));
    return;
  }
  // Rose hips: glossy ovals hanging from the twig ends, each with its crown of dried sepals.
  for (const tip of points.tips) {
    if (p.random() < 0.2) continue;
    const rx = p.len(p.range(0.035, 0.055));
    const ry = rx * p.range(1.3, 1.6);
    const [x, y] = [tip[0], tip[1] + ry];
    const hip = ellipsePath(x, y, rx, ry);
    p.knock(hip);
    if (p.spec.tone !== 'none') p.toneFill(hip, 0.5);
    if (p.spec.tone === 'mezzotint') p.burnish(ellipsePath(x, y, rx * 0.92, ry * 0.92), 2, 0.2);
    p.hatchIn(hip, { x: x - rx, y: y - ry, w: 2 * rx, h: 2 * ry }, 0.45, 120);
    p.mark(hip, 1);
    p.toneFill(ellipsePath(x - rx * 0.35, y - ry * 0.3, rx * 0.25, ry * 0.3), 0.05);
    p.knock(ellipsePath(x - rx * 0.35, y - ry * 0.3, rx * 0.2, ry * 0.25), false);
    const sepals: string[] = [];
    for (let k = 0; k < 5; k++) {
      const a = Math.PI * (1.15 + 0.7 * (k / 4));
      sepals.push(`M${f(x)},${f(y + ry)}l${f(Math.cos(a) * -rx * 0.9)},${f(-Math.sin(a) * ry * 0.6 + ry * 0.2)}`);
    }
    p.mark(sepals.join(''), 0.6);
    p.wipe((x - p.box.x) / p.box.w, (y - p.box.y) / p.box.h, (rx * 1.5) / p.box.w, (ry * 1.5) / p.box.h, 0.5);
  }
}

// ---- birds ----

function gull(p: Plate, [x, y]: Pt, span: number, flap: number, detail: boolean): void {
  const h = span * 0.25;
  // One wing as seen from below: shoulder, the raised wrist, the long primaries to the tip.
  const wing = (sign: number) => {
    const wrist: Pt = [x + sign * span * 0.2, y - h * (0.5 + flap)];
    const tip: Pt = [x + sign * span * 0.5, y - h * (0.1 + flap * 0.4) + h * 0.25];
    const trail1: Pt = [x + sign * span * 0.3, y - h * (0.1 + flap * 0.6) + h * 0.28];
    const trail0: Pt = [x + sign * span * 0.06, y + h * 0.18];
    return { wrist, tip, trail1, trail0 };
  };
  if (!detail) {
    const stroke = [-1, 1]
      .map((sign) => {
        const w = wing(sign);
        return smooth([[x, y], w.wrist, w.tip]);
      })
      .join('');
    p.mark(stroke, 1.1);
    return;
  }
  for (const sign of [-1, 1]) {
    const w = wing(sign);
    const shape = `${smooth([[x, y - h * 0.05], w.wrist, w.tip])}L${smooth([w.tip, w.trail1, w.trail0]).slice(1)}Z`;
    p.knock(shape);
    p.hatchIn(shape, { x: x - span / 2, y: y - h * 2, w: span, h: h * 3 }, 0.22, sign > 0 ? 20 : 160);
    p.mark(shape, 0.9);
    // Black wing tips.
    const tipShape = poly([
      w.tip,
      [w.tip[0] - sign * span * 0.13, w.tip[1] - h * 0.28],
      [w.tip[0] - sign * span * 0.11, w.tip[1] + h * 0.1],
    ]);
    p.fill(tipShape);
  }
  const body = ellipsePath(x, y + h * 0.1, span * 0.05, h * 0.42);
  p.knock(body);
  p.mark(body, 0.9);
  p.fill(ellipsePath(x, y - h * 0.3, span * 0.02, h * 0.09), 0.7);
  p.mark(
    `M${f(x - span * 0.03)},${f(y + h * 0.5)}l${f(span * 0.03)},${f(h * 0.25)}l${f(span * 0.03)},${f(-h * 0.25)}`,
    0.7,
  );
}

const gulls: Draw = (p) => {
  const horizon = p.range(0.5, 0.6);
  sky(p, horizon, 0.2);
  water(p, horizon, 1, 0.35);
  // The slipway running down into the water, its setts in perspective.
  const left = p.random() > 0.5;
  const side = (u: number) => (left ? u : 1 - u);
  const ramp = poly([
    p.at(side(0), 1),
    p.at(side(0.55), 1),
    p.at(side(0.3), horizon + 0.04),
    p.at(side(0.18), horizon + 0.04),
  ]);
  const [rx0, ry0] = p.at(0, horizon);
  p.knock(ramp);
  p.shade(ramp, { x: rx0, y: ry0, w: p.box.w, h: p.box.h * (1 - horizon) }, 0.35, left ? 110 : 70);
  p.mark(ramp, 1.3);
  const setts: string[] = [];
  for (let k = 1; k < 12; k++) {
    const t = (k / 12) ** 1.6;
    const v = horizon + 0.04 + (1 - horizon - 0.04) * t;
    const a = p.at(side(0.18 - 0.18 * t), v);
    const b = p.at(side(0.3 + 0.25 * t), v);
    setts.push(`M${f(a[0])},${f(a[1])}L${f(b[0])},${f(b[1])}`);
  }
  p.mark(setts.join(''), 0.6);
  // A wall along the slipway's side.
  const wall = poly([
    p.at(side(0.55), 1),
    p.at(side(0.3), horizon + 0.04),
    p.at(side(0.31), horizon - 0.01),
    p.at(side(0.62), 0.86),
  ]);
  p.knock(wall);
  p.hatchIn(wall, { x: rx0, y: ry0 - p.box.h * 0.05, w: p.box.w, h: p.box.h * (1.05 - horizon) }, 0.7, 0);
  p.mark(wall, 1);
  // Gulls wheeling over it: two drawn close, the rest as quick strokes.
  const count = 6 + Math.floor(p.random() * 5);
  for (let i = 0; i < count; i++) {
    const detail = i < 2;
    const span = p.len(detail ? p.range(0.32, 0.42) : p.range(0.04, 0.1));
    const at = detail
      ? p.at(
          i === 0 ? p.range(0.25, 0.35) : p.range(0.65, 0.75),
          i === 0 ? p.range(0.15, 0.22) : p.range(0.3, horizon - 0.1),
        )
      : p.at(p.range(0.05, 0.95), p.range(0.05, horizon + 0.1));
    gull(p, at, span, p.range(-0.3, 0.7), detail);
  }
  p.wipe(0.5, horizon * 0.5, 0.35, 0.2, 0.4);
};

// ---- buildings ----

const lamps: Draw = (p) => {
  const vu = p.range(0.65, 0.85);
  const vv = p.range(0.42, 0.5);
  sky(p, vv, 0.55);
  const vp = p.at(vu, vv);
  const near = p.at(-0.05, 1);
  // The quay: setts to the left, the dark harbour to the right of its edge.
  const quay = poly([p.at(0, vv), vp, near, p.at(0, 1)]);
  const [qx, qy] = p.at(0, vv);
  p.shade(quay, { x: qx, y: qy, w: p.box.w, h: p.box.h * (1 - vv) }, 0.3, 160);
  const setts: string[] = [];
  for (let k = 1; k < 16; k++) {
    const t = (k / 16) ** 1.8;
    const [ex, ey] = [vp[0] + (near[0] - vp[0]) * t, vp[1] + (near[1] - vp[1]) * t];
    setts.push(`M${f(p.box.x)},${f(ey)}L${f(ex)},${f(ey)}`);
  }
  p.mark(setts.join(''), 0.5);
  const sea = poly([vp, p.at(1, vv), p.at(1, 1), near]);
  p.shade(sea, { x: qx, y: qy, w: p.box.w, h: p.box.h * (1 - vv) }, 0.75, 0);
  p.mark(`M${f(vp[0])},${f(vp[1])}L${f(near[0])},${f(near[1])}`, 1.4);
  // The lamps along the edge, smaller with distance, each with its pool of light and reflection.
  const count = 5 + Math.floor(p.random() * 3);
  for (let k = 0; k < count; k++) {
    const t = 0.12 + 0.88 * (1 - k / count) ** 1.8;
    const bx = vp[0] + (near[0] - vp[0]) * t + p.len(0.06) * t;
    const by = vp[1] + (near[1] - vp[1]) * t;
    const h = p.box.h * 0.55 * t;
    const w = Math.max(p.lw, h * 0.025);
    const post = poly([
      [bx - w, by],
      [bx - w * 0.6, by - h],
      [bx + w * 0.6, by - h],
      [bx + w, by],
    ]);
    const lh = h * 0.12;
    const lantern = poly([
      [bx - lh * 0.35, by - h],
      [bx - lh * 0.45, by - h - lh],
      [bx + lh * 0.45, by - h - lh],
      [bx + lh * 0.35, by - h],
    ]);
    // The glow cleared around the lantern first, then the post and the lantern over it.
    p.knock(ellipsePath(bx, by - h - lh / 2, lh * 1.4, lh * 1.4));
    p.knock(post);
    p.fill(post, 0.9);
    p.mark(lantern, 0.4 + t);
    p.fill(
      poly([
        [bx - lh * 0.55, by - h - lh],
        [bx, by - h - lh * 1.5],
        [bx + lh * 0.55, by - h - lh],
      ]),
    );
    const rays: string[] = [];
    for (let r = 0; r < 16; r++) {
      const a = (r / 16) * Math.PI * 2;
      rays.push(
        `M${f(bx + Math.cos(a) * lh * 1.6)},${f(by - h - lh / 2 + Math.sin(a) * lh * 1.6)}l${f(Math.cos(a) * lh)},${f(Math.sin(a) * lh)}`,
      );
    }
    p.mark(rays.join(''), 0.3, 0.6);
    p.wipe(
      (bx - p.box.x) / p.box.w,
      (by - h - lh / 2 - p.box.y) / p.box.h,
      (lh * 3) / p.box.w,
      (lh * 3) / p.box.h,
      0.95,
    );
    for (let j = 0; j < 6; j++) {
      const ry = by + p.box.h * 0.02 * t + j * lh * 0.7;
      if (ry > p.box.y + p.box.h) break;
      p.knock(ellipsePath(bx + lh * 0.8 + p.jitter(2), ry, lh * p.range(0.2, 0.6), p.lw * 0.8));
    }
  }
};

function building(p: Plate, u: number, w: number, base: number, h: number, roof: number): void {
  const body = poly([
    p.at(u, base),
    p.at(u, base - h),
    p.at(u + w / 2, base - h - roof),
    p.at(u + w, base - h),
    p.at(u + w, base),
  ]);
  const [bx, by] = p.at(u, base - h - roof);
  const bounds = { x: bx, y: by, w: p.len(w), h: (h + roof) * p.box.h };
  p.knock(body);
  p.shade(body, bounds, p.range(0.15, 0.4), 90);
  // Weatherboarding: the tarred boards of a net loft, one line per board.
  const id = `b${p.defs.length}`;
  p.defs.push(`<clipPath id="${id}"><path d="${body}"/></clipPath>`);
  const boards: string[] = [];
  for (let x = bounds.x; x < bounds.x + bounds.w; x += p.lw * 4)
    boards.push(`M${f(x + p.jitter(0.3))},${f(bounds.y)}V${f(bounds.y + bounds.h)}`);
  p.lines.push(`<g clip-path="url(#${id})"><path d="${boards.join('')}" stroke-width="${f(p.lw * 0.6)}"/></g>`);
  p.mark(body, 1.2);
  // Roof with overhanging slates.
  const [rl, rt] = p.at(u - 0.01, base - h + 0.005);
  const [rm, rtop] = p.at(u + w / 2, base - h - roof - 0.01);
  const [rr] = p.at(u + w + 0.01, base - h + 0.005);
  const roofShape = poly([
    [rl, rt],
    [rm, rtop],
    [rr, rt],
    [rr - p.lw * 4, rt + p.lw * 3],
    [rm, rtop + p.lw * 6],
    [rl + p.lw * 4, rt + p.lw * 3],
  ]);
  p.fill(roofShape, 0.85);
  // Windows and a door, dark in the boarding.
  const rows = Math.max(1, Math.floor(h / 0.16));
  for (let r = 0; r < rows; r++) {
    const [wx, wy] = p.at(u + w * p.range(0.25, 0.55), base - h + 0.05 + r * 0.16);
    const ww = p.len(w * 0.22);
    const wh = ww * 1.3;
    const win = poly([
      [wx, wy],
      [wx + ww, wy],
      [wx + ww, wy + wh],
      [wx, wy + wh],
    ]);
    p.knock(win);
    p.fill(win, 0.85);
    p.mark(`M${f(wx + ww / 2)},${f(wy)}V${f(wy + wh)}M${f(wx)},${f(wy + wh / 2)}H${f(wx + ww)}`, 0.5);
  }
  const [dx, dy] = p.at(u + w * 0.15, base - 0.12);
  const door = poly([
    [dx, dy],
    [dx + p.len(w * 0.3), dy],
    [dx + p.len(w * 0.3), dy + p.box.h * 0.12],
    [dx, dy + p.box.h * 0.12],
  ]);
  p.fill(door, 0.9);
}

const lofts: Draw = (p) => {
  sky(p, 0.6, 0.12);
  clouds(p, 0.4, 1);
  const base = p.range(0.82, 0.88);
  let u = p.range(0.02, 0.08);
  const widths: number[] = [];
  while (u < 0.92) {
    const w = p.range(0.18, 0.26);
    building(p, u, Math.min(w, 0.98 - u), base, p.range(0.4, 0.58), p.range(0.1, 0.16));
    widths.push(u);
    u += w + p.range(0, 0.02);
  }
  // Outside stone stairs to an upper door, and nets hung out to dry.
  const su = widths[1] ?? 0.4;
  const stairs = poly([
    p.at(su - 0.02, base),
    p.at(su + 0.14, base - 0.22),
    p.at(su + 0.17, base - 0.22),
    p.at(su + 0.17, base),
  ]);
  p.knock(stairs);
  p.hatchIn(stairs, { x: p.box.x, y: p.box.y, w: p.box.w, h: p.box.h }, 0.55, 0);
  p.mark(stairs, 1);
  const nu = widths[0] ?? 0.1;
  const [nx, ny] = p.at(nu + 0.02, base - 0.38);
  const nw = p.len(0.14);
  const nh = p.box.h * 0.3;
  const mesh: string[] = [];
  for (let k = 0; k <= 10; k++) {
    const x = nx + (nw * k) / 10;
    mesh.push(`M${f(x)},${f(ny)}Q${f(x + nw * 0.05)},${f(ny + nh * 0.5)} ${f(x - nw * 0.04)},${f(ny + nh)}`);
    const y = ny + (nh * k) / 10;
    mesh.push(`M${f(nx)},${f(y)}Q${f(nx + nw / 2)},${f(y + nh * 0.05)} ${f(nx + nw)},${f(y)}`);
  }
  p.knock(
    poly([
      [nx, ny],
      [nx + nw, ny],
      [nx + nw, ny + nh],
      [nx, ny + nh],
    ]),
    false,
  );
  p.mark(mesh.join(''), 0.45);
  // Cobbles in front.
  const [gx, gy] = p.at(0, base);
  const cobbles: string[] = [];
  for (let y = gy + p.lw * 3; y < p.box.y + p.box.h; y += p.lw * 5) {
    for (let x = gx; x < gx + p.box.w; x += p.lw * p.range(5, 9))
      cobbles.push(`M${f(x)},${f(y)}q${f(p.lw * 2.5)},${f(-p.lw * 2)} ${f(p.lw * 5)},0`);
  }
  p.mark(cobbles.join(''), 0.5);
};

const facade: Draw = (p) => {
  sky(p, 0.5, 0.2);
  const base = 0.9;
  building(p, 0.08, 0.84, base, 0.55, 0.12);
  p.wipe(0.5, 0.6, 0.3, 0.2, 0.3);
};

const DRAW: Record<Motif, Draw> = {
  harbour,
  fog,
  waves,
  night,
  marsh,
  teasel,
  umbel,
  honesty,
  blossom: (p) => hedgerow(p, 'blossom'),
  hips: (p) => hedgerow(p, 'hips'),
  canes: (p) => hedgerow(p, 'canes'),
  gulls,
  lamps,
  lofts,
  facade,
};

// ---- the sheet ----

/** Pencil under the plate: the impression number at the left, the signature at the right. */
function inscription(p: Plate, spec: PlateSpec): void {
  const y = spec.plate.y + spec.plate.h + Math.min(spec.height - spec.plate.y - spec.plate.h, spec.plate.y) * 0.45;
  const size = spec.plate.w * 0.018;
  const number: string[] = [];
  let x = spec.plate.x + size;
  for (let k = 0; k < 4; k++) {
    number.push(`M${f(x)},${f(y)}q${f(size * 0.3)},${f(-size * 1.2)} ${f(size * 0.6)},${f(p.jitter(1))}`);
    x += size * (k === 1 ? 1.2 : 0.8);
  }
  const signature: Pt[] = [];
  const sx = spec.plate.x + spec.plate.w - size * 14;
  for (let k = 0; k < 14; k++)
    signature.push([sx + k * size, y - (k % 2 === 0 ? size * p.range(0.2, 1.1) : -size * 0.1)]);
  p.lines.push(
    `<path d="${number.join('')}${smooth(signature)}" stroke-width="${f(p.lw * 0.9)}" stroke-opacity="0.7"/>`,
  );
}

const PAPERS: readonly Rgb[] = [
  [244, 237, 221],
  [242, 234, 216],
  [245, 239, 226],
  [240, 231, 212],
];
const CHINE: Rgb = [236, 226, 204];
const GRAPHITE: Rgb = [92, 92, 96];
const CHOP: Rgb = [0xc8, 0x28, 0x1e];

function svgDocument(
  width: number,
  height: number,
  viewW: number,
  viewH: number,
  defs: string[],
  body: string,
  ground: string,
): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${viewW} ${viewH}"><defs>${defs.join('')}</defs><rect width="${viewW}" height="${viewH}" fill="${ground}"/>${body}</svg>`;
}

export interface RenderedPlate {
  spec: PlateSpec;
  /** 8-bit sRGB pixels, three channels. */
  pixels: Buffer;
}

/** Draws and inks the plate: the raw pixels of the scan. */
export async function renderPlate(spec: PlateSpec): Promise<RenderedPlate> {
  const { width: W, height: H, plate } = spec;
  const random = seededRandom(spec.seed);
  const inset = Math.round(Math.min(plate.w, plate.h) * 0.045);
  const box = { x: plate.x + inset, y: plate.y + inset, w: plate.w - 2 * inset, h: plate.h - 2 * inset };
  const p = new Plate(spec, random, box);
  DRAW[spec.subject.motif](p);
  // Work stays inside the image area; a ruled border on some plates, as printmakers often cut one.
  const clip = `<clipPath id="image"><rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}"/></clipPath>`;
  const border =
    spec.seed % 2 === 0
      ? `<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" fill="none" stroke-width="${f(p.lw * 1.2)}"/>`
      : '';
  const plateWork = `<g clip-path="url(#image)" fill="none" stroke="#000" stroke-linecap="round" stroke-linejoin="round">${p.lines.join('')}</g>`;
  const pencil = new Plate(spec, seededRandom(spec.seed ^ 0x5f3759df), box);
  inscription(pencil, spec);
  const linesSvg = svgDocument(
    W,
    H,
    W,
    H,
    [...p.defs, clip],
    `${plateWork}<g fill="none" stroke="#000" stroke-linecap="round">${border}${pencil.lines.join('')}</g>`,
    '#fff',
  );
  const TW = Math.ceil(W / 2);
  const TH = Math.ceil(H / 2);
  const toneSvg =
    spec.tone === 'none' && p.tone.length === 0
      ? undefined
      : svgDocument(
          TW,
          TH,
          W,
          H,
          [...p.defs, clip],
          `<g clip-path="url(#image)">${spec.tone === 'mezzotint' ? `<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" fill="#1a1a1a"/>` : ''}${p.tone.join('')}</g>`,
          '#fff',
        );
  const raster = (svg: string) =>
    sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).extractChannel(0).raw().toBuffer();
  const [lines, tone] = await Promise.all([raster(linesSvg), toneSvg ? raster(toneSvg) : Promise.resolve(undefined)]);
  return { spec, pixels: ink(spec, p.wipes, lines, tone, TW) };
}

/**
 * Inks the plate and prints it: plate tone left by the wipe (heavier towards the bevel, dragged
 * into faint streaks, cleared from highlights), grain in the tone, the bevel's line and the plate
 * mark's emboss, pencil outside the plate and the red chop in the margin. The margins are paper
 * and touched only where something is on them; the per-pixel work is inside the plate.
 */
function ink(spec: PlateSpec, wipes: readonly Wipe[], lines: Buffer, tone: Buffer | undefined, TW: number): Buffer {
  const { width: W, height: H, plate } = spec;
  const out = Buffer.alloc(W * H * 3);
  // Clamped, so the arithmetic below needs no rounding or range checks.
  const px = new Uint8ClampedArray(out.buffer, out.byteOffset, out.length);
  const inkRgb = INKS[spec.ink];
  const paper = PAPERS[spec.seed % PAPERS.length] ?? [244, 237, 221];
  const random = seededRandom(spec.seed ^ 0x9e3779b9);
  let s = (spec.seed ^ 0xa5a5a5a5) >>> 0 || 1;
  const grainSeed = spec.seed ^ 0x5bd1e995;

  // The sheet: paper everywhere, pencil where the line layer has marks outside the plate.
  out[0] = paper[0];
  out[1] = paper[1];
  out[2] = paper[2];
  for (let filled = 3; filled < out.length; filled *= 2)
    out.copyWithin(filled, 0, Math.min(filled, out.length - filled));
  const x0 = plate.x;
  const y0 = plate.y;
  const x1 = plate.x + plate.w;
  const y1 = plate.y + plate.h;
  for (let y = 0; y < H; y++) {
    const inRows = y >= y0 && y < y1;
    for (let x = 0; x < W; x++) {
      if (inRows && x === x0) x = x1;
      const i = y * W + x;
      const l = lines[i] ?? 255;
      if (l === 255) continue;
      const a = ((255 - l) / 255) * 0.8;
      const o = i * 3;
      px[o] = paper[0] * (1 - a) + GRAPHITE[0] * a;
      px[o + 1] = paper[1] * (1 - a) + GRAPHITE[1] * a;
      px[o + 2] = paper[2] * (1 - a) + GRAPHITE[2] * a;
    }
  }

  // Plate tone: how much ink the wipe leaves on the bare plate, in faint horizontal drags. An
  // engraving is wiped clean; a drypoint is printed with a rich tone that its burr holds.
  const film =
    spec.tone === 'mezzotint'
      ? 0.03
      : spec.line === 'engraved'
        ? 0.02 + random() * 0.02
        : spec.line === 'drypoint'
          ? 0.13 + random() * 0.05
          : 0.05 + random() * 0.06;
  const phases = [random() * 6.28, random() * 6.28, random() * 6.28];
  const streak = new Float32Array(H);
  for (let y = 0; y < H; y++) {
    const t = y / H;
    streak[y] =
      film *
      (0.9 +
        0.07 * Math.sin(t * 23 + (phases[0] ?? 0)) +
        0.05 * Math.sin(t * 71 + (phases[1] ?? 0)) +
        0.04 * Math.sin(t * 157 + (phases[2] ?? 0)));
  }
  // Wiped highlights: a multiplier on the plate tone, over the plate only, on a grid of 4 × 4
  // pixel cells (a wipe's edge is soft over far more than that).
  const CELL = 4;
  const PW = Math.ceil(plate.w / CELL);
  const PH = Math.ceil(plate.h / CELL);
  const wipeMap = wipes.length > 0 ? new Float32Array(PW * PH).fill(1) : undefined;
  for (const w of wipeMap ? wipes : []) {
    const cx0 = Math.max(0, Math.floor((w.x - 2 * w.rx - x0) / CELL));
    const cx1 = Math.min(PW, Math.ceil((w.x + 2 * w.rx - x0) / CELL));
    const cy0 = Math.max(0, Math.floor((w.y - 2 * w.ry - y0) / CELL));
    const cy1 = Math.min(PH, Math.ceil((w.y + 2 * w.ry - y0) / CELL));
    for (let cy = cy0; cy < cy1; cy++) {
      const dy = (y0 + (cy + 0.5) * CELL - w.y) / w.ry;
      for (let cx = cx0; cx < cx1; cx++) {
        const dx = (x0 + (cx + 0.5) * CELL - w.x) / w.rx;
        const r2 = dx * dx + dy * dy;
        if (r2 >= 4 || !wipeMap) continue;
        // A soft-edged falloff (like a Gaussian, without an exp per cell).
        const fall = (1 - r2 / 4) ** 3;
        const i = cy * PW + cx;
        wipeMap[i] = (wipeMap[i] ?? 1) * (1 - w.strength * fall);
      }
    }
  }

  const bevel = Math.max(2, Math.round(Math.min(plate.w, plate.h) * 0.004));
  const corner = bevel * 4;
  const edgeReach = Math.min(plate.w, plate.h) * 0.06;
  const insetChine = Math.round(Math.min(plate.w, plate.h) * 0.02);
  const softground = spec.line === 'softground';
  const mezzotint = spec.tone === 'mezzotint';
  const chine = spec.chineColle;
  const ink0 = 1 - inkRgb[0] / 255;
  const ink1 = 1 - inkRgb[1] / 255;
  const ink2 = 1 - inkRgb[2] / 255;
  for (let y = y0; y < y1; y++) {
    const tRow = (y >> 1) * TW;
    const film = streak[y] ?? 0;
    const dRow = Math.min(y - y0, y1 - 1 - y);
    const cy = y < y0 + corner ? y0 + corner - y : y > y1 - 1 - corner ? y - (y1 - 1 - corner) : 0;
    const wRow = ((y - y0) >> 2) * PW;
    for (let x = x0; x < x1; x++) {
      const i = y * W + x;
      // Distance in from the plate's edge, with its corners rounded off.
      const dCol = Math.min(x - x0, x1 - 1 - x);
      let d = Math.min(dCol, dRow);
      if (cy > 0 && (x < x0 + corner || x > x1 - 1 - corner)) {
        const cx = x < x0 + corner ? x0 + corner - x : x - (x1 - 1 - corner);
        const round = corner - Math.sqrt(cx * cx + cy * cy);
        if (round < 0) continue;
        if (round < d) d = round;
      }
      let base0 = paper[0];
      let base1 = paper[1];
      let base2 = paper[2];
      if (chine && d >= insetChine) {
        base0 = CHINE[0];
        base1 = CHINE[1];
        base2 = CHINE[2];
      }
      let dl = (255 - (lines[i] ?? 255)) / 255;
      let dt = 0;
      const t = tone ? (255 - (tone[tRow + (x >> 1)] ?? 255)) / 255 : 0;
      if (softground && dl > 0) {
        s ^= s << 13;
        s ^= s >>> 17;
        s ^= s << 5;
        dl *= 0.55 + 0.9 * ((s >>> 0) / 4294967296);
      }
      if (t > 0) {
        // Grain in 2 × 2 pixel cells (a rosin grain is about that on a scan), hashed from the
        // cell so it is the same wherever it is computed. Per-pixel noise would look no better
        // and make every rendition much dearer to encode (AVIF above all).
        let h = Math.imul(x >> 1, 0x27d4eb2d) ^ Math.imul(y >> 1, 0x165667b1) ^ grainSeed;
        h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
        h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
        const g = ((h ^ (h >>> 16)) >>> 0) / 4294967296;
        if (mezzotint) dt = t * (0.9 + 0.2 * g);
        // Rosin grain: the acid bites between the grains, so tone is a speckle of inked pits.
        else dt = g < t ? 0.2 + 0.7 * t : t * 0.75;
      }
      const edge = d < edgeReach ? 1 + 1.6 * (1 - d / edgeReach) ** 2 : 1;
      let dp = film * edge * (wipeMap ? (wipeMap[wRow + ((x - x0) >> 2)] ?? 1) : 1);
      if (d < bevel) dp = Math.max(dp, 0.28);
      const keep = (dl < 1 ? 1 - dl : 0) * (dt < 1 ? 1 - dt : 0) * (dp < 1 ? 1 - dp : 0);
      const o = i * 3;
      px[o] = base0 * (1 - (1 - keep) * ink0);
      px[o + 1] = base1 * (1 - (1 - keep) * ink1);
      px[o + 2] = base2 * (1 - (1 - keep) * ink2);
    }
  }

  // The plate mark: pressed paper catching the light above and left, in shadow below and right.
  const band = Math.round(bevel * 2.5);
  for (let y = Math.max(0, y0 - band); y < Math.min(H, y1 + band); y++) {
    const inRows = y >= y0 && y < y1;
    for (let x = Math.max(0, x0 - band); x < Math.min(W, x1 + band); x++) {
      // Only the band around the plate, not the plate itself.
      if (inRows && x === x0) x = x1;
      const outside = Math.max(x0 - x, x - (x1 - 1), y0 - y, y - (y1 - 1));
      if (outside <= 0 || outside > band) continue;
      const k = 1 + (x >= x1 || y >= y1 ? -0.07 : 0.05) * (1 - outside / band);
      const o = (y * W + x) * 3;
      px[o] = (px[o] ?? 0) * k;
      px[o + 1] = (px[o + 1] ?? 0) * k;
      px[o + 2] = (px[o + 2] ?? 0) * k;
    }
  }

  // The chop: the printmaker's red seal in the margin, its carved cross showing paper.
  const chopSize = Math.round(Math.min(plate.w, plate.h) * 0.045);
  const chopX = x1 - chopSize * 3;
  const chopY = y1 + Math.round(chopSize * 0.8);
  for (let y = chopY; y < Math.min(H, chopY + chopSize); y++) {
    for (let x = chopX; x < chopX + chopSize; x++) {
      const u = (x - chopX) / chopSize;
      const v = (y - chopY) / chopSize;
      const carved =
        (Math.abs(u - 0.5) < 0.08 && v > 0.2 && v < 0.8) || (Math.abs(v - 0.45) < 0.08 && u > 0.2 && u < 0.8);
      if (carved) continue;
      const o = (y * W + x) * 3;
      px[o] = CHOP[0];
      px[o + 1] = CHOP[1];
      px[o + 2] = CHOP[2];
    }
  }
  return out;
}

/** The scan as the artist would upload it. */
export async function plateScan(
  print: PrintToDraw,
  options: { format?: 'jpeg' | 'png'; megapixels?: number } = {},
): Promise<Buffer> {
  const { spec, pixels } = await renderPlate(plateSpec(print, options));
  const format = options.format ?? 'jpeg';
  const image = sharp(pixels, { raw: { width: spec.width, height: spec.height, channels: 3 } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 90 }).toBuffer();
}
