import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { imagingSchema } from './namespaces.ts';

// The image-processing service's own tables: what the artist asked for (jobs, with per-step progress)
// and what a job made (media). Objects live in S3 at content-addressed keys; these rows point at them.

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export const STEP_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'skipped'] as const;
/** The workflow's steps in the order the state machine runs them. */
export const JOB_STEPS = ['inspect', 'render', 'tiles', 'placeholder', 'publish'] as const;

export const jobStatus = imagingSchema.enum('job_status', JOB_STATUSES);
export const stepStatus = imagingSchema.enum('step_status', STEP_STATUSES);
export const jobStep = imagingSchema.enum('job_step', JOB_STEPS);

export const jobs = imagingSchema.table(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // No foreign key: artworks belong to the content service. The job API checks the artwork exists
    // through content's published contract before a job is accepted.
    artworkId: uuid('artwork_id').notNull(),
    uploadKey: text('upload_key').notNull(),
    alt: text('alt').notNull().default(''),
    watermark: boolean('watermark').notNull().default(false),
    status: jobStatus('status').notNull().default('queued'),
    /** Plain words for the artist when the job failed; null otherwise. */
    reason: text('reason'),
    failedStep: jobStep('failed_step'),
    /** Bumped by each retry; the execution of attempt n is named `<id>-<n>`. */
    attempt: integer('attempt').notNull().default(1),
    sourceSha256: text('source_sha256'),
    mediaId: uuid('media_id'),
    /** Same key + same body = same job; same key + another body is refused. */
    idempotencyKey: text('idempotency_key'),
    requestFingerprint: text('request_fingerprint').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('jobs_idempotency_key_unique').on(t.idempotencyKey),
    check('jobs_alt_length', sql`length(${t.alt}) <= 1000`),
    check('jobs_attempt_positive', sql`${t.attempt} >= 1`),
    check('jobs_failed_has_reason', sql`${t.status} <> 'failed' or ${t.reason} is not null`),
    index('jobs_artwork_created_idx').on(t.artworkId, t.createdAt),
    index('jobs_created_idx').on(t.createdAt),
  ],
);

export const jobSteps = imagingSchema.table(
  'job_steps',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    step: jobStep('step').notNull(),
    status: stepStatus('status').notNull().default('pending'),
    percent: integer('percent').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** What the step made (keys, counts), shown on the job once it is done. */
    output: jsonb('output'),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.step] }),
    check('job_steps_percent_range', sql`${t.percent} between 0 and 100`),
  ],
);

export const media = imagingSchema.table(
  'media',
  {
    /** Derived from artwork, source digest and render spec, so publishing twice upserts one row. */
    id: uuid('id').primaryKey(),
    artworkId: uuid('artwork_id').notNull(),
    jobId: uuid('job_id').notNull(),
    sourceSha256: text('source_sha256').notNull(),
    spec: text('spec').notNull(),
    /** The whole media document as published (renditions, tiles, placeholder); see @copper/events. */
    document: jsonb('document').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('media_artwork_source_spec_unique').on(t.artworkId, t.sourceSha256, t.spec)],
);
