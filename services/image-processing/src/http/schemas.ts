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
