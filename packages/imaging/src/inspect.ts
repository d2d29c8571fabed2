import sharp from 'sharp';
import { ImageProcessingError } from './errors.ts';
import { decodeOptions, readHeader, refusalFor } from './header.ts';
import type { ImageSource, Inspection, SourceLimits } from './types.ts';

export type { ImageInfo, Inspection, Refusal, RefusalReason } from './types.ts';

/** Small enough to cost nothing to resample; the point of the decode is reading every byte. */
const PROBE_SIZE = 64;

/**
 * Decides whether a source can go through the pipeline and describes it. Refusals are values: the
 * caller records the reason on the job. Only I/O and engine failures throw.
 *
 * A header can be intact while the data behind it is cut short (an interrupted upload), so after the
 * header checks the whole image is decoded once, shrunk on load to a thumbnail: every compressed byte
 * is read, but memory stays that of a thumbnail.
 */
export async function inspect(source: ImageSource, limits: SourceLimits = {}): Promise<Inspection> {
  const header = await readHeader(source, limits);
  if (!header.ok) return header;
  try {
    await sharp(source, { ...decodeOptions(limits), autoOrient: false, sequentialRead: true })
      .resize({ width: PROBE_SIZE, height: PROBE_SIZE, fit: 'inside' })
      .raw()
      .toBuffer();
  } catch (error) {
    const refusal = refusalFor(error, header.info.format, header.ends);
    if (refusal === undefined) {
      throw new ImageProcessingError('inspect', 'decoding the source failed', { cause: error });
    }
    return { ok: false, reason: refusal.reason, message: refusal.message };
  }
  return { ok: true, info: header.info };
}
