// The state machine's Lambda tasks. Each parses the execution state it is handed (a drifted
// definition fails loudly here, not halfway through a write), runs one pipeline step and returns
// its output, which the definition places at the step's ResultPath.
import { MediaPlaceholder, MediaRendition, MediaTiles } from '@copper/events';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import type { Pipeline } from '../domain/pipeline.ts';
import { logger, usePipeline } from '../runtime.ts';

const Job = z.looseObject({
  jobId: z.uuid(),
  attempt: z.int().positive(),
  artworkId: z.uuid(),
  uploadKey: z.string().min(1),
  alt: z.string(),
  watermark: z.boolean(),
});
const Source = z.looseObject({
  ok: z.literal(true),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.int().nonnegative(),
  format: z.string(),
  width: z.int().positive(),
  height: z.int().positive(),
  bitDepth: z.int(),
  gamut: z.string(),
  megapixels: z.number(),
});
const WithSource = Job.extend({ source: Source });
const Publishable = WithSource.extend({
  renditions: z.object({ spec: z.string(), renditions: z.array(MediaRendition).min(1) }),
  tiles: MediaTiles.extend({ spec: z.string() }),
  placeholder: MediaPlaceholder,
});
const Failure = z.looseObject({
  jobId: z.uuid(),
  error: z.looseObject({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});

/** One task: parse, log with the job id, run. Errors propagate to Step Functions' Retry/Catch. */
function task<S extends z.ZodType, R>(
  name: string,
  schema: S,
  run: (pipeline: Pipeline, input: z.output<S>) => Promise<R>,
) {
  return async (event: unknown, context?: Context): Promise<R> => {
    const input = schema.parse(event);
    const jobId = (input as { jobId: string }).jobId;
    logger.appendKeys({ jobId, step: name, ...(context ? { requestId: context.awsRequestId } : {}) });
    try {
      const started = performance.now();
      const output = await run(await usePipeline(), input);
      logger.info('step done', { ms: Math.round(performance.now() - started) });
      return output;
    } catch (error) {
      logger.warn('step failed', {
        error: error instanceof Error ? { name: error.name, message: error.message } : error,
      });
      throw error;
    } finally {
      logger.removeKeys(['jobId', 'step', 'requestId']);
    }
  };
}

export const inspect = task('inspect', Job, (pipeline, input) => pipeline.inspect(input));
export const render = task('render', WithSource, (pipeline, input) => pipeline.render(input));
export const tiles = task('tiles', WithSource, (pipeline, input) => pipeline.tiles(input));
export const placeholder = task('placeholder', WithSource, (pipeline, input) => pipeline.placeholder(input));
export const publish = task('publish', Publishable, (pipeline, input) => pipeline.publish(input));
export const recordFailure = task('recordFailure', Failure, (pipeline, input) => pipeline.recordFailure(input));
