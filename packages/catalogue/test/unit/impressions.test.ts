import { describe, expect, it } from 'vitest';
import {
  IMPRESSION_STATUSES,
  type ImpressionAction,
  type ImpressionStatus,
  impressionLabel,
  planImpressions,
  transitionImpression,
} from '../../src/impressions.ts';
import { accepted, refusedFields } from './results.ts';

describe('planImpressions', () => {
  it('numbers 1/N … N/N, then AP 1 … AP k', () => {
    const slots = planImpressions(3, 2);
    expect(slots).toEqual([
      { kind: 'numbered', number: 1 },
      { kind: 'numbered', number: 2 },
      { kind: 'numbered', number: 3 },
      { kind: 'artist_proof', number: 1 },
      { kind: 'artist_proof', number: 2 },
    ]);
    expect(slots.map((slot) => impressionLabel(slot, 3))).toEqual(['1/3', '2/3', '3/3', 'AP 1', 'AP 2']);
  });

  it('plans no proofs when there are none', () => {
    expect(planImpressions(25, 0)).toHaveLength(25);
  });
});

describe('impressionLabel', () => {
  it('labels against the edition size, so a resize relabels without touching the impressions', () => {
    expect(impressionLabel({ kind: 'numbered', number: 3 }, 25)).toBe('3/25');
    expect(impressionLabel({ kind: 'numbered', number: 3 }, 30)).toBe('3/30');
    expect(impressionLabel({ kind: 'artist_proof', number: 2 }, 25)).toBe('AP 2');
  });
});

describe('transitionImpression', () => {
  const allowed: [ImpressionStatus, ImpressionAction, ImpressionStatus][] = [
    ['available', 'reserve', 'reserved'],
    ['reserved', 'release', 'available'],
    ['available', 'sell', 'sold'],
    ['reserved', 'sell', 'sold'],
    ['sold', 'cancelSale', 'available'],
    ['available', 'withhold', 'not_for_sale'],
    ['not_for_sale', 'offer', 'available'],
  ];

  it.each(allowed)('%s --%s--> %s', (from, action, to) => {
    expect(accepted(transitionImpression(from, action))).toBe(to);
  });

  // Every pair not listed above is refused: the table is the whole state machine.
  const actions: ImpressionAction[] = ['reserve', 'release', 'sell', 'cancelSale', 'withhold', 'offer'];
  const refused = IMPRESSION_STATUSES.flatMap((from) =>
    actions.filter((action) => !allowed.some(([f, a]) => f === from && a === action)).map((action) => [from, action]),
  ) as [ImpressionStatus, ImpressionAction][];

  it.each(refused)('refuses %s --%s--> on the status field', (from, action) => {
    expect(refusedFields(transitionImpression(from, action))).toEqual([['TransitionRefusedError', 'status']]);
  });
});
