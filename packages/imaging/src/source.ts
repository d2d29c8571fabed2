import { open } from 'node:fs/promises';
import { SourceReadError } from './errors.ts';
import type { ImageSource } from './types.ts';

/** Enough of the start for every signature, including an SVG's XML prologue and comments. */
const HEAD_BYTES = 1024;
/** Enough of the end to find a PNG's IEND after a little padding. */
const TAIL_BYTES = 64;

export interface SourceEnds {
  size: number;
  head: Buffer;
  tail: Buffer;
}

/**
 * The first and last bytes of a source and its size. A path is read at both ends only, so judging a
 * 150 MP scan's type never loads the whole file.
 */
export async function readEnds(source: ImageSource): Promise<SourceEnds> {
  if (Buffer.isBuffer(source)) {
    return {
      size: source.length,
      head: source.subarray(0, HEAD_BYTES),
      tail: source.subarray(Math.max(0, source.length - TAIL_BYTES)),
    };
  }
  try {
    const file = await open(source, 'r');
    try {
      const { size } = await file.stat();
      const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
      await file.read(head, 0, head.length, 0);
      const tail = Buffer.alloc(Math.min(TAIL_BYTES, size));
      await file.read(tail, 0, tail.length, size - tail.length);
      return { size, head, tail };
    } finally {
      await file.close();
    }
  } catch (error) {
    throw new SourceReadError(source, { cause: error });
  }
}
