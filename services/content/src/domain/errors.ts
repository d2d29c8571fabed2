import { CatalogueRuleError } from '@copper/catalogue';

/** No such thing, or not one a visitor may see. */
export class MissingError extends Error {
  override name = 'MissingError';
  constructor(
    readonly kind: string,
    readonly key: string,
  ) {
    super(`no ${kind} ${key}`);
  }
}

/** The row changed since the client read it (its If-Match is stale). */
export class StaleVersionError extends Error {
  override name = 'StaleVersionError';
  constructor(readonly kind: string) {
    super(`the ${kind} changed since it was read`);
  }
}

/** A catalogue rule refused the change; each error names its field. */
export class RuleRefusedError extends Error {
  override name = 'RuleRefusedError';
  constructor(readonly errors: CatalogueRuleError[]) {
    super(errors.map((error) => `${error.field}: ${error.message}`).join('; '));
  }
}

/** A unique value (a slug) already belongs to another row. */
export class TakenError extends Error {
  override name = 'TakenError';
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`${field} ${value} is taken`);
  }
}

/** A published artwork is on show with its editions; deleting the last one would leave nothing to offer. */
export class LastEditionError extends CatalogueRuleError {
  override name = 'LastEditionError';
  constructor() {
    super('editions', 'the last edition of a published artwork cannot be deleted; unpublish the artwork first');
  }
}

/** An event that breaks its contract (one definition for every consumer, beside the contracts). */
export { InvalidEventError } from '@copper/events';
