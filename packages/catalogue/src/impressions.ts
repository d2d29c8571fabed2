import { ok, type Result, refused, TransitionRefusedError } from './errors.ts';

export const IMPRESSION_KINDS = ['numbered', 'artist_proof'] as const;
export type ImpressionKind = (typeof IMPRESSION_KINDS)[number];

export const IMPRESSION_STATUSES = ['available', 'reserved', 'sold', 'not_for_sale'] as const;
export type ImpressionStatus = (typeof IMPRESSION_STATUSES)[number];

/** The place an impression holds in its edition: `3/25` is numbered 3, `AP 2` is artist_proof 2. */
export interface ImpressionSlot {
  kind: ImpressionKind;
  number: number;
}

export interface Impression extends ImpressionSlot {
  id: string;
  editionId: string;
  status: ImpressionStatus;
}

/** The impressions an edition of `size` with `artistProofs` proofs is made of, numbered first. */
export function planImpressions(size: number, artistProofs: number): ImpressionSlot[] {
  return [
    ...Array.from({ length: size }, (_, i) => ({ kind: 'numbered' as const, number: i + 1 })),
    ...Array.from({ length: artistProofs }, (_, i) => ({ kind: 'artist_proof' as const, number: i + 1 })),
  ];
}

export function impressionLabel(slot: ImpressionSlot, editionSize: number): string {
  return slot.kind === 'numbered' ? `${slot.number}/${editionSize}` : `AP ${slot.number}`;
}

export type ImpressionAction = 'reserve' | 'release' | 'sell' | 'cancelSale' | 'withhold' | 'offer';

// A sale is undone only by its own action, so a status picker cannot silently put a sold print back on offer.
const MOVES: Record<ImpressionAction, { from: readonly ImpressionStatus[]; to: ImpressionStatus }> = {
  reserve: { from: ['available'], to: 'reserved' },
  release: { from: ['reserved'], to: 'available' },
  sell: { from: ['available', 'reserved'], to: 'sold' },
  cancelSale: { from: ['sold'], to: 'available' },
  withhold: { from: ['available'], to: 'not_for_sale' },
  offer: { from: ['not_for_sale'], to: 'available' },
};

export function transitionImpression(current: ImpressionStatus, action: ImpressionAction): Result<ImpressionStatus> {
  const move = MOVES[action];
  return move.from.includes(current) ? ok(move.to) : refused([new TransitionRefusedError(current, action)]);
}
