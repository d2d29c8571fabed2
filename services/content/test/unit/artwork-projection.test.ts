import type { ImpressionStatus } from '@copper/catalogue';
import { describe, expect, it } from 'vitest';
import { type ProjectionSource, projectAvailability, projectPrice } from '../../src/domain/artwork-projection.ts';

type Editions = ProjectionSource['editions'];

/** An edition of `numbered` impressions (and `proofs` artist's proofs) with these statuses. */
const edition = (
  numbered: ImpressionStatus[],
  options: { proofs?: ImpressionStatus[]; priceMinor?: number; currency?: string } = {},
): Editions[number] => ({
  edition: {
    priceMinor: options.priceMinor ?? 10_000,
    currency: options.currency ?? 'EUR',
  },
  impressions: [
    ...numbered.map((status) => ({ kind: 'numbered' as const, status })),
    ...(options.proofs ?? []).map((status) => ({ kind: 'artist_proof' as const, status })),
  ],
});

describe('projectAvailability', () => {
  it.each<[string, Editions, string]>([
    ['no edition', [], 'none'],
    ['an impression to buy', [edition(['sold', 'available'])], 'available'],
    ['only an artist’s proof to buy', [edition(['sold', 'sold'], { proofs: ['available'] })], 'available'],
    ['a sold-out edition beside one with stock', [edition(['sold']), edition(['available'])], 'available'],
    ['only reserved impressions left', [edition(['sold', 'reserved'])], 'reserved'],
    ['only a reserved proof left', [edition(['sold'], { proofs: ['reserved'] })], 'reserved'],
    ['every numbered impression sold', [edition(['sold', 'sold'])], 'sold-out'],
    ['the rest withheld from sale', [edition(['sold', 'not_for_sale'])], 'sold-out'],
  ])('%s: %s', (_, editions, expected) => {
    expect(projectAvailability(editions)).toBe(expected);
  });
});

describe('projectPrice', () => {
  it('spans the editions with an impression on offer, closed or not', () => {
    expect(
      projectPrice([
        edition(['sold', 'available'], { priceMinor: 30_000 }),
        edition(['sold', 'sold'], { priceMinor: 9_000 }),
        edition(['sold'], { proofs: ['available'], priceMinor: 45_000 }),
        edition(['reserved'], { priceMinor: 38_000 }),
      ]),
    ).toEqual({ minMinor: 30_000, maxMinor: 45_000, currency: 'EUR' });
  });

  it('is null when nothing is on offer', () => {
    expect(projectPrice([])).toBeNull();
    expect(projectPrice([edition(['sold', 'not_for_sale'])])).toBeNull();
  });

  it('never mixes currencies: the first edition on offer sets the currency', () => {
    expect(
      projectPrice([
        edition(['available'], { priceMinor: 20_000, currency: 'GBP' }),
        edition(['available'], { priceMinor: 1_000, currency: 'EUR' }),
        edition(['available'], { priceMinor: 25_000, currency: 'GBP' }),
      ]),
    ).toEqual({ minMinor: 20_000, maxMinor: 25_000, currency: 'GBP' });
  });
});
