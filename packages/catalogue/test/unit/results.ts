import type { CatalogueRuleError, Result } from '../../src/errors.ts';

/** The accepted value; a refusal fails the test with the messages the artist would have seen. */
export function accepted<T>(result: Result<T>): T {
  if (!result.ok)
    throw new Error(`expected acceptance, was refused: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.value;
}

export function refusals<T>(result: Result<T>): CatalogueRuleError[] {
  if (result.ok) throw new Error(`expected a refusal, was accepted with ${JSON.stringify(result.value)}`);
  return result.errors;
}

/** `[error name, field]` of each refusal: what the HTTP edge turns into a problem's path. */
export const refusedFields = <T>(result: Result<T>): [string, string][] =>
  refusals(result).map((error) => [error.name, error.field]);
