// The sample catalogue's images, made the way the artist makes them: a scan (here a generated plate
// of the print's own subject, in its techniques and plate proportions: see plates.ts) uploaded with
// a presigned POST, then an image job through the API, polled until the workflow has published its
// media. Nothing is written around the pipeline.
import * as z from 'zod';
import { plateScan } from './plates.ts';

const Page = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      slug: z.string(),
      title: z.string(),
      techniques: z.array(z.string()),
      plateSizeMm: z.object({ width: z.number(), height: z.number() }).nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
const Ticket = z.object({ uploadKey: z.string(), url: z.string(), fields: z.record(z.string(), z.string()) });
const Job = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  reason: z.string().nullable(),
});
const Jobs = z.object({ items: z.array(Job) });

export interface ImageSeedSummary {
  made: number;
  skipped: number;
  failed: { slug: string; reason: string }[];
}

export interface ImageSeedOptions {
  /** The API base, e.g. http://localhost:3000 (no /v1). */
  baseUrl: string;
  token: string;
  onProgress: (done: number, total: number, label: string) => void;
  timeoutMs?: number;
}

class ImageSeedError extends Error {
  override name = 'ImageSeedError';
}

export async function seedImages(options: ImageSeedOptions): Promise<ImageSeedSummary> {
  const api = async <T extends z.ZodType>(path: string, schema: T, init: RequestInit = {}): Promise<z.output<T>> => {
    const response = await fetch(`${options.baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json', ...init.headers },
      signal: AbortSignal.timeout(30_000),
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      throw new ImageSeedError(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${JSON.stringify(body)}`);
    }
    return schema.parse(body);
  };

  const artworks: z.output<typeof Page>['items'] = [];
  let cursor: string | null = null;
  do {
    const page: z.output<typeof Page> = await api(
      `/v1/studio/artworks?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      Page,
    );
    artworks.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);

  const summary: ImageSeedSummary = { made: 0, skipped: 0, failed: [] };
  const total = artworks.length;
  let done = 0;
  for (const artwork of artworks) {
    const earlier = await api(`/v1/jobs?artworkId=${artwork.id}&limit=10`, Jobs);
    if (earlier.items.some((job) => job.status !== 'failed')) {
      summary.skipped += 1;
      options.onProgress(++done, total, `${artwork.title} (has its image)`);
      continue;
    }
    options.onProgress(done, total, `${artwork.title}: engraving a plate…`);
    const scan = await plateScan(artwork);
    const ticket = await api('/v1/uploads', Ticket, {
      method: 'POST',
      body: JSON.stringify({ filename: `${artwork.slug}.jpg`, contentType: 'image/jpeg', size: scan.length }),
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(scan)], { type: 'image/jpeg' }), `${artwork.slug}.jpg`);
    const uploaded = await fetch(ticket.url, { method: 'POST', body: form, signal: AbortSignal.timeout(60_000) });
    if (!uploaded.ok) throw new ImageSeedError(`uploading ${artwork.slug} answered ${uploaded.status}`);

    let job = await api('/v1/jobs', Job, {
      method: 'POST',
      headers: { 'idempotency-key': `seed-${artwork.slug}-${ticket.uploadKey}` },
      body: JSON.stringify({
        artworkId: artwork.id,
        uploadKey: ticket.uploadKey,
        alt: `${artwork.title}, an etching (sample image)`,
      }),
    });
    const deadline = Date.now() + (options.timeoutMs ?? 180_000);
    while (job.status === 'queued' || job.status === 'running') {
      if (Date.now() > deadline) throw new ImageSeedError(`the job for ${artwork.slug} did not finish in time`);
      options.onProgress(done, total, `${artwork.title}: ${job.status}…`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      job = await api(`/v1/jobs/${job.id}`, Job);
    }
    if (job.status === 'failed') summary.failed.push({ slug: artwork.slug, reason: job.reason ?? 'unknown' });
    else summary.made += 1;
    options.onProgress(++done, total, `${artwork.title} ${job.status === 'succeeded' ? '✓' : '✖'}`);
  }
  return summary;
}

export function describeImageSummary(summary: ImageSeedSummary): string {
  const failed = summary.failed.map((item) => `${item.slug}: ${item.reason}`).join('; ');
  return `${summary.made} made, ${summary.skipped} already had one${failed ? `, failed: ${failed}` : ''}`;
}
