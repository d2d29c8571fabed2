// Outcomes of the job API and the workflow's tasks. Names matter beyond this file: the state
// machine's Retry matches `JobRefusedError` by name to stop retrying what can never succeed.

/** A job that can never succeed as submitted: retrying the same step would only fail again. */
export class JobRefusedError extends Error {
  override name = 'JobRefusedError';
}

/** A request the artist can correct, naming the field at fault. */
export class JobRequestError extends Error {
  override name = 'JobRequestError';
  constructor(
    readonly field: string,
    message: string,
    readonly status: 404 | 409 | 422 = 422,
  ) {
    super(message);
  }
}

export class JobMissingError extends Error {
  override name = 'JobMissingError';
  constructor(readonly id: string) {
    super(`No job ${id}.`);
  }
}

/** The workflow could not be started; the job stays as it was and can be retried. */
export class WorkflowUnavailableError extends Error {
  override name = 'WorkflowUnavailableError';
}
