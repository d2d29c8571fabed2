import type { Job } from '../domain/ports.ts';

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** A job as the artist polls it: overall and per-step progress, outputs when done, a reason when not. */
/** Keys become absolute URLs here, at the edge, so stored documents never pin a domain. */
function withUrls(document: unknown, baseUrl: string): unknown {
  if (Array.isArray(document)) return document.map((item) => withUrls(item, baseUrl));
  if (!document || typeof document !== 'object') return document;
  const entries = Object.entries(document).map(([name, value]) => [name, withUrls(value, baseUrl)] as const);
  const out: Record<string, unknown> = Object.fromEntries(entries);
  if (typeof out.key === 'string') out.url = new URL(out.key, baseUrl).href;
  if (typeof out.dziKey === 'string') out.dziUrl = new URL(out.dziKey, baseUrl).href;
  return out;
}

export function jobView(job: Job, mediaBaseUrl: string) {
  const percent = Math.round(job.steps.reduce((sum, step) => sum + step.percent, 0) / Math.max(1, job.steps.length));
  const self = `/v1/jobs/${job.id}`;
  return {
    id: job.id,
    artworkId: job.artworkId,
    uploadKey: job.uploadKey,
    alt: job.alt,
    watermark: job.watermark,
    status: job.status,
    attempt: job.attempt,
    percent: job.status === 'succeeded' ? 100 : percent,
    reason: job.reason,
    failedStep: job.failedStep,
    sourceSha256: job.sourceSha256,
    steps: job.steps.map((step) => ({
      name: step.step,
      status: step.status,
      percent: step.percent,
      startedAt: iso(step.startedAt),
      endedAt: iso(step.endedAt),
      output: step.output ?? null,
    })),
    outputs: job.status === 'succeeded' ? withUrls(job.media ?? { id: job.mediaId }, mediaBaseUrl) : null,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    links: {
      self,
      artwork: `/v1/studio/artworks/${job.artworkId}`,
      ...(job.status === 'failed' ? { retry: `${self}/retry` } : {}),
    },
  };
}
