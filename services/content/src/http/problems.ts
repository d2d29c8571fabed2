import { HttpProblemError, NotFoundError } from '@copper/http/errors';
import { MissingError, RuleRefusedError, StaleVersionError, TakenError } from '../domain/errors.ts';

// Refusals that depend on the row's state rather than on the request's values: a second tab
// published first, an impression was sold. The request was well formed, so these are 409.
const STATE_CONFLICTS = new Set([
  'TransitionRefusedError',
  'EditionFrozenError',
  'ImpressionInUseError',
  'EditionHasSalesError',
  'LastEditionError',
]);

// The domain names stored fields; the API nests some of them. Problems name what the client sent.
const REQUEST_FIELDS: Record<string, string> = {
  priceMinor: 'price.amountMinor',
  currency: 'price.currency',
  plateWidthMm: 'plateSizeMm.width',
  plateHeightMm: 'plateSizeMm.height',
  sheetWidthMm: 'sheetSizeMm.width',
  sheetHeightMm: 'sheetSizeMm.height',
};

/** The one place where the catalogue's refusals become HTTP problems, each naming its field. */
export function toHttpError(error: unknown, location = 'body'): unknown {
  if (error instanceof MissingError) return new NotFoundError(`No ${error.kind} ${error.key}.`);
  if (error instanceof StaleVersionError) {
    return new HttpProblemError(412, 'Precondition Failed', `The ${error.kind} changed since you loaded it.`, {
      errors: [{ path: 'headers.if-match', message: 'is stale' }],
    });
  }
  if (error instanceof TakenError) {
    return new HttpProblemError(409, 'Conflict', `${error.value} is already in use.`, {
      errors: [{ path: `${location}.${error.field}`, message: 'is already in use' }],
    });
  }
  if (error instanceof RuleRefusedError) {
    const conflict = error.errors.every((e) => STATE_CONFLICTS.has(e.name));
    const fieldLocation = (field: string) => (field === 'cursor' ? 'query' : location);
    return new HttpProblemError(conflict ? 409 : 422, conflict ? 'Conflict' : 'Unprocessable Content', error.message, {
      errors: error.errors.map((e) => ({
        path: `${fieldLocation(e.field)}.${REQUEST_FIELDS[e.field] ?? e.field}`,
        message: e.message,
      })),
    });
  }
  return error;
}

export async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toHttpError(error);
  }
}
