/** One problem in a request, named by where it is (RFC 9457 extension member `errors`). */
export interface FieldProblem {
  /** JSON-pointer-like path of the offending field: `body.title`, `query.limit`, `path.slug`. */
  path: string;
  message: string;
}

/**
 * An outcome the client caused and may be told about. Anything that is not an
 * HttpProblemError becomes a 500 whose message is never shown.
 */
export class HttpProblemError extends Error {
  override name = 'HttpProblemError';
  readonly status: number;
  readonly title: string;
  readonly errors: FieldProblem[] | undefined;

  constructor(status: number, title: string, detail?: string, options?: { errors?: FieldProblem[]; cause?: unknown }) {
    super(detail ?? title, { cause: options?.cause });
    this.status = status;
    this.title = title;
    this.errors = options?.errors;
  }
}

export class NotFoundError extends HttpProblemError {
  override name = 'NotFoundError';
  constructor(detail = 'No resource lives at this path.') {
    super(404, 'Not Found', detail);
  }
}

export class ValidationError extends HttpProblemError {
  override name = 'ValidationError';
  constructor(errors: FieldProblem[], detail = 'The request is not valid.') {
    super(422, 'Unprocessable Content', detail, { errors });
  }
}
