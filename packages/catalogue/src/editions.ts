import {
  type CatalogueRuleError,
  EditionFrozenError,
  EditionHasSalesError,
  ImpressionInUseError,
  InvalidValueError,
  ok,
  okUnless,
  type Result,
  refused,
} from './errors.ts';
import {
  IMPRESSION_STATUSES,
  type Impression,
  type ImpressionKind,
  type ImpressionSlot,
  type ImpressionStatus,
  impressionLabel,
  planImpressions,
} from './impressions.ts';

export const EDITION_STATUSES = ['open', 'closed'] as const;
export type EditionStatus = (typeof EDITION_STATUSES)[number];

export const EDITION_SIZE_MAX = 1000;
export const ARTIST_PROOFS_MAX = 100;
// Ten metres: anything larger is a unit slip (micrometres, tenths of a millimetre), not a sheet of paper.
export const DIMENSION_MAX_MM = 10_000;
// The price column is a 32-bit integer; a larger price would be refused by the database as a 500.
export const PRICE_MAX_MINOR = 2_147_483_647;

// ICU's list, read once: ISO 4217 codes including a few historic ones, which is harmless for a price tag.
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** An edition as the artist describes it, before it belongs to a stored artwork. */
export interface EditionDetails {
  size: number;
  artistProofs: number;
  paper: string;
  ink: string;
  sheetWidthMm: number | null;
  sheetHeightMm: number | null;
  plateWidthMm: number | null;
  plateHeightMm: number | null;
  /** Cents, pence, yen: the currency's minor unit, so no price is ever a float. */
  priceMinor: number;
  currency: string;
  status: EditionStatus;
}

export interface Edition extends EditionDetails {
  id: string;
  artworkId: string;
}

function checkWhole(field: string, value: number, min: number, max: number): CatalogueRuleError[] {
  return Number.isInteger(value) && value >= min && value <= max
    ? []
    : [new InvalidValueError(field, `must be a whole number from ${min} to ${max}`)];
}

export function checkEdition(details: EditionDetails): Result<EditionDetails> {
  const errors = [
    ...checkWhole('size', details.size, 1, EDITION_SIZE_MAX),
    ...checkWhole('artistProofs', details.artistProofs, 0, ARTIST_PROOFS_MAX),
    ...checkWhole('priceMinor', details.priceMinor, 0, PRICE_MAX_MINOR),
  ];
  for (const field of ['sheetWidthMm', 'sheetHeightMm', 'plateWidthMm', 'plateHeightMm'] as const) {
    const mm = details[field];
    if (mm !== null) errors.push(...checkWhole(field, mm, 1, DIMENSION_MAX_MM));
  }
  // The plate is pressed into the sheet, so it has to fit on it.
  for (const [plate, sheet] of [
    ['plateWidthMm', 'sheetWidthMm'],
    ['plateHeightMm', 'sheetHeightMm'],
  ] as const) {
    const plateMm = details[plate];
    const sheetMm = details[sheet];
    // A size already refused would only repeat its own problem here.
    const measured = !errors.some((error) => error.field === plate || error.field === sheet);
    if (measured && plateMm !== null && sheetMm !== null && plateMm > sheetMm) {
      errors.push(new InvalidValueError(plate, `must not exceed the sheet (${sheetMm} mm)`));
    }
  }
  if (!/^[A-Z]{3}$/.test(details.currency) || !CURRENCIES.has(details.currency)) {
    errors.push(new InvalidValueError('currency', 'must be an ISO 4217 currency code such as EUR'));
  }
  return okUnless(errors, details);
}

type StatusCounts = Record<ImpressionStatus, number>;

export interface EditionAvailability {
  numbered: StatusCounts;
  artistProofs: StatusCounts;
  /** Available numbered impressions and proofs together: both can be offered to a collector. */
  availableCount: number;
  /** Every numbered impression is sold; proofs do not count, as is the custom. */
  soldOut: boolean;
  /** Any impression, numbered or proof, is sold: from then on the edition's size is fixed. */
  hasSales: boolean;
}

const noCounts = (): StatusCounts =>
  Object.fromEntries(IMPRESSION_STATUSES.map((status) => [status, 0])) as StatusCounts;

/** Derived on every read from the impressions themselves, so it can never disagree with them. */
export function editionAvailability(impressions: readonly Pick<Impression, 'kind' | 'status'>[]): EditionAvailability {
  const numbered = noCounts();
  const artistProofs = noCounts();
  for (const { kind, status } of impressions) {
    const counts = kind === 'numbered' ? numbered : artistProofs;
    counts[status] += 1;
  }
  const numberedTotal = Object.values(numbered).reduce((sum, n) => sum + n, 0);
  return {
    numbered,
    artistProofs,
    availableCount: numbered.available + artistProofs.available,
    // An edition with no numbered impressions is broken, not sold out.
    soldOut: numberedTotal > 0 && numbered.sold === numberedTotal,
    hasSales: numbered.sold + artistProofs.sold > 0,
  };
}

/** A sold impression is a record a collector relies on, so its edition stays, closed if need be. */
export function canDeleteEdition(impressions: readonly Pick<Impression, 'status'>[]): Result<void> {
  return impressions.some((i) => i.status === 'sold') ? refused([new EditionHasSalesError()]) : ok(undefined);
}

export interface EditionResize<I extends ImpressionSlot> {
  size: number;
  artistProofs: number;
  add: ImpressionSlot[];
  remove: I[];
}

const RESIZED_FIELDS = ['size', 'artistProofs'] as const;
type ResizedField = (typeof RESIZED_FIELDS)[number];
const FIELD_OF_KIND: Record<ImpressionKind, ResizedField> = { numbered: 'size', artist_proof: 'artistProofs' };

/**
 * The impressions to create and delete so the edition matches its new size and proof count. Removes only
 * impressions that are available or not for sale; a reserved or sold one blocks the change.
 */
export function planEditionResize<I extends ImpressionSlot & Pick<Impression, 'status'>>(
  edition: Pick<EditionDetails, 'size' | 'artistProofs'>,
  impressions: readonly I[],
  change: { size?: number; artistProofs?: number },
): Result<EditionResize<I>> {
  const next = { size: change.size ?? edition.size, artistProofs: change.artistProofs ?? edition.artistProofs };
  const invalid = [
    ...checkWhole('size', next.size, 1, EDITION_SIZE_MAX),
    ...checkWhole('artistProofs', next.artistProofs, 0, ARTIST_PROOFS_MAX),
  ];
  if (invalid.length > 0) return refused(invalid);

  if (impressions.some((i) => i.status === 'sold')) {
    const frozen = RESIZED_FIELDS.filter((field) => next[field] !== edition[field]);
    if (frozen.length > 0) return refused(frozen.map((field) => new EditionFrozenError(field)));
  }

  const limit: Record<ImpressionKind, number> = { numbered: next.size, artist_proof: next.artistProofs };
  const remove = impressions.filter((i) => i.number > limit[i.kind]);
  const inUse = RESIZED_FIELDS.flatMap((field) => {
    const labels = remove
      .filter((i) => FIELD_OF_KIND[i.kind] === field && (i.status === 'reserved' || i.status === 'sold'))
      .map((i) => impressionLabel(i, edition.size));
    return labels.length > 0 ? [new ImpressionInUseError(field, labels)] : [];
  });
  if (inUse.length > 0) return refused(inUse);

  const key = (slot: ImpressionSlot) => `${slot.kind}:${slot.number}`;
  const existing = new Set(impressions.map(key));
  const add = planImpressions(next.size, next.artistProofs).filter((slot) => !existing.has(key(slot)));
  return ok({ ...next, add, remove });
}
