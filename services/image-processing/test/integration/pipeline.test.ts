import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { jobs as jobsTable, media } from '@copper/db/schema';
import type { MediaDocument } from '@copper/events';
import {
  cmykJpeg,
  displayP3Image,
  exifRotatedJpeg,
  grayscaleScan,
  panorama,
  plateImage,
  pngBombHeader,
  randomBytes,
  sixteenBitImage,
  svgImage,
  truncatedJpeg,
} from '@copper/imaging/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRequestError } from '../../src/domain/errors.ts';
import { type Harness, MEDIA, startHarness } from '../support/harness.ts';

// The whole workflow on real sharp, a real database and s3rver, driven by the definition in
// serverless.yml: what an artist's job does, and how each bad or tricky scan is answered.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => {
  await h?.close();
});

async function runJob(bytes: Buffer, extension: 'jpg' | 'png' | 'tif' | 'webp' = 'jpg', extra = {}) {
  const artworkId = await h.artwork();
  const uploadKey = await h.upload(bytes, extension);
  const { job } = await h.jobs.submit({ artworkId, uploadKey, ...extra });
  expect(job.status).toBe('queued');
  const execution = await h.settle(job);
  return { execution, job: await h.jobs.get(job.id), artworkId };
}

describe('a job from a plate scan to published media', () => {
  it('renders every width × format, tiles, a placeholder, and publishes one media record', async () => {
    const before = new Set(await h.mediaKeys());
    const { execution, job, artworkId } = await runJob(await plateImage({ width: 3000, height: 2000 }), 'jpg', {
      alt: 'A harbour at dusk',
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(job.status).toBe('succeeded');
    expect(job.steps.map((step) => [step.step, step.status, step.percent])).toEqual([
      ['inspect', 'succeeded', 100],
      ['render', 'succeeded', 100],
      ['tiles', 'succeeded', 100],
      ['placeholder', 'succeeded', 100],
      ['publish', 'succeeded', 100],
    ]);
    for (const step of job.steps)
      expect(step.endedAt?.getTime()).toBeGreaterThanOrEqual(step.startedAt?.getTime() ?? 0);

    const document = h.published.at(-1);
    expect(document?.artworkId).toBe(artworkId);
    expect(document?.alt).toBe('A harbour at dusk');
    expect(document?.renditions.map((r) => `${r.width}.${r.format}`).sort()).toEqual(
      [320, 640, 960, 1280, 1920, 2560].flatMap((w) => [`${w}.avif`, `${w}.jpeg`, `${w}.webp`]).sort(),
    );
    expect(document?.tiles.dziKey).toMatch(/\.dzi$/);
    expect(document?.placeholder.dominantColour).toMatch(/^#[0-9a-f]{6}$/);

    const made = (await h.mediaKeys()).filter((key) => !before.has(key));
    for (const rendition of document?.renditions ?? []) expect(made).toContain(rendition.key);
    expect(made).toContain(document?.tiles.dziKey);
    expect(made).toContain(document?.placeholder.key);
    expect(made.filter((key) => key.includes('_files/')).length).toBe(document?.tiles.tiles);
    const head = await h.s3.send(new HeadObjectCommand({ Bucket: MEDIA, Key: document?.renditions[0]?.key }));
    expect(head.CacheControl).toBe('public, max-age=31536000, immutable');

    const rows = await h.database.db.select().from(media).where(eq(media.artworkId, artworkId));
    expect(rows).toHaveLength(1);
    expect(job.mediaId).toBe(rows[0]?.id);
    expect(job.sourceSha256).toBe(document?.sourceSha256);
  }, 300_000);

  it('watermarks only the renditions 1280 px and wider when asked', async () => {
    const { job } = await runJob(await plateImage({ width: 1400, height: 1000, seed: 5 }), 'jpg', { watermark: true });
    expect(job.status).toBe('succeeded');
    const renditions = h.published.at(-1)?.renditions ?? [];
    expect(renditions.filter((r) => r.watermarked).map((r) => r.width)).toEqual([1280, 1280, 1280]);
    expect(renditions.filter((r) => r.width < 1280).every((r) => !r.watermarked)).toBe(true);
  }, 120_000);

  it('replays every step without writing anything new', async () => {
    const { job } = await runJob(await plateImage({ width: 1200, height: 900, seed: 11 }));
    const keys = await h.mediaKeys();
    const rows = await h.database.db.select().from(media);
    const state = await (async () => {
      const input = {
        jobId: job.id,
        attempt: 1,
        artworkId: job.artworkId,
        uploadKey: job.uploadKey,
        alt: '',
        watermark: false,
      };
      const source = await h.pipeline.inspect(input);
      if (!source.ok) throw new Error('refused on replay');
      const renditions = await h.pipeline.render({ ...input, source });
      const tiles = await h.pipeline.tiles({ ...input, source });
      const placeholder = await h.pipeline.placeholder({ ...input, source });
      return { ...input, source, renditions, tiles, placeholder };
    })();
    const first = h.published.at(-1);
    await h.pipeline.publish(state);
    expect(await h.mediaKeys()).toEqual(keys);
    const after = await h.database.db.select().from(media);
    expect(after).toHaveLength(rows.length);
    expect(h.published.at(-1)).toEqual(first);
    expect((await h.jobs.get(job.id)).status).toBe('succeeded');
  }, 120_000);
});

describe('tricky scans come out right', () => {
  it('a CMYK JPEG becomes sRGB renditions', async () => {
    const { job } = await runJob(await cmykJpeg({ width: 1000, height: 700 }));
    expect(job.status).toBe('succeeded');
    expect(h.published.at(-1)?.renditions.every((r) => r.colourSpace === 'srgb')).toBe(true);
  }, 60_000);

  it.each([
    ['png', 'png'],
    ['tiff', 'tif'],
  ] as const)(
    'a 16-bit %s is processed',
    async (format, extension) => {
      const { job } = await runJob(await sixteenBitImage({ width: 900, height: 700, format }), extension);
      expect(job.status).toBe('succeeded');
      expect(job.steps[0]?.output).toMatchObject({ bitDepth: 16 });
    },
    60_000,
  );

  it('an EXIF-rotated JPEG comes out upright', async () => {
    const { job } = await runJob(await exifRotatedJpeg({ width: 1000, height: 600 }));
    expect(job.status).toBe('succeeded');
    const document = h.published.at(-1);
    // Stored 1000 × 600 with orientation 6: visitors see it 600 wide and 1000 tall.
    expect([document?.width, document?.height]).toEqual([600, 1000]);
    expect(document?.renditions.every((r) => r.height > r.width)).toBe(true);
  }, 60_000);

  it('a Display P3 source keeps P3 in AVIF and WebP, with an sRGB JPEG', async () => {
    const { job } = await runJob(await displayP3Image({ width: 800, height: 600 }));
    expect(job.status).toBe('succeeded');
    const renditions = h.published.at(-1)?.renditions ?? [];
    expect(renditions.filter((r) => r.format !== 'jpeg').every((r) => r.colourSpace === 'p3')).toBe(true);
    expect(renditions.filter((r) => r.format === 'jpeg').every((r) => r.colourSpace === 'srgb')).toBe(true);
  }, 60_000);

  it('a very tall panorama is never upscaled', async () => {
    const { job } = await runJob(await panorama({ width: 500, height: 6000 }));
    expect(job.status).toBe('succeeded');
    const document = h.published.at(-1);
    expect(document?.renditions.every((r) => r.width <= 500)).toBe(true);
    expect(document?.tiles.levels).toBeGreaterThan(10);
  }, 60_000);

  it('a grayscale scan is processed', async () => {
    const { job } = await runJob(await grayscaleScan({ width: 1000, height: 800 }));
    expect(job.status).toBe('succeeded');
  }, 60_000);
});

describe('bad scans end as a failed job with a reason, and nothing is published', () => {
  // The decoders' own words (libvips, libjpeg, libpng, libtiff, sharp) are for the log, never the artist.
  const ENGINE_WORDS = /vips|libjpeg|premature|libpng|spng|tiff2vips|sharp|marker|huffman|input (buffer|file)/i;

  it.each([
    [
      'bytes that are not an image, under an image name',
      () => randomBytes(8192),
      'jpg',
      /^The file is not a readable image \(JPEG, PNG, TIFF or WebP\)\.$/,
      undefined,
    ],
    [
      'a JPEG signature over garbage',
      async () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0x00, 0x43]), randomBytes(8192, 3)]),
      'jpg',
      /^The file is not a readable image \(JPEG, PNG, TIFF or WebP\)\.$/,
      /jpeg/i,
    ],
    [
      'a truncated JPEG',
      () => truncatedJpeg({ width: 1200, height: 900 }),
      'jpg',
      /^The file ends early, as if its upload was cut off; upload the scan again\.$/,
      /VipsJpeg|premature/i,
    ],
    [
      'a PNG declaring 30,000 × 30,000 pixels',
      () => pngBombHeader({ width: 30_000, height: 30_000 }),
      'png',
      /above the 200 MP limit/i,
      undefined,
    ],
    ['an SVG', () => svgImage(), 'png', /SVG|not accepted|unsupported/i, undefined],
  ] as const)(
    '%s',
    async (_name, make, extension, reason, logged) => {
      const keys = await h.mediaKeys();
      const mediaRows = (await h.database.db.select().from(media)).length;
      const published = h.published.length;
      const { execution, job } = await runJob(await make(), extension);
      expect(execution.status).toBe('FAILED');
      expect(job.status).toBe('failed');
      expect(job.reason).toMatch(reason);
      expect(job.reason).not.toMatch(ENGINE_WORDS);
      expect(job.reason).toMatch(/^[A-Z].*\.$/);
      expect(job.failedStep).toBe('inspect');
      expect(job.steps.slice(1).every((step) => step.status === 'skipped')).toBe(true);
      expect(await h.mediaKeys()).toEqual(keys);
      expect(await h.database.db.select().from(media)).toHaveLength(mediaRows);
      expect(h.published).toHaveLength(published);
      const entry = h.logs.find((log) => log.attributes.jobId === job.id);
      expect(entry?.message).toBe('scan refused');
      if (logged) expect(String(entry?.attributes.detail)).toMatch(logged);
    },
    60_000,
  );

  it('refuses a 0-byte upload before any job exists', async () => {
    const artworkId = await h.artwork();
    const uploadKey = await h.upload(Buffer.alloc(0));
    const count = (await h.database.db.select().from(jobsTable)).length;
    await expect(h.jobs.submit({ artworkId, uploadKey })).rejects.toMatchObject({
      name: 'JobRequestError',
      field: 'body.uploadKey',
    });
    expect(await h.database.db.select().from(jobsTable)).toHaveLength(count);
  });

  it('refuses an unknown upload key and an artwork that does not exist, naming the field', async () => {
    const artworkId = await h.artwork();
    const uploadKey = await h.upload(await plateImage({ width: 400, height: 300 }));
    await expect(
      h.jobs.submit({ artworkId, uploadKey: 'originals/2026/11/00000000-0000-4000-8000-000000000000.jpg' }),
    ).rejects.toSatisfy((error) => error instanceof JobRequestError && error.field === 'body.uploadKey');
    await expect(h.jobs.submit({ artworkId: '00000000-0000-4000-8000-000000000000', uploadKey })).rejects.toSatisfy(
      (error) => error instanceof JobRequestError && error.field === 'body.artworkId',
    );
  });
});

describe('a scan byte-identical to an earlier one', () => {
  async function jobFor(artworkId: string, bytes: Buffer, alt?: string) {
    const uploadKey = await h.upload(bytes);
    const { job } = await h.jobs.submit({ artworkId, uploadKey, ...(alt === undefined ? {} : { alt }) });
    expect((await h.settle(job)).status).toBe('SUCCEEDED');
    return h.jobs.get(job.id);
  }
  const documentOf = async (mediaId: string | null) => {
    const [row] = await h.database.db
      .select()
      .from(media)
      .where(eq(media.id, mediaId ?? ''));
    return row?.document as MediaDocument | undefined;
  };

  it('for another artwork shares the files, and each artwork keeps its own alt text', async () => {
    const scan = await plateImage({ width: 900, height: 600, seed: 41 });
    const first = await jobFor(await h.artwork(), scan, 'A');
    const second = await jobFor(await h.artwork(), scan, 'B');
    expect(second.mediaId).not.toBe(first.mediaId);
    const [a, b] = [await documentOf(first.mediaId), await documentOf(second.mediaId)];
    expect(a).toMatchObject({ artworkId: first.artworkId, alt: 'A' });
    expect(b).toMatchObject({ artworkId: second.artworkId, alt: 'B' });
    expect(b?.renditions.map((r) => r.key)).toEqual(a?.renditions.map((r) => r.key));
    expect(h.published.filter((d) => d.id === first.mediaId).every((d) => d.alt === 'A')).toBe(true);
  }, 120_000);

  it('for the same artwork keeps the alt text when the new job gives none, and takes a new one', async () => {
    const scan = await plateImage({ width: 900, height: 600, seed: 43 });
    const artworkId = await h.artwork();
    const first = await jobFor(artworkId, scan, 'Gulls over the harbour wall');
    const again = await jobFor(artworkId, scan);
    expect(again.mediaId).toBe(first.mediaId);
    expect(await documentOf(first.mediaId)).toMatchObject({ alt: 'Gulls over the harbour wall' });
    expect(h.published.at(-1)).toMatchObject({ id: first.mediaId, alt: 'Gulls over the harbour wall' });
    const blank = await jobFor(artworkId, scan, '');
    expect(blank.mediaId).toBe(first.mediaId);
    expect(await documentOf(first.mediaId)).toMatchObject({ alt: 'Gulls over the harbour wall' });
    const renamed = await jobFor(artworkId, scan, 'Gulls at low tide');
    expect(renamed.mediaId).toBe(first.mediaId);
    expect(await documentOf(first.mediaId)).toMatchObject({ alt: 'Gulls at low tide' });
    expect(h.published.at(-1)).toMatchObject({ id: first.mediaId, alt: 'Gulls at low tide' });
  }, 180_000);
});

describe('idempotency and retry', () => {
  it('returns the same job for the same key and body, and refuses the key with another body', async () => {
    const artworkId = await h.artwork();
    const uploadKey = await h.upload(await plateImage({ width: 400, height: 300, seed: 3 }));
    const first = await h.jobs.submit({ artworkId, uploadKey }, 'key-1');
    const again = await h.jobs.submit({ artworkId, uploadKey }, 'key-1');
    expect(again.job.id).toBe(first.job.id);
    expect(again.replayed).toBe(true);
    await expect(h.jobs.submit({ artworkId, uploadKey, alt: 'other' }, 'key-1')).rejects.toMatchObject({
      field: 'headers.idempotency-key',
    });
    await h.settle(first.job);
    expect(h.executions.has(`${first.job.id}-2`)).toBe(false);
  }, 60_000);

  it('refuses to retry a job that did not fail', async () => {
    const { job } = await runJob(await plateImage({ width: 400, height: 300, seed: 4 }));
    await expect(h.jobs.retry(job.id)).rejects.toMatchObject({ status: 409, field: 'path.id' });
  }, 60_000);
});
