// The workflow's tasks, one per state of the state machine. Each takes the execution's state and
// returns what the next needs. Each is idempotent: outputs go to keys derived from the source's
// digest and settings, a step's manifest is written last and, when present, the step is done;
// rows are upserts. Expected outcomes (a refused scan) are values; the unexpected throws and is
// retried by the state machine, except `JobRefusedError`, which no retry can fix.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaDocument, MediaPlaceholder, MediaRendition, MediaTiles } from '@copper/events';
import { SourceRefusedError } from '@copper/imaging/errors';
import type { RenditionFormat } from '@copper/imaging/renditions';
import { JobRefusedError } from './errors.ts';
import { derivedUuid, MANIFEST, placeholderKey, renditionsPrefix, specId, tilesPrefix } from './keys.ts';
import type {
  ArtworkDirectory,
  Imaging,
  JobStore,
  MediaEvents,
  MediaObjects,
  MediaRecords,
  Originals,
  PipelineLogger,
  StepName,
} from './ports.ts';

export interface JobInput {
  jobId: string;
  attempt: number;
  artworkId: string;
  uploadKey: string;
  alt: string;
  watermark: boolean;
}

export interface SourceAccepted {
  ok: true;
  sha256: string;
  bytes: number;
  format: string;
  /** Upright, as visitors see it. */
  width: number;
  height: number;
  bitDepth: number;
  gamut: string;
  megapixels: number;
}
export interface SourceRefused {
  ok: false;
  reason: string;
  /** What the artist reads on the job. */
  message: string;
}
export type InspectOutput = SourceAccepted | SourceRefused;
export interface RenderOutput {
  spec: string;
  renditions: MediaRendition[];
}
export type TilesOutput = MediaTiles & { spec: string };
export type PlaceholderOutput = MediaPlaceholder;
export interface PublishOutput {
  mediaId: string;
}

export interface PipelineDeps {
  jobs: JobStore;
  originals: Originals;
  media: MediaObjects;
  records: MediaRecords;
  artworks: ArtworkDirectory;
  events: MediaEvents;
  imaging: Imaging;
  settings: {
    workDir: string;
    maxPixels: number;
    watermarkText: string;
    watermarkFont?: string | undefined;
  };
  /** Tiles are many small objects; this many uploads run at once. */
  uploadConcurrency?: number;
  /** Gets the decoders' own words, which the artist is never shown; none in benches. */
  logger?: PipelineLogger;
  now?: () => Date;
}

const EXTENSION: Record<RenditionFormat, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg' };
// The widths and formats of issue #4, spelled here (not imported) so the key spec never drifts silently.
const WIDTHS = [320, 640, 960, 1280, 1920, 2560];
const FORMATS: RenditionFormat[] = ['avif', 'webp', 'jpeg'];
const TILE_SETTINGS = { kind: 'dzi', tileSize: 254, overlap: 1, format: 'jpeg', quality: 80 } as const;

export function createPipeline(deps: PipelineDeps) {
  const { jobs, media, settings } = deps;
  const now = deps.now ?? (() => new Date());
  const limits = { maxPixels: settings.maxPixels };

  /** The scan on local disk: the copy an earlier task left in this container, or a fresh one. */
  async function sourceFile(input: JobInput, sha256: string): Promise<string> {
    const fetched = await deps.originals.fetch(input.uploadKey, sha256);
    if (!fetched) throw new JobRefusedError('The uploaded scan was removed while the job was running.');
    if (fetched.sha256 !== sha256) {
      throw new JobRefusedError('The uploaded scan changed while the job was running; submit a new job.');
    }
    return fetched.path;
  }

  /** A manifest a step wrote when it finished, if it ever did. */
  async function finished<T>(key: string): Promise<T | undefined> {
    if (!(await media.exists(key))) return undefined;
    return (await media.getJson(key)) as T;
  }

  /** The artist's words for a refusal; the imaging package's own, with the decoder's, go to the log. */
  function refusedScan(jobId: string, reason: string, detail: string): string {
    deps.logger?.warn('scan refused', { jobId, reason, detail });
    return artistReason(reason, detail, settings.maxPixels);
  }

  /** sharp's refusals of the pixels themselves (truncated, corrupt) are final; the rest may be transient. */
  async function imagingStep<T>(jobId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof SourceRefusedError) {
        throw new JobRefusedError(refusedScan(jobId, error.reason, error.message), { cause: error });
      }
      throw error;
    }
  }

  async function putJson(key: string, value: unknown) {
    await media.put(key, Buffer.from(JSON.stringify(value)), 'application/json');
  }

  /**
   * Runs `work` through a small pool, reporting progress now and then. After a failure no new item
   * starts, and the step waits for those in flight before it throws, so its clean-up never pulls a
   * file from under an upload still reading it.
   */
  async function uploadAll<T>(items: readonly T[], step: StepName, jobId: string, work: (item: T) => Promise<void>) {
    const concurrency = deps.uploadConcurrency ?? 16;
    let next = 0;
    let done = 0;
    let reported = 0;
    let failure: { error: unknown } | undefined;
    const worker = async () => {
      while (next < items.length && !failure) {
        const item = items[next++] as T;
        try {
          await work(item);
        } catch (error) {
          failure ??= { error };
          return;
        }
        done += 1;
        const percent = Math.floor((done / items.length) * 100);
        if (percent >= reported + 10 && percent < 100) {
          reported = percent;
          await jobs.stepProgress(jobId, step, percent).catch(() => {});
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
    if (failure) throw failure.error;
  }

  return {
    async inspect(input: JobInput): Promise<InspectOutput> {
      await jobs.stepStarted(input.jobId, 'inspect');
      const fetched = await deps.originals.fetch(input.uploadKey);
      const refuse = async (reason: string, message: string): Promise<SourceRefused> => {
        await jobs.failed(input.jobId, message, 'inspect');
        return { ok: false, reason, message };
      };
      if (!fetched) return refuse('missing', 'The uploaded scan is gone; upload it again and submit a new job.');
      const inspection = await deps.imaging.inspect(fetched.path, limits);
      if (!inspection.ok) {
        return refuse(inspection.reason, refusedScan(input.jobId, inspection.reason, inspection.message));
      }
      const { info } = inspection;
      const accepted: SourceAccepted = {
        ok: true,
        sha256: fetched.sha256,
        bytes: fetched.bytes,
        format: info.format,
        width: info.orientedWidth,
        height: info.orientedHeight,
        bitDepth: info.bitDepth,
        gamut: info.gamut,
        megapixels: info.megapixels,
      };
      const { ok: _ok, ...output } = accepted;
      await jobs.stepSucceeded(input.jobId, 'inspect', output, { sourceSha256: fetched.sha256 });
      return accepted;
    },

    async render(input: JobInput & { source: SourceAccepted }): Promise<RenderOutput> {
      await jobs.stepStarted(input.jobId, 'render');
      const watermark = input.watermark ? settings.watermarkText : null;
      const spec = specId({ widths: WIDTHS, formats: FORMATS, watermark });
      const prefix = renditionsPrefix(input.source.sha256, spec);
      const manifestKey = `${prefix}${MANIFEST}`;

      let output = await finished<RenderOutput>(manifestKey);
      if (!output) {
        const path = await sourceFile(input, input.source.sha256);
        const renditions = await imagingStep(input.jobId, () =>
          deps.imaging.render(path, {
            ...limits,
            widths: WIDTHS,
            formats: FORMATS,
            ...(watermark ? { watermark: { text: watermark, fontfile: settings.watermarkFont } } : {}),
          }),
        );
        const described: MediaRendition[] = [];
        await uploadAll(renditions, 'render', input.jobId, async (rendition) => {
          const key = `${prefix}${rendition.width}.${EXTENSION[rendition.format]}`;
          await media.put(key, rendition.bytes, rendition.contentType);
          described.push({
            width: rendition.width,
            height: rendition.height,
            format: rendition.format,
            contentType: rendition.contentType,
            colourSpace: rendition.colourSpace,
            watermarked: rendition.watermarked,
            bytes: rendition.bytes.length,
            key,
          });
        });
        described.sort((a, b) => a.width - b.width || a.format.localeCompare(b.format));
        output = { spec, renditions: described };
        await putJson(manifestKey, output);
      }
      await jobs.stepSucceeded(input.jobId, 'render', {
        renditions: output.renditions.length,
        widths: [...new Set(output.renditions.map((r) => r.width))],
      });
      return output;
    },

    async tiles(input: JobInput & { source: SourceAccepted }): Promise<TilesOutput> {
      await jobs.stepStarted(input.jobId, 'tiles');
      const spec = specId(TILE_SETTINGS);
      const prefix = tilesPrefix(input.source.sha256, spec);
      const manifestKey = `${prefix}${MANIFEST}`;

      let output = await finished<TilesOutput>(manifestKey);
      if (!output) {
        const path = await sourceFile(input, input.source.sha256);
        const directory = join(settings.workDir, 'tiles', `${input.jobId}-${input.attempt}-${Date.now()}`);
        const pyramid = await imagingStep(input.jobId, () =>
          deps.imaging.deepZoom(path, {
            ...limits,
            directory,
            name: 'image',
            tileSize: TILE_SETTINGS.tileSize,
            overlap: TILE_SETTINGS.overlap,
            format: TILE_SETTINGS.format,
            quality: TILE_SETTINGS.quality,
          }),
        );
        try {
          await uploadAll(pyramid.tiles, 'tiles', input.jobId, (tile) =>
            media.put(`${prefix}${tile.key}`, { path: tile.path }, pyramid.contentType),
          );
          // The descriptor goes after its tiles, so a viewer that finds it finds every tile.
          await media.put(`${prefix}${pyramid.dzi.key}`, Buffer.from(pyramid.dzi.xml), 'application/xml');
        } finally {
          await rm(directory, { recursive: true, force: true });
        }
        output = {
          spec,
          dziKey: `${prefix}${pyramid.dzi.key}`,
          width: pyramid.width,
          height: pyramid.height,
          tileSize: pyramid.tileSize,
          overlap: pyramid.overlap,
          format: pyramid.format,
          levels: pyramid.levels.length,
          tiles: pyramid.tiles.length,
        };
        await putJson(manifestKey, output);
      }
      await jobs.stepSucceeded(input.jobId, 'tiles', { tiles: output.tiles, levels: output.levels });
      return output;
    },

    async placeholder(input: JobInput & { source: SourceAccepted }): Promise<PlaceholderOutput> {
      await jobs.stepStarted(input.jobId, 'placeholder');
      const key = placeholderKey(input.source.sha256);
      let output = await finished<PlaceholderOutput>(key);
      if (!output) {
        const path = await sourceFile(input, input.source.sha256);
        const made = await imagingStep(input.jobId, () => deps.imaging.placeholder(path, limits));
        output = { thumbhash: made.thumbhash, dominantColour: made.dominant, key };
        await putJson(key, output);
      }
      await jobs.stepSucceeded(input.jobId, 'placeholder', { dominantColour: output.dominantColour });
      return output;
    },

    async publish(
      input: JobInput & {
        source: SourceAccepted;
        renditions: RenderOutput;
        tiles: TilesOutput;
        placeholder: PlaceholderOutput;
      },
    ): Promise<PublishOutput> {
      await jobs.stepStarted(input.jobId, 'publish');
      if (!(await deps.artworks.exists(input.artworkId))) {
        throw new JobRefusedError('The artwork was deleted while its image was being processed.');
      }
      const { spec: tileSpec, ...tiles } = input.tiles;
      const spec = `${input.renditions.spec}.${tileSpec}`;
      const document: MediaDocument = {
        id: derivedUuid(input.artworkId, input.source.sha256, spec),
        artworkId: input.artworkId,
        jobId: input.jobId,
        sourceSha256: input.source.sha256,
        alt: input.alt,
        width: input.source.width,
        height: input.source.height,
        renditions: input.renditions.renditions,
        tiles,
        placeholder: input.placeholder,
        publishedAt: now().toISOString(),
      };
      const stored = await deps.records.upsert(document, spec);
      // Told after the row exists, so a consumer never hears of media the service has no record of;
      // consumers upsert by id, so a replay that tells them twice is harmless.
      await deps.events.mediaPublished(stored);
      await jobs.stepSucceeded(input.jobId, 'publish', { mediaId: stored.id });
      await jobs.succeeded(input.jobId, stored.id);
      return { mediaId: stored.id };
    },

    /** The Catch path: the job is marked failed with a reason; originals and earlier media stay. */
    async recordFailure(input: { jobId: string; error?: { Error?: string; Cause?: string } }) {
      deps.logger?.warn('job failed', { jobId: input.jobId, error: input.error?.Error, cause: input.error?.Cause });
      const reason = plainReason(input.error?.Error, input.error?.Cause);
      await jobs.failed(input.jobId, reason);
      return { reason };
    },
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;

/**
 * What the artist reads when a scan is refused, by the kind of refusal. The imaging package's message
 * may quote the decoder (libvips, libjpeg…), which means nothing to an artist; its own plain ones, for
 * formats it does not take, are kept.
 */
export function artistReason(reason: string, message: string, maxPixels: number): string {
  switch (reason) {
    case 'empty':
      return 'The file is empty (0 bytes); upload the scan again.';
    case 'truncated':
      return 'The file ends early, as if its upload was cut off; upload the scan again.';
    case 'too-many-pixels':
      return `The scan is above the ${Math.round(maxPixels / 1_000_000)} MP limit; export it at a lower resolution.`;
    case 'unsupported-format': {
      const sentence = message.charAt(0).toUpperCase() + message.slice(1);
      return sentence.endsWith('.') ? sentence : `${sentence}.`;
    }
    default:
      return 'The file is not a readable image (JPEG, PNG, TIFF or WebP).';
  }
}

/**
 * What the artist reads when a job failed: a refusal's own (already plain) words, or what kind of
 * trouble it was. An unexpected error's message (sharp's, S3's) stays in the log, where
 * `recordFailure` puts it.
 */
export function plainReason(error: string | undefined, cause: string | undefined): string {
  let message = cause ?? '';
  try {
    const parsed: unknown = JSON.parse(message);
    if (parsed && typeof parsed === 'object' && 'errorMessage' in parsed && typeof parsed.errorMessage === 'string') {
      message = parsed.errorMessage;
    }
  } catch {
    // A Cause that is not JSON is already the message.
  }
  const short = message.length > 300 ? `${message.slice(0, 297)}…` : message;
  if (error === 'JobRefusedError') return short || 'The scan cannot be processed.';
  if (error === 'States.Timeout') return 'A step took longer than its time limit; retry the job.';
  return `Processing failed after several attempts (${error ?? 'unknown error'}); retry the job.`;
}
