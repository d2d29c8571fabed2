import { randomBytes, randomUUID } from 'node:crypto';
import { DETAIL_TYPES, type MediaDocument, SOURCES } from '@copper/events';

/** A MediaDocument as the image service publishes it, for `artworkId`; `overrides` win. */
export function mediaDocument(artworkId: string, overrides: Partial<MediaDocument> = {}): MediaDocument {
  const id = overrides.id ?? randomUUID();
  const prefix = `media/${artworkId}/${id}`;
  return {
    id,
    artworkId,
    jobId: randomUUID(),
    sourceSha256: 'ab'.repeat(32),
    alt: 'Harbour at low tide, aquatint',
    width: 6000,
    height: 4000,
    renditions: [640, 1280].flatMap((width) =>
      (['avif', 'jpeg'] as const).map((format) => ({
        width,
        height: Math.round((width * 2) / 3),
        format,
        contentType: `image/${format}` as const,
        colourSpace: 'srgb',
        watermarked: false,
        bytes: width * 10,
        key: `${prefix}/${width}.${format}`,
      })),
    ),
    tiles: {
      dziKey: `${prefix}/tiles.dzi`,
      width: 6000,
      height: 4000,
      tileSize: 254,
      overlap: 1,
      format: 'jpeg',
      levels: 14,
      tiles: 520,
    },
    placeholder: {
      thumbhash: 'HBkSHYSIeHiPiHh8eJd4eTN0EEQG',
      dominantColour: '#3a4b5c',
      key: `${prefix}/placeholder.png`,
    },
    publishedAt: new Date().toISOString(),
    ...overrides,
  };
}

/**
 * A MediaDocument shaped exactly like the image service's output for a large scan: keys under
 * `media/ab/<sha256>/r-<spec>/`, every default width (320–2560) in AVIF, WebP and JPEG.
 */
export function processedScan(artworkId: string, alt: string): MediaDocument {
  const sha256 = randomBytes(32).toString('hex');
  const prefix = `media/${sha256.slice(0, 2)}/${sha256}/`;
  const spec = randomBytes(8).toString('hex');
  return mediaDocument(artworkId, {
    sourceSha256: sha256,
    alt,
    renditions: [320, 640, 960, 1280, 1920, 2560].flatMap((width) =>
      (['avif', 'webp', 'jpeg'] as const).map((format) => ({
        width,
        height: Math.round(width * 1.4),
        format,
        contentType: `image/${format}` as const,
        colourSpace: 'srgb',
        watermarked: width >= 1280,
        bytes: width * 90,
        key: `${prefix}r-${spec}/${width}.${format === 'jpeg' ? 'jpg' : format}`,
      })),
    ),
    tiles: { ...mediaDocument(artworkId).tiles, dziKey: `${prefix}t-${spec}/image.dzi` },
    placeholder: {
      thumbhash: 'mfcJHQSGd4iPd3eHeHeIiHiHeHiJB4Y',
      dominantColour: '#4a3b2c',
      key: `${prefix}placeholder.json`,
    },
  });
}

/** The event EventBridge hands the mediaEvents function for one MediaPublished put on the bus. */
export function mediaPublishedEvent(detail: unknown) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': DETAIL_TYPES.mediaPublished,
    source: SOURCES.imaging,
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'eu-west-1',
    resources: [],
    detail,
  };
}
