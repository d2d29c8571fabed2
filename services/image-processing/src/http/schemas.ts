import * as z from 'zod';

// Text the artist types is stored and shown back; a NUL cannot be stored by PostgreSQL at all.
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');

/** The keys POST /v1/uploads hands out; nothing else in the originals bucket is a scan. */
export const UPLOAD_KEY =
  /^originals\/\d{4}\/\d{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|png|tif|webp)$/;

export const JobCreate = z
  .strictObject({
    artworkId: z.uuid(),
    uploadKey: z.string().max(200).regex(UPLOAD_KEY, 'must be an uploadKey returned by POST /v1/uploads'),
    alt: text(1000).optional(),
    watermark: z.boolean().optional(),
  })
  .meta({ id: 'JobCreate' });

/** Printable ASCII, as the IETF Idempotency-Key draft expects of a key. */
export const IdempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'must be 1–255 printable ASCII characters');

export const JobsQuery = z.strictObject({
  artworkId: z.uuid().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const IdPath = z.strictObject({ id: z.uuid() });

// ---- responses (documentation; the handlers build them in views.ts) -----------------------------

const Step = z.object({
  name: z.enum(['inspect', 'render', 'tiles', 'placeholder', 'publish']),
  status: z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped']),
  percent: z.int().min(0).max(100),
  startedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  output: z.unknown().nullable().meta({ description: 'What the step made: counts, widths, the media id.' }),
});

export const Job = z
  .object({
    id: z.uuid(),
    artworkId: z.uuid(),
    uploadKey: z.string(),
    alt: z.string(),
    watermark: z.boolean(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']),
    attempt: z.int().positive(),
    percent: z.int().min(0).max(100),
    reason: z.string().nullable().meta({ description: 'Why the job failed, in plain words; null otherwise.' }),
    failedStep: Step.shape.name.nullable(),
    sourceSha256: z.string().nullable(),
    steps: z.array(Step),
    outputs: z
      .unknown()
      .nullable()
      .meta({ description: 'The published media document with absolute URLs, once the job succeeded.' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    links: z.object({ self: z.string(), artwork: z.string(), retry: z.string().optional() }),
  })
  .meta({ id: 'Job' });

export const JobPage = z.object({ items: z.array(Job), nextCursor: z.string().nullable() });
