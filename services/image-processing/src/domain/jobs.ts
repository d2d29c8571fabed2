// What the artist can do with image jobs: submit one (idempotently), look at it, list them and
// retry a failed one. The workflow does the work; these only record intent and start it.
import { JobMissingError, JobRequestError, WorkflowUnavailableError } from './errors.ts';
import { fingerprint } from './keys.ts';
import type { ArtworkDirectory, Job, JobStore, Originals, Workflow } from './ports.ts';

export interface JobRequest {
  artworkId: string;
  uploadKey: string;
  alt?: string | undefined;
  watermark?: boolean | undefined;
}

export interface JobsDeps {
  jobs: JobStore;
  artworks: ArtworkDirectory;
  originals: Originals;
  workflow: Workflow;
}

const IDEMPOTENCY_FIELD = 'headers.idempotency-key';

export function createJobs(deps: JobsDeps) {
  async function start(job: Job): Promise<Job> {
    try {
      await deps.workflow.start(job);
    } catch (error) {
      // Recorded as a failure so the artist sees it and `retry` can start it later; nothing was made.
      await deps.jobs.failed(job.id, 'The image workflow could not be started; retry the job in a moment.');
      throw new WorkflowUnavailableError('The image workflow could not be started.', { cause: error });
    }
    return job;
  }

  /** The same key must come with the same request; anything else is a client bug worth naming. */
  function replay(job: Job, requestFingerprint: string) {
    if (job.requestFingerprint !== requestFingerprint) {
      throw new JobRequestError(IDEMPOTENCY_FIELD, 'was already used for a different job request', 422);
    }
    return { job, replayed: true };
  }

  return {
    /**
     * Accepts a job for an existing artwork and an existing, non-empty upload. With an
     * idempotency key, the same request returns the job it made the first time.
     */
    async submit(request: JobRequest, idempotencyKey?: string): Promise<{ job: Job; replayed: boolean }> {
      const normalised = {
        artworkId: request.artworkId,
        uploadKey: request.uploadKey,
        alt: request.alt ?? '',
        watermark: request.watermark ?? false,
      };
      const requestFingerprint = fingerprint(normalised);
      if (idempotencyKey) {
        const earlier = await deps.jobs.byIdempotencyKey(idempotencyKey);
        if (earlier) return replay(earlier, requestFingerprint);
      }
      const [artworkExists, size] = await Promise.all([
        deps.artworks.exists(normalised.artworkId),
        deps.originals.sizeOf(normalised.uploadKey),
      ]);
      if (!artworkExists) throw new JobRequestError('body.artworkId', 'is not an existing artwork');
      if (size === undefined) {
        throw new JobRequestError(
          'body.uploadKey',
          'names no uploaded scan; request an upload and send the file first',
        );
      }
      if (size === 0) throw new JobRequestError('body.uploadKey', 'names an empty file (0 bytes)');

      const outcome = await deps.jobs.create({
        ...normalised,
        idempotencyKey: idempotencyKey ?? null,
        requestFingerprint,
      });
      // Two identical requests racing: the second finds the first's row and answers with it.
      if (!outcome.created) return replay(outcome.job, requestFingerprint);
      return { job: await start(outcome.job), replayed: false };
    },

    async get(id: string): Promise<Job> {
      const job = await deps.jobs.get(id);
      if (!job) throw new JobMissingError(id);
      return job;
    },

    list: (query: { artworkId?: string | undefined; after?: { at: Date; id: string }; limit: number }) =>
      deps.jobs.list(query),

    /** Runs a failed job again as its next attempt; steps whose outputs exist finish at once. */
    async retry(id: string): Promise<Job> {
      const current = await deps.jobs.get(id);
      if (!current) throw new JobMissingError(id);
      if (current.status !== 'failed') {
        throw new JobRequestError('path.id', `is a ${current.status} job; only a failed job can be retried`, 409);
      }
      const requeued = await deps.jobs.requeue(id);
      if (!requeued) throw new JobRequestError('path.id', 'changed while it was being retried; reload it', 409);
      return start(requeued);
    },
  };
}

export type Jobs = ReturnType<typeof createJobs>;
