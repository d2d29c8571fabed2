import { describe, expect, it } from 'vitest';
import {
  canDeleteEdition,
  checkEdition,
  type EditionDetails,
  editionAvailability,
  planEditionResize,
} from '../../src/editions.ts';
import { ImpressionInUseError } from '../../src/errors.ts';
import { type Impression, type ImpressionStatus, impressionLabel, planImpressions } from '../../src/impressions.ts';
import { accepted, refusals, refusedFields } from './results.ts';

const details: EditionDetails = {
  size: 25,
  artistProofs: 3,
  paper: 'Hahnemühle Copperplate 300 g',
  ink: 'Charbonnel Noir 55985',
  sheetWidthMm: 500,
  sheetHeightMm: 650,
  plateWidthMm: 300,
  plateHeightMm: 400,
  priceMinor: 48_000,
  currency: 'EUR',
  status: 'open',
};

/** The impressions of an edition, all available except those named by label (`3/5`, `AP 1`). */
function impressionsOf(size: number, proofs: number, statuses: Record<string, ImpressionStatus> = {}): Impression[] {
  return planImpressions(size, proofs).map((slot) => {
    const label = impressionLabel(slot, size);
    return { ...slot, id: label, editionId: 'edition-1', status: statuses[label] ?? 'available' };
  });
}

const labels = (slots: { kind: Impression['kind']; number: number }[], size: number) =>
  slots.map((slot) => impressionLabel(slot, size));

describe('checkEdition', () => {
  it('accepts a complete edition, and one without sizes', () => {
    expect(accepted(checkEdition(details))).toEqual(details);
    const unmeasured = { ...details, sheetWidthMm: null, sheetHeightMm: null, plateWidthMm: null, plateHeightMm: null };
    expect(accepted(checkEdition(unmeasured))).toEqual(unmeasured);
  });

  it('accepts the bounds: one impression, no proofs, 1000 impressions, 100 proofs, a free print', () => {
    expect(accepted(checkEdition({ ...details, size: 1, artistProofs: 0, priceMinor: 0 })).size).toBe(1);
    expect(accepted(checkEdition({ ...details, size: 1000, artistProofs: 100 })).size).toBe(1000);
  });

  it.each([
    ['size', { size: 0 }],
    ['size', { size: 1001 }],
    ['size', { size: 2.5 }],
    ['artistProofs', { artistProofs: -1 }],
    ['artistProofs', { artistProofs: 101 }],
    ['priceMinor', { priceMinor: -1 }],
    ['priceMinor', { priceMinor: 480.5 }],
    ['priceMinor', { priceMinor: 2 ** 31 }],
    ['sheetWidthMm', { sheetWidthMm: 0 }],
    ['sheetHeightMm', { sheetHeightMm: 650.5 }],
    ['plateWidthMm', { plateWidthMm: -300 }],
    ['plateHeightMm', { plateHeightMm: 10_001, sheetHeightMm: null }],
    ['plateWidthMm', { plateWidthMm: 501 }],
    ['plateHeightMm', { plateHeightMm: 651 }],
    ['currency', { currency: 'eur' }],
    ['currency', { currency: 'EURO' }],
    ['currency', { currency: 'XYZ' }],
    ['currency', { currency: '' }],
  ] as const)('refuses %s in %j', (field, change) => {
    expect(refusedFields(checkEdition({ ...details, ...change }))).toEqual([['InvalidValueError', field]]);
  });

  it('names every wrong field at once', () => {
    const result = checkEdition({ ...details, size: 0, priceMinor: -5, currency: 'eur' });
    expect(refusedFields(result).map(([, field]) => field)).toEqual(['size', 'priceMinor', 'currency']);
  });

  it.each(['EUR', 'CHF', 'GBP', 'JPY', 'USD'])('accepts %s', (currency) => {
    expect(accepted(checkEdition({ ...details, currency })).currency).toBe(currency);
  });
});

describe('editionAvailability', () => {
  it('counts each status for numbered impressions and proofs', () => {
    const impressions = impressionsOf(5, 2, {
      '1/5': 'sold',
      '2/5': 'reserved',
      '3/5': 'not_for_sale',
      'AP 1': 'sold',
    });
    expect(editionAvailability(impressions)).toEqual({
      numbered: { available: 2, reserved: 1, sold: 1, not_for_sale: 1 },
      artistProofs: { available: 1, reserved: 0, sold: 1, not_for_sale: 0 },
      availableCount: 3,
      soldOut: false,
      hasSales: true,
    });
  });

  it('is sold out when every numbered impression is sold, whatever the proofs', () => {
    const impressions = impressionsOf(2, 1, { '1/2': 'sold', '2/2': 'sold' });
    expect(editionAvailability(impressions)).toMatchObject({ soldOut: true, availableCount: 1 });
  });

  it('is not sold out while one numbered impression is only reserved', () => {
    const impressions = impressionsOf(2, 0, { '1/2': 'sold', '2/2': 'reserved' });
    expect(editionAvailability(impressions)).toMatchObject({ soldOut: false, availableCount: 0, hasSales: true });
  });

  it('counts a sold proof as a sale', () => {
    expect(editionAvailability(impressionsOf(2, 1, { 'AP 1': 'sold' })).hasSales).toBe(true);
  });

  it('sees neither sales nor a sell-out in an edition without impressions', () => {
    expect(editionAvailability([])).toMatchObject({ soldOut: false, hasSales: false, availableCount: 0 });
  });
});

describe('canDeleteEdition', () => {
  it('deletes an edition with nothing sold, even with reservations', () => {
    expect(canDeleteEdition(impressionsOf(3, 1, { '1/3': 'reserved', 'AP 1': 'not_for_sale' })).ok).toBe(true);
  });

  it('refuses once an impression is sold', () => {
    expect(refusedFields(canDeleteEdition(impressionsOf(3, 1, { 'AP 1': 'sold' })))).toEqual([
      ['EditionHasSalesError', 'impressions'],
    ]);
  });
});

describe('planEditionResize', () => {
  const edition = { size: 5, artistProofs: 2 };

  it('adds the impressions a larger edition needs', () => {
    const plan = accepted(planEditionResize(edition, impressionsOf(5, 2), { size: 7, artistProofs: 3 }));
    expect(labels(plan.add, 7)).toEqual(['6/7', '7/7', 'AP 3']);
    expect(plan.remove).toEqual([]);
    expect(plan).toMatchObject({ size: 7, artistProofs: 3 });
  });

  it('removes available and not-for-sale impressions beyond a smaller edition', () => {
    const impressions = impressionsOf(5, 2, { '5/5': 'not_for_sale', '1/5': 'reserved' });
    const plan = accepted(planEditionResize(edition, impressions, { size: 3, artistProofs: 1 }));
    expect(plan.remove.map((i) => i.id)).toEqual(['4/5', '5/5', 'AP 2']);
    expect(plan.add).toEqual([]);
  });

  it('changes nothing when nothing changes', () => {
    expect(accepted(planEditionResize(edition, impressionsOf(5, 2), {}))).toEqual({
      size: 5,
      artistProofs: 2,
      add: [],
      remove: [],
    });
  });

  it('recreates a missing slot rather than renumbering', () => {
    const gap = impressionsOf(5, 2).filter((i) => i.id !== '2/5');
    expect(labels(accepted(planEditionResize(edition, gap, { size: 6 })).add, 6)).toEqual(['2/6', '6/6']);
  });

  it('freezes size and proofs once any impression is sold', () => {
    const impressions = impressionsOf(5, 2, { 'AP 1': 'sold' });
    expect(refusedFields(planEditionResize(edition, impressions, { size: 6, artistProofs: 1 }))).toEqual([
      ['EditionFrozenError', 'size'],
      ['EditionFrozenError', 'artistProofs'],
    ]);
    expect(refusedFields(planEditionResize(edition, impressions, { size: 6 }))).toEqual([
      ['EditionFrozenError', 'size'],
    ]);
  });

  it('lets a sold edition be saved with its size unchanged', () => {
    const impressions = impressionsOf(5, 2, { '1/5': 'sold' });
    expect(accepted(planEditionResize(edition, impressions, { size: 5, artistProofs: 2 })).add).toEqual([]);
  });

  it('refuses a shrink that would remove a reserved impression, naming it', () => {
    const impressions = impressionsOf(5, 2, { '4/5': 'reserved', 'AP 2': 'reserved' });
    const errors = refusals(planEditionResize(edition, impressions, { size: 3, artistProofs: 1 }));
    expect(errors.map((e) => [e.field, e instanceof ImpressionInUseError ? e.labels : []])).toEqual([
      ['size', ['4/5']],
      ['artistProofs', ['AP 2']],
    ]);
  });

  it('refuses sizes out of range before looking at sales', () => {
    const impressions = impressionsOf(5, 2, { '1/5': 'sold' });
    expect(refusedFields(planEditionResize(edition, impressions, { size: 0, artistProofs: 101 }))).toEqual([
      ['InvalidValueError', 'size'],
      ['InvalidValueError', 'artistProofs'],
    ]);
  });
});
