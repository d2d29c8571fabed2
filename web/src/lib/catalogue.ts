// Words the gallery shows for the catalogue's values, and the conversions it prints beside them.
import type { Money, SizeMm, Technique } from './api/types.ts';

/** Every technique the API knows, with its label; a Record so a new technique fails type-checking here. */
export const TECHNIQUE_LABELS: Record<Technique, string> = {
  etching: 'Etching',
  aquatint: 'Aquatint',
  drypoint: 'Drypoint',
  engraving: 'Engraving',
  mezzotint: 'Mezzotint',
  soft_ground: 'Soft ground',
  sugar_lift: 'Sugar lift',
  chine_colle: 'Chine-collé',
};
export const TECHNIQUES = Object.keys(TECHNIQUE_LABELS) as Technique[];

export function isTechnique(value: string): value is Technique {
  return Object.hasOwn(TECHNIQUE_LABELS, value);
}

export function techniqueLabel(value: string): string {
  return isTechnique(value) ? TECHNIQUE_LABELS[value] : value;
}

export function techniquesText(values: readonly string[]): string {
  const labels = values.map(techniqueLabel);
  return labels.length ? labels.join(', ').replace(/^./, (first) => first.toUpperCase()) : '';
}

/** Millimetres to inches, to the nearest eighth as printmakers and framers quote them. */
export function inches(mm: number): string {
  const eighths = Math.round((mm / 25.4) * 8);
  const whole = Math.floor(eighths / 8);
  const rest = eighths % 8;
  if (rest === 0) return `${whole}`;
  const divisor = rest % 4 === 0 ? 4 : rest % 2 === 0 ? 2 : 1;
  const fraction = `${rest / divisor}/${8 / divisor}`;
  return whole === 0 ? fraction : `${whole} ${fraction}`;
}

/** "300 × 400 mm (11 7/8 × 15 3/4 in)": width first, as the catalogue stores it. */
export function sizeText(size: SizeMm): string {
  return `${size.width} × ${size.height} mm (${inches(size.width)} × ${inches(size.height)} in)`;
}

export function moneyText(money: Money, locale = 'en-GB'): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: money.currency,
    minimumFractionDigits: money.amountMinor % 100 === 0 ? 0 : 2,
  }).format(money.amountMinor / 100);
}

/** Availability as search counts it: an artwork is available when any impression is. */
export const AVAILABILITY_LABELS = {
  available: 'Available',
  reserved: 'Reserved',
  'sold-out': 'Sold out',
  none: 'Not offered',
} as const;
export type Availability = keyof typeof AVAILABILITY_LABELS;

export function availabilityLabel(value: string): string {
  return Object.hasOwn(AVAILABILITY_LABELS, value) ? AVAILABILITY_LABELS[value as Availability] : value;
}
