// Outcomes of a search request the visitor caused; the handler turns them into 422 problems.

/** A request the search cannot answer as asked, naming the query parameter at fault. */
export class SearchRequestError extends Error {
  override name = 'SearchRequestError';
  readonly parameter: string;

  constructor(parameter: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.parameter = parameter;
  }
}
