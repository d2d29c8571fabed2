// The side effects the image jobs need, named in the domain's words. Adapters implement them over
// drizzle, S3, Step Functions, EventBridge and sharp; tests wrap them to fail on purpose.
import type { MediaDocument } from '@copper/events';
import type {
  DeepZoom,
  DeepZoomOptions,
  Inspection,
  Placeholder,
  Rendition,
  RenditionOptions,
  SourceLimits,
} from '@copper/imaging';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export type StepName = 'inspect' | 'render' | 'tiles' | 'placeholder' | 'publish';
export type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface JobStep {
  step: StepName;
  status: StepStatus;
  percent: number;
  startedAt: Date | null;
  endedAt: Date | null;
  output: unknown;
}

export interface Job {
  id: string;
  artworkId: string;
  uploadKey: string;
  alt: string;
  watermark: boolean;
  status: JobStatus;
  reason: string | null;
  failedStep: StepName | null;
  attempt: number;
  sourceSha256: string | null;
  mediaId: string | null;
  idempotencyKey: string | null;
  requestFingerprint: string;
  createdAt: Date;
  updatedAt: Date;
  steps: JobStep[];
  /** The media document the job published, once it has. */
  media?: unknown;
}

export interface NewJob {
  artworkId: string;
  uploadKey: string;
  alt: string;
  watermark: boolean;
  idempotencyKey: string | null;
  requestFingerprint: string;
}

export interface JobStore {
  /** Inserts the job and its pending steps; `existing` when the idempotency key is already taken. */
  create(job: NewJob): Promise<{ created: true; job: Job } | { created: false; job: Job }>;
  get(id: string): Promise<Job | undefined>;
  byIdempotencyKey(key: string): Promise<Job | undefined>;
  list(query: { artworkId?: string | undefined; after?: { at: Date; id: string }; limit: number }): Promise<Job[]>;
  /** A failed job back to queued with the next attempt; undefined unless it was failed. */
  requeue(id: string): Promise<Job | undefined>;
  stepStarted(jobId: string, step: StepName): Promise<void>;
  stepProgress(jobId: string, step: StepName, percent: number): Promise<void>;
  stepSucceeded(jobId: string, step: StepName, output: unknown, patch?: { sourceSha256?: string }): Promise<void>;
  /** Marks the job failed with a reason for the artist; the running step (if any) failed with it. */
  failed(jobId: string, reason: string, step?: StepName): Promise<void>;
  succeeded(jobId: string, mediaId: string): Promise<void>;
}

export interface ArtworkDirectory {
  exists(artworkId: string): Promise<boolean>;
}

/** The artist's uploaded scans (content's originals bucket), read-only here. */
export interface Originals {
  /** Size in bytes, or undefined when there is no such upload. */
  sizeOf(key: string): Promise<number | undefined>;
  /**
   * Streams the scan to a local file while digesting it. `expectedSha256` lets a later task reuse
   * the copy an earlier task left in the same container.
   */
  fetch(key: string, expectedSha256?: string): Promise<{ path: string; sha256: string; bytes: number } | undefined>;
}

export interface MediaObjects {
  exists(key: string): Promise<boolean>;
  put(key: string, body: Buffer | { path: string }, contentType: string): Promise<void>;
  getJson(key: string): Promise<unknown>;
}

export interface MediaRecords {
  /**
   * Inserts the media, or replaces the document of the same id (this artwork, digest and spec: a
   * replay, or a later job for a byte-identical scan) keeping its first `publishedAt`, and its alt
   * text unless the new document gives one: the artist's words are never replaced by nothing.
   * Returns the document as stored.
   */
  upsert(document: MediaDocument, spec: string): Promise<MediaDocument>;
}

export interface Workflow {
  /** Starts the execution for this attempt; starting the same attempt twice is harmless. */
  start(job: Job): Promise<void>;
}

export interface MediaEvents {
  mediaPublished(document: MediaDocument): Promise<void>;
}

export interface Imaging {
  inspect(path: string, limits: SourceLimits): Promise<Inspection>;
  render(path: string, options: RenditionOptions): Promise<Rendition[]>;
  deepZoom(path: string, options: DeepZoomOptions): Promise<DeepZoom>;
  placeholder(path: string, limits: SourceLimits): Promise<Placeholder>;
}

/** Where the workflow notes what the artist is not shown: a decoder's own words, a failure's cause. */
export interface PipelineLogger {
  warn(message: string, attributes: Record<string, unknown>): void;
}
