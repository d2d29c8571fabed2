// The API's request and response shapes: parsed at the edge by the handlers and turned into
// the OpenAPI document by zod-openapi, so the document can never drift from what is enforced.
import {
  ARTWORK_STATUSES,
  EDITION_STATUSES,
  IMPRESSION_KINDS,
  IMPRESSION_STATUSES,
  TECHNIQUES,
  type Technique as TechniqueName,
} from '@copper/catalogue';
import * as z from 'zod';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const Slug = z.string().min(1).max(80).regex(SLUG, 'must be lowercase words joined by hyphens');
export const Id = z.uuid();
// PostgreSQL text cannot hold U+0000: refused here, naming the field, rather than by the database as a 500.
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain the NUL character (U+0000)');
const millimetres = z.int().min(1).max(10_000);

export const Technique = z.enum(TECHNIQUES).meta({ id: 'Technique' });
export const ArtworkStatus = z.enum(ARTWORK_STATUSES).meta({ id: 'ArtworkStatus' });
export const EditionStatus = z.enum(EDITION_STATUSES).meta({ id: 'EditionStatus' });
export const ImpressionStatus = z.enum(IMPRESSION_STATUSES).meta({ id: 'ImpressionStatus' });

export const SizeMm = z.strictObject({ width: millimetres, height: millimetres }).meta({ id: 'SizeMm' });
export const Money = z
  .strictObject({
    amountMinor: z.int().min(0).max(100_000_000),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
  })
  .meta({ id: 'Money' });

// ---- requests -------------------------------------------------------------------------------

export const ArtworkCreate = z
  .strictObject({
    title: text(200).min(1),
    slug: Slug.optional(),
    year: z.int().min(1800).max(2200).optional(),
    techniques: z.array(Technique).max(8).default([]),
    plateSizeMm: SizeMm.optional(),
    description: text(10_000).default(''),
  })
  .meta({ id: 'ArtworkCreate' });

export const ArtworkUpdate = z
  .strictObject({
    title: text(200).min(1),
    slug: Slug,
    year: z.int().min(1800).max(2200).nullable(),
    techniques: z.array(Technique).max(8),
    plateSizeMm: SizeMm.nullable(),
    description: text(10_000),
  })
  .partial()
  .meta({ id: 'ArtworkUpdate' });

export const EditionCreate = z
  .strictObject({
    size: z.int().min(1).max(1000),
    artistProofs: z.int().min(0).max(100).default(0),
    paper: text(200).default(''),
    ink: text(200).default(''),
    sheetSizeMm: SizeMm.optional(),
    plateSizeMm: SizeMm.optional(),
    price: Money,
  })
  .meta({ id: 'EditionCreate' });

export const EditionUpdate = z
  .strictObject({
    size: z.int().min(1).max(1000),
    artistProofs: z.int().min(0).max(100),
    paper: text(200),
    ink: text(200),
    sheetSizeMm: SizeMm.nullable(),
    plateSizeMm: SizeMm.nullable(),
    price: Money,
    status: EditionStatus,
  })
  .partial()
  .meta({ id: 'EditionUpdate' });

export const ArtworkActionPath = z.strictObject({
  id: z.uuid(),
  action: z.enum(['publish', 'unpublish', 'archive', 'restore']),
});
export const ImpressionActionPath = z.strictObject({
  id: z.uuid(),
  action: z.enum(['reserve', 'release', 'sell', 'cancelSale', 'withhold', 'offer']),
});

export const CollectionCreate = z
  .strictObject({ title: text(200).min(1), slug: Slug.optional(), description: text(5000).default('') })
  .meta({ id: 'CollectionCreate' });
export const CollectionUpdate = z
  .strictObject({ title: text(200).min(1), slug: Slug, description: text(5000) })
  .partial()
  .meta({ id: 'CollectionUpdate' });
export const CollectionArtworks = z
  .strictObject({ artworkIds: z.array(Id).max(500) })
  .meta({ id: 'CollectionArtworks' });

export const InquiryCreate = z
  .strictObject({
    name: text(200).min(1),
    email: z.email().max(320),
    message: text(5000).min(1),
    artworkSlug: Slug.optional(),
    impressionId: Id.optional(),
    /** Left empty by people; bots fill every field. */
    website: z.string().max(500).optional(),
  })
  .refine((value) => value.artworkSlug || value.impressionId, {
    message: 'name the artwork or the impression the inquiry is about',
    path: ['artworkSlug'],
  })
  .meta({ id: 'InquiryCreate' });

export const SiteProfileUpdate = z
  .strictObject({
    artistName: text(200).min(1),
    statement: text(2000).meta({ description: 'Plain text (shown as written, never as HTML).' }),
    featuredArtworkIds: z
      .array(Id)
      .max(12)
      .meta({ description: 'Published artworks, each once, in the order the front page shows them.' }),
  })
  .meta({ id: 'SiteProfileUpdate' });

export const UploadRequest = z
  .strictObject({
    filename: z.string().min(1).max(255),
    contentType: z.enum(['image/jpeg', 'image/png', 'image/tiff', 'image/webp'], {
      error: 'must be image/jpeg, image/png, image/tiff or image/webp',
    }),
    size: z
      .int()
      .min(1)
      .max(500 * 1024 * 1024),
  })
  .meta({ id: 'UploadRequest' });

const limit = z.coerce.number().int().min(1).max(100).default(24);
const known = new Set<string>(TECHNIQUES);
/** `etching,drypoint`: one or more of the domain's techniques; a problem names the values it does not know. */
const TechniqueList = z
  .string()
  .max(200)
  .transform((value, context) => {
    const values = [...new Set(value.split(',').map((part) => part.trim()))];
    const unknown = values.filter((part) => !known.has(part));
    if (unknown.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `must be one or more of ${TECHNIQUES.join(', ')}, comma-separated, not ${unknown.map((part) => JSON.stringify(part)).join(', ')}`,
      });
      return z.NEVER;
    }
    return values as TechniqueName[];
  })
  .meta({
    description: `Any of ${TECHNIQUES.join(', ')}, comma-separated: artworks made with at least one of them.`,
    example: 'etching,aquatint',
  });
export const ListQuery = z.strictObject({
  limit,
  cursor: z.string().max(200).optional(),
  collection: Slug.optional(),
  technique: TechniqueList.optional(),
});
export const PageQuery = z.strictObject({ limit, cursor: z.string().max(200).optional() });

export const SlugPath = z.strictObject({ slug: Slug });
export const IdPath = z.strictObject({ id: Id });

// ---- responses --------------------------------------------------------------------------------

const Timestamp = z.iso.datetime({ offset: true });
const CollectionRef = z.object({ slug: Slug, title: z.string() });

export const ArtworkSummary = z
  .object({
    id: Id,
    slug: Slug,
    title: z.string(),
    year: z.int().nullable(),
    techniques: z.array(Technique),
    plateSizeMm: SizeMm.nullable(),
    status: ArtworkStatus,
    publishedAt: Timestamp.nullable(),
  })
  .meta({ id: 'ArtworkSummary' });

const url = z.url();

export const Rendition = z
  .object({
    url,
    width: z.int(),
    height: z.int(),
    format: z.enum(['avif', 'webp', 'jpeg']),
    contentType: z.enum(['image/avif', 'image/webp', 'image/jpeg']),
    bytes: z.int(),
  })
  .meta({ id: 'Rendition' });

export const DeepZoomTiles = z
  .object({
    url: z.url().meta({ description: 'The Deep Zoom (.dzi) descriptor; its tiles sit beside it.' }),
    width: z.int(),
    height: z.int(),
    tileSize: z.int(),
    overlap: z.int(),
    format: z.enum(['jpeg', 'webp']),
  })
  .meta({ id: 'DeepZoomTiles' });

export const Media = z
  .object({
    id: Id,
    alt: z.string(),
    width: z.int(),
    height: z.int(),
    dominantColour: z.string().regex(/^#[0-9a-f]{6}$/),
    placeholder: z.object({
      thumbhash: z.string().meta({ description: 'ThumbHash, base64: a blurred preview to paint first.' }),
      url,
    }),
    renditions: z.array(Rendition),
    tiles: DeepZoomTiles,
    publishedAt: Timestamp,
  })
  .meta({ id: 'Media', description: 'A processed scan of the artwork. An artwork lists its media newest first.' });

const Srcset = z.string().nullable().meta({
  description: 'A ready `srcset` ("url 320w, url 640w, …"); null when the scan has no rendition in this format.',
});

export const CardImage = z
  .object({
    alt: z.string(),
    width: z.int().meta({ description: 'Of the scan: with height, the aspect ratio to reserve.' }),
    height: z.int(),
    dominantColour: z.string().regex(/^#[0-9a-f]{6}$/),
    thumbhash: z.string().meta({ description: 'ThumbHash, base64: a blurred preview to paint first.' }),
    src: z.url().meta({ description: 'A JPEG rendition about 640 px wide, for `<img src>`.' }),
    srcset: z.object({ avif: Srcset, webp: Srcset, jpeg: Srcset }).meta({
      description:
        'Per format, the two largest renditions up to 960 px wide (640w and 960w for a full-size scan), for 1× and 2× screens; the artwork has them all.',
    }),
  })
  .meta({ id: 'CardImage', description: 'The lead image (the newest processed scan) as a card paints it.' });

export const ArtworkCard = ArtworkSummary.omit({ status: true })
  .extend({
    availability: z.object({
      available: z.int().meta({ description: 'Impressions that can be bought now, across editions.' }),
      soldOut: z.boolean().meta({ description: 'Every edition is sold out.' }),
      lowestPrice: Money.nullable().meta({
        description: 'The cheapest open edition with an available impression; null when none is.',
      }),
    }),
    image: CardImage.nullable(),
  })
  .meta({ id: 'ArtworkCard', description: 'A published artwork as a list shows it; open its slug for the rest.' });

export const Impression = z
  .object({
    id: Id,
    label: z.string().meta({ example: '3/25' }),
    kind: z.enum(IMPRESSION_KINDS),
    number: z.int(),
    status: ImpressionStatus,
    version: z.int(),
  })
  .meta({ id: 'Impression' });

export const Edition = z
  .object({
    id: Id,
    size: z.int(),
    artistProofs: z.int(),
    paper: z.string(),
    ink: z.string(),
    sheetSizeMm: SizeMm.nullable(),
    plateSizeMm: SizeMm.nullable(),
    price: Money,
    status: EditionStatus,
    version: z.int(),
    availability: z.object({ available: z.int(), reserved: z.int(), sold: z.int(), soldOut: z.boolean() }),
    impressions: z.array(Impression),
  })
  .meta({ id: 'Edition' });

export const ArtworkDetail = ArtworkSummary.extend({
  description: z.string(),
  version: z.int(),
  collections: z.array(CollectionRef),
  editions: z.array(Edition),
  media: z.array(Media),
}).meta({ id: 'ArtworkDetail' });

export const Collection = z
  .object({ id: Id, slug: Slug, title: z.string(), description: z.string(), version: z.int() })
  .meta({ id: 'Collection' });

export const CollectionListItem = Collection.extend({
  count: z.int().meta({ description: 'Its published artworks.' }),
  cover: CardImage.nullable().meta({
    description: 'The card image of its first published artwork (in the artist’s order) that has one.',
  }),
}).meta({ id: 'CollectionListItem' });

export const Site = z
  .object({
    artistName: z.string(),
    statement: z.string(),
    featured: z.array(ArtworkCard).meta({ description: 'The featured prints still published, in order.' }),
    version: z.int().meta({ description: '0 until the artist first saves the profile.' }),
  })
  .meta({ id: 'Site' });

export const Inquiry = z
  .object({
    id: Id,
    name: z.string(),
    email: z.string(),
    message: z.string(),
    createdAt: Timestamp,
    artwork: z.object({ id: Id, slug: Slug.nullable(), title: z.string().nullable() }).nullable(),
    impressionId: Id.nullable(),
  })
  .meta({ id: 'Inquiry' });

export const UploadTicket = z
  .object({
    uploadKey: z.string(),
    method: z.literal('POST'),
    url: z.url(),
    fields: z.record(z.string(), z.string()),
    maxBytes: z.int(),
    expiresAt: Timestamp,
  })
  .meta({ id: 'UploadTicket' });

export const Health = z
  .object({
    status: z.enum(['ok', 'degraded']),
    service: z.string(),
    version: z.string(),
    stage: z.string(),
    dependencies: z.record(z.string(), z.enum(['reachable', 'unreachable'])).optional(),
  })
  .meta({ id: 'Health' });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
