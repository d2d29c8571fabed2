/**
 * A catalogue rule refused a change. Refusals are expected outcomes the artist can fix, so they are
 * returned inside a `Result`, never thrown; the HTTP edge maps each one to a problem with `field` as its path.
 */
export class CatalogueRuleError extends Error {
  override name = 'CatalogueRuleError';
  /** Field of the domain value to fix: `title`, `editions`, `status`, `artistProofs`, `artworkIds`. */
  readonly field: string;

  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.field = field;
  }
}

export class InvalidValueError extends CatalogueRuleError {
  override name = 'InvalidValueError';
}

export class TransitionRefusedError extends CatalogueRuleError {
  override name = 'TransitionRefusedError';
  readonly from: string;
  readonly action: string;

  constructor(from: string, action: string) {
    super('status', `cannot ${action} when the status is ${from}`);
    this.from = from;
    this.action = action;
  }
}

export class EditionFrozenError extends CatalogueRuleError {
  override name = 'EditionFrozenError';

  constructor(field: 'size' | 'artistProofs') {
    super(field, 'cannot change once an impression of the edition is sold');
  }
}

export class ImpressionInUseError extends CatalogueRuleError {
  override name = 'ImpressionInUseError';
  /** Labels (`27/30`, `AP 3`) of the reserved or sold impressions the change would remove. */
  readonly labels: string[];

  constructor(field: 'size' | 'artistProofs', labels: string[]) {
    super(field, `would remove ${labels.join(', ')}, reserved or sold`);
    this.labels = labels;
  }
}

export class EditionHasSalesError extends CatalogueRuleError {
  override name = 'EditionHasSalesError';

  constructor() {
    super('impressions', 'an edition with sold impressions cannot be deleted, only closed');
  }
}

export class NotAPermutationError extends CatalogueRuleError {
  override name = 'NotAPermutationError';
  readonly missing: string[];
  readonly unknown: string[];
  readonly duplicates: string[];

  constructor(field: string, ids: { missing: string[]; unknown: string[]; duplicates: string[] }) {
    const parts = [
      ids.missing.length > 0 ? `missing ${ids.missing.join(', ')}` : '',
      ids.unknown.length > 0 ? `unknown ${ids.unknown.join(', ')}` : '',
      ids.duplicates.length > 0 ? `repeated ${ids.duplicates.join(', ')}` : '',
    ];
    super(field, `must list every current id exactly once: ${parts.filter(Boolean).join('; ')}`);
    this.missing = ids.missing;
    this.unknown = ids.unknown;
    this.duplicates = ids.duplicates;
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: CatalogueRuleError[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const refused = (errors: CatalogueRuleError[]): Result<never> => ({ ok: false, errors });

/** Every problem at once, so the artist fixes a form in one round trip rather than one field at a time. */
export const okUnless = <T>(errors: CatalogueRuleError[], value: T): Result<T> =>
  errors.length > 0 ? refused(errors) : ok(value);
