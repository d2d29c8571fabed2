import type { RefusalReason } from './types.ts';

/**
 * Base of every error this package throws. Expected outcomes (a file that is not an image, too big,
 * truncated) are returned as values by `inspect`; the errors here are what a Step Functions task lets
 * escape, so the state machine can tell a permanent refusal from something worth retrying by name.
 */
export class ImagingError extends Error {
  override name = 'ImagingError';
}

/**
 * A render, placeholder or tiling step was handed a source that `inspect` refuses. The pipeline
 * inspects first, so reaching this means the source changed or the step ran out of order; retrying
 * cannot help, which is why it carries the same `reason` the inspection would have returned.
 */
export class SourceRefusedError extends ImagingError {
  override name = 'SourceRefusedError';
  readonly reason: RefusalReason;

  constructor(reason: RefusalReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** The source path could not be read (missing file, permissions, I/O); the cause is the fs error. */
export class SourceReadError extends ImagingError {
  override name = 'SourceReadError';
  readonly path: string;

  constructor(path: string, options?: { cause?: unknown }) {
    super(`cannot read the image source at ${path}`, options);
    this.path = path;
  }
}

/**
 * sharp failed on a source that inspected cleanly (out of memory, a codec error, a full disk while
 * tiling). Treated as transient: the state machine retries it.
 */
export class ImageProcessingError extends ImagingError {
  override name = 'ImageProcessingError';
  /** The step that failed: `inspect`, `render`, `placeholder` or `deep-zoom`. */
  readonly operation: string;

  constructor(operation: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.operation = operation;
  }
}
