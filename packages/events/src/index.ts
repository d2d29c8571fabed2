// The contract between services: what each event is called and what its detail holds. Producers
// parse before they put and consumers parse before they act, so a drifted producer is refused loudly
// at the consumer instead of writing half a record.
import * as z from 'zod';

export const SOURCES = {
  imaging: 'copper.imaging',
  content: 'copper.content',
} as const;

export const DETAIL_TYPES = {
  mediaPublished: 'MediaPublished',
  artworkChanged: 'ArtworkChanged',
} as const;

const key = z.string().min(1).max(1024);

export const MediaRendition = z.object({
  width: z.int().positive(),
  height: z.int().positive(),
  format: z.enum(['avif', 'webp', 'jpeg']),
  contentType: z.enum(['image/avif', 'image/webp', 'image/jpeg']),
  colourSpace: z.string().min(1),
  watermarked: z.boolean(),
  bytes: z.int().positive(),
  /** Object key in the media bucket; the public URL is the media base URL + this key. */
  key,
});
export type MediaRendition = z.infer<typeof MediaRendition>;

export const MediaTiles = z.object({
  /** The `.dzi` descriptor; its tiles sit beside it in `<name>_files/<level>/<col>_<row>.<format>`. */
  dziKey: key,
  width: z.int().positive(),
  height: z.int().positive(),
  tileSize: z.int().positive(),
  overlap: z.int().nonnegative(),
  format: z.enum(['jpeg', 'webp']),
  levels: z.int().positive(),
  tiles: z.int().positive(),
});
export type MediaTiles = z.infer<typeof MediaTiles>;

export const MediaPlaceholder = z.object({
  /** ThumbHash, base64: a ~25-byte blurred preview a page can paint before any rendition arrives. */
  thumbhash: z.string().min(1).max(200),
  /** `#rrggbb`, for the background behind an image that is still loading. */
  dominantColour: z.string().regex(/^#[0-9a-f]{6}$/),
  key,
});
export type MediaPlaceholder = z.infer<typeof MediaPlaceholder>;

/** What a processed scan became, as the image service publishes it and other services keep it. */
export const MediaDocument = z.object({
  id: z.uuid(),
  artworkId: z.uuid(),
  jobId: z.uuid(),
  sourceSha256: z.string().regex(/^[0-9a-f]{64}$/),
  alt: z.string().max(1000),
  width: z.int().positive(),
  height: z.int().positive(),
  renditions: z.array(MediaRendition).min(1),
  tiles: MediaTiles,
  placeholder: MediaPlaceholder,
  publishedAt: z.iso.datetime({ offset: true }),
});
export type MediaDocument = z.infer<typeof MediaDocument>;

export const MediaPublishedDetail = z.object({ media: MediaDocument });
export type MediaPublishedDetail = z.infer<typeof MediaPublishedDetail>;

/**
 * What the search read model needs of an artwork, carried in the event (services own their tables,
 * so search never reads content's). Sent on every change that could alter a hit: edits, publish,
 * unpublish/archive, edition and impression moves (price, availability), collection membership.
 * `status` other than `published` means "remove from search".
 */
export const ArtworkProjection = z.object({
  artworkId: z.uuid(),
  slug: z.string().min(1).max(80),
  status: z.enum(['draft', 'published', 'archived']),
  title: z.string().max(200),
  description: z.string().max(10_000),
  techniques: z.array(z.string().min(1)),
  collections: z.array(z.object({ slug: z.string().min(1), title: z.string() })),
  year: z.int().nullable(),
  plateWidthMm: z.int().positive().nullable(),
  plateHeightMm: z.int().positive().nullable(),
  /**
   * Lowest and highest price over the editions that still have an impression on offer (available or
   * reserved), minor units; null when nothing is on offer.
   */
  price: z
    .object({ minMinor: z.int().nonnegative(), maxMinor: z.int().nonnegative(), currency: z.string().length(3) })
    .nullable(),
  /** `available`: an impression can be bought; `reserved`: only reserved ones left; `sold-out`; `none`: no edition. */
  availability: z.enum(['available', 'reserved', 'sold-out', 'none']),
  publishedAt: z.iso.datetime({ offset: true }).nullable(),
  /** When content made the change; a consumer ignores a projection older than the one it holds. */
  changedAt: z.iso.datetime({ offset: true }),
});
export type ArtworkProjection = z.infer<typeof ArtworkProjection>;

export const ArtworkChangedDetail = z.object({ artwork: ArtworkProjection });
export type ArtworkChangedDetail = z.infer<typeof ArtworkChangedDetail>;

/** The envelope EventBridge hands a Lambda target; only the fields the consumers use are typed. */
export const eventEnvelope = <T extends z.ZodType>(detail: T) =>
  z.object({
    id: z.string(),
    source: z.string(),
    'detail-type': z.string(),
    time: z.string().optional(),
    detail,
  });

/** An event that breaks its contract: the producer drifted, so the message names every field it got wrong. */
export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
  constructor(
    readonly eventName: string,
    readonly issues: { path: string; message: string }[],
    options?: ErrorOptions,
  ) {
    super(`${eventName} refused: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, options);
  }
}

/** `event` as `schema` says it is, or an InvalidEventError naming each field that is not. */
export function parseEvent<T extends z.ZodType>(schema: T, event: unknown, eventName: string): z.output<T> {
  const parsed = schema.safeParse(event);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new InvalidEventError(eventName, issues, { cause: parsed.error });
}
