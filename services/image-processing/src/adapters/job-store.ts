// Jobs, their steps and the media they made, through drizzle. Every write is keyed so that a
// replayed task or a duplicate request lands on the row it already wrote.
import type { Database } from '@copper/db/client';
import { artworkRefs, JOB_STEPS, jobSteps, jobs, media } from '@copper/db/schema';
import type { MediaDocument } from '@copper/events';
import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { ArtworkDirectory, Job, JobStep, JobStore, MediaRecords, StepName } from '../domain/ports.ts';

type JobRow = typeof jobs.$inferSelect;

async function withSteps(db: Database, rows: JobRow[]): Promise<Job[]> {
  if (rows.length === 0) return [];
  const steps = await db
    .select()
    .from(jobSteps)
    .where(
      inArray(
        jobSteps.jobId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(jobSteps.jobId));
  const mediaIds = rows.flatMap((row) => (row.mediaId ? [row.mediaId] : []));
  const made =
    mediaIds.length > 0
      ? await db.select({ id: media.id, document: media.document }).from(media).where(inArray(media.id, mediaIds))
      : [];
  const order = new Map<string, number>(JOB_STEPS.map((step, index) => [step, index]));
  return rows.map((row) => ({
    ...row,
    media: made.find((item) => item.id === row.mediaId)?.document,
    steps: steps
      .filter((step) => step.jobId === row.id)
      .sort((a, b) => (order.get(a.step) ?? 0) - (order.get(b.step) ?? 0))
      .map(({ jobId: _jobId, ...step }): JobStep => step),
  }));
}

export function createJobStore(db: Database): JobStore {
  const one = async (rows: JobRow[]) => (await withSteps(db, rows))[0];
  const get = async (id: string) => one(await db.select().from(jobs).where(eq(jobs.id, id)));

  return {
    get,
    byIdempotencyKey: async (key) => one(await db.select().from(jobs).where(eq(jobs.idempotencyKey, key))),

    async create(input) {
      const created = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(jobs)
          .values(input)
          .onConflictDoNothing({ target: jobs.idempotencyKey })
          .returning();
        if (!row) return undefined;
        const steps = await tx
          .insert(jobSteps)
          .values(JOB_STEPS.map((step) => ({ jobId: row.id, step })))
          .returning();
        return { row, steps };
      });
      // The inserts' own answers are the new job; reading it back would cost two more round trips.
      if (created) {
        const { row, steps } = created;
        return { created: true, job: { ...row, steps: steps.map(({ jobId: _jobId, ...step }): JobStep => step) } };
      }
      const existing = await one(
        await db
          .select()
          .from(jobs)
          .where(eq(jobs.idempotencyKey, input.idempotencyKey ?? '')),
      );
      if (!existing) throw new Error('job insert conflicted but no job holds the idempotency key');
      return { created: false, job: existing };
    },

    async list({ artworkId, after, limit }) {
      const rows = await db
        .select()
        .from(jobs)
        .where(
          and(
            artworkId ? eq(jobs.artworkId, artworkId) : undefined,
            after
              ? or(lt(jobs.createdAt, after.at), and(eq(jobs.createdAt, after.at), lt(jobs.id, after.id)))
              : undefined,
          ),
        )
        .orderBy(desc(jobs.createdAt), desc(jobs.id))
        .limit(limit);
      return withSteps(db, rows);
    },

    async requeue(id) {
      const row = await db.transaction(async (tx) => {
        const [updated] = await tx
          .update(jobs)
          .set({
            status: 'queued',
            reason: null,
            failedStep: null,
            attempt: sql`${jobs.attempt} + 1`,
            updatedAt: sql`now()`,
          })
          .where(and(eq(jobs.id, id), eq(jobs.status, 'failed')))
          .returning();
        if (!updated) return undefined;
        // Steps already done stay done in history until the new attempt passes them again.
        await tx
          .update(jobSteps)
          .set({ status: 'pending', percent: 0, startedAt: null, endedAt: null })
          .where(and(eq(jobSteps.jobId, id), inArray(jobSteps.status, ['failed', 'running', 'skipped'])));
        return updated;
      });
      return row ? get(row.id) : undefined;
    },

    async stepStarted(jobId, step) {
      await db.transaction(async (tx) => {
        await tx
          .update(jobs)
          .set({ status: 'running', updatedAt: sql`now()` })
          .where(and(eq(jobs.id, jobId), inArray(jobs.status, ['queued', 'running'])));
        await tx
          .update(jobSteps)
          .set({ status: 'running', percent: 0, startedAt: sql`now()`, endedAt: null })
          .where(and(eq(jobSteps.jobId, jobId), eq(jobSteps.step, step)));
      });
    },

    async stepProgress(jobId, step, percent) {
      await db
        .update(jobSteps)
        .set({ percent: Math.max(0, Math.min(99, Math.round(percent))) })
        .where(and(eq(jobSteps.jobId, jobId), eq(jobSteps.step, step), eq(jobSteps.status, 'running')));
    },

    async stepSucceeded(jobId, step, output, patch) {
      await db.transaction(async (tx) => {
        await tx
          .update(jobSteps)
          .set({ status: 'succeeded', percent: 100, endedAt: sql`now()`, output })
          .where(and(eq(jobSteps.jobId, jobId), eq(jobSteps.step, step)));
        if (patch?.sourceSha256) {
          await tx
            .update(jobs)
            .set({ sourceSha256: patch.sourceSha256, updatedAt: sql`now()` })
            .where(eq(jobs.id, jobId));
        }
      });
    },

    async failed(jobId, reason, step) {
      await db.transaction(async (tx) => {
        const running = await tx
          .update(jobSteps)
          .set({ status: 'failed', endedAt: sql`now()` })
          .where(
            and(
              eq(jobSteps.jobId, jobId),
              step ? eq(jobSteps.step, step) : inArray(jobSteps.status, ['running', 'failed']),
            ),
          )
          .returning({ step: jobSteps.step });
        await tx
          .update(jobSteps)
          .set({ status: 'skipped' })
          .where(and(eq(jobSteps.jobId, jobId), eq(jobSteps.status, 'pending')));
        const failedStep: StepName | null = step ?? running[0]?.step ?? null;
        await tx
          .update(jobs)
          .set({ status: 'failed', reason, failedStep, updatedAt: sql`now()` })
          .where(eq(jobs.id, jobId));
      });
    },

    async succeeded(jobId, mediaId) {
      await db
        .update(jobs)
        .set({ status: 'succeeded', mediaId, reason: null, failedStep: null, updatedAt: sql`now()` })
        .where(eq(jobs.id, jobId));
    },
  };
}

export function createMediaRecords(db: Database): MediaRecords {
  return {
    async upsert(document: MediaDocument, spec: string) {
      // A replay keeps the first publication time, so consumers see the same document again; a job
      // that gives no alt text keeps the artist's earlier words (see MediaRecords.upsert).
      const [row] = await db
        .insert(media)
        .values({
          id: document.id,
          artworkId: document.artworkId,
          jobId: document.jobId,
          sourceSha256: document.sourceSha256,
          spec,
          document,
        })
        .onConflictDoUpdate({
          target: media.id,
          set: {
            jobId: document.jobId,
            document: sql`jsonb_set(
              jsonb_set(excluded.document, '{publishedAt}', ${media.document} -> 'publishedAt'),
              '{alt}',
              case when excluded.document ->> 'alt' = '' then ${media.document} -> 'alt'
                else excluded.document -> 'alt' end
            )`,
            updatedAt: sql`now()`,
          },
        })
        .returning({ document: media.document });
      return (row?.document ?? document) as MediaDocument;
    },
  };
}

/** Content's `artwork_refs` view: the one thing this service may read of the catalogue. */
export function createArtworkDirectory(db: Database): ArtworkDirectory {
  return {
    async exists(artworkId) {
      const rows = await db
        .select({ id: artworkRefs.id })
        .from(artworkRefs)
        .where(eq(artworkRefs.id, artworkId))
        .limit(1);
      return rows.length > 0;
    },
  };
}
