// Clients created once per container, at module scope, and shared by this service's handlers.
// Each is made on first use, so a function pays only for what it touches (the job API never loads sharp).
import { lazyDatabase } from '@copper/db/lambda';
import { DETAIL_TYPES, MediaPublishedDetail, SOURCES } from '@copper/events';
import { createEventPublisher } from '@copper/events/publisher';
import { createLogger } from '@copper/http';
import { createArtworkDirectory, createJobStore, createMediaRecords } from './adapters/job-store.ts';
import { createMediaObjects, createOriginals, createS3Client } from './adapters/storage.ts';
import { createWorkflow } from './adapters/workflow.ts';
import { createJobs, type Jobs } from './domain/jobs.ts';
import type { Pipeline } from './domain/pipeline.ts';
import { env } from './env.ts';

export const logger = createLogger('image-processing', env.LOG_LEVEL);
export const database = lazyDatabase(env, 'copper-image-processing');
export const stack = { logger, corsOrigins: env.CORS_ORIGINS, strictTransportSecurity: !env.IS_OFFLINE };
export { env };

let s3: ReturnType<typeof createS3Client> | undefined;
const s3Client = () => {
  s3 ??= createS3Client(env.S3_ENDPOINT);
  return s3;
};

/** Retries a failed first connection on the next call instead of caching the failure. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= make().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

export const useJobs = once(async (): Promise<Jobs> => {
  const { db } = await database.get();
  if (!env.IMAGE_JOB_STATE_MACHINE_ARN) throw new Error('IMAGE_JOB_STATE_MACHINE_ARN is not set for this function');
  return createJobs({
    jobs: createJobStore(db),
    artworks: createArtworkDirectory(db),
    originals: createOriginals(s3Client(), env.ORIGINALS_BUCKET, env.WORK_DIR),
    workflow: createWorkflow({
      stateMachineArn: env.IMAGE_JOB_STATE_MACHINE_ARN,
      endpoint: env.STEP_FUNCTIONS_ENDPOINT,
    }),
  });
});

export const usePipeline = once(async (): Promise<Pipeline> => {
  const [{ db }, { createPipeline }, { sharpImaging }] = await Promise.all([
    database.get(),
    import('./domain/pipeline.ts'),
    import('./adapters/sharp-imaging.ts'),
  ]);
  const publisher = createEventPublisher({ busName: env.EVENT_BUS_NAME, endpoint: env.EVENTBRIDGE_ENDPOINT });
  return createPipeline({
    jobs: createJobStore(db),
    originals: createOriginals(s3Client(), env.ORIGINALS_BUCKET, env.WORK_DIR),
    media: createMediaObjects(s3Client(), env.MEDIA_BUCKET),
    records: createMediaRecords(db),
    artworks: createArtworkDirectory(db),
    events: {
      mediaPublished: (media) =>
        publisher.publish(SOURCES.imaging, DETAIL_TYPES.mediaPublished, MediaPublishedDetail, { media }),
    },
    imaging: sharpImaging,
    settings: {
      workDir: env.WORK_DIR,
      maxPixels: env.MAX_SOURCE_PIXELS,
      watermarkText: env.WATERMARK_TEXT,
      watermarkFont: env.WATERMARK_FONT,
    },
    logger,
  });
});
