import { media } from '@copper/db/schema';
import { plateImage } from '@copper/imaging/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { PipelineDeps } from '../../src/domain/pipeline.ts';
import { type Harness, startHarness, type Wrap } from '../support/harness.ts';

// Each step made to fail on purpose, through the definition's own Retry and Catch: storage, the
// database and sharp. The job must still succeed with nothing written twice, and a job whose
// retries run out must succeed on `retry`, reusing what was already made.

/** Wraps one method of one port so its first `times` calls throw a transient-looking error. */
function failing<K extends keyof PipelineDeps, M extends keyof PipelineDeps[K]>(
  port: K,
  method: M,
  times: number,
  counter: { calls: number },
  when: (...args: unknown[]) => boolean = () => true,
): Wrap {
  return (deps) => {
    const target = deps[port] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const original = target[method as string];
    if (!original) throw new Error(`no ${String(method)} on ${port}`);
    let failures = 0;
    return {
      ...deps,
      [port]: {
        ...target,
        [method]: async (...args: unknown[]) => {
          if (when(...args)) {
            counter.calls += 1;
            if (failures < times) {
              failures += 1;
              const error = new Error(`injected ${String(port)}.${String(method)} failure ${failures}`);
              error.name = 'InjectedTransientError';
              throw error;
            }
          }
          return original.apply(target, args);
        },
      },
    };
  };
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function run(harness: Harness, seed: number) {
  const artworkId = await harness.artwork();
  const uploadKey = await harness.upload(await plateImage({ width: 1400, height: 1000, seed }));
  const { job } = await harness.jobs.submit({ artworkId, uploadKey });
  const execution = await harness.settle(job);
  return { job: await harness.jobs.get(job.id), execution, artworkId };
}

/** The object keys and media rows a clean run of the same scan makes, for comparison. */
const cleanRuns = new Map<number, Promise<{ keys: string[]; rows: number }>>();
function cleanRun(seed: number) {
  let run = cleanRuns.get(seed);
  if (!run) {
    run = makeCleanRun(seed);
    cleanRuns.set(seed, run);
  }
  return run;
}
async function makeCleanRun(seed: number) {
  const clean = await startHarness();
  try {
    await run(clean, seed);
    return { keys: await clean.mediaKeys(), rows: (await clean.database.db.select().from(media)).length };
  } finally {
    await clean.close();
  }
}

describe('a step that fails once is retried and the job still succeeds', () => {
  const cases: [string, string, (counter: { calls: number }) => Wrap][] = [
    ['storage write (a rendition upload)', 'Render', (c) => failing('media', 'put', 1, c)],
    [
      'database write (recording the tiles step)',
      'Tiles',
      (c) => failing('jobs', 'stepSucceeded', 1, c, (_job, step) => step === 'tiles'),
    ],
    ['sharp (rendering)', 'Render', (c) => failing('imaging', 'render', 1, c)],
    ['sharp (the placeholder)', 'Placeholder', (c) => failing('imaging', 'placeholder', 1, c)],
    ['the event bus (publishing)', 'Publish', (c) => failing('events', 'mediaPublished', 1, c)],
  ];

  it.each(cases)(
    '%s',
    async (_name, state, wrap) => {
      const seed = 21;
      const expected = await cleanRun(seed);
      const counter = { calls: 0 };
      h = await startHarness({ wrap: wrap(counter) });
      const { job, execution } = await run(h, seed);
      expect(execution.status).toBe('SUCCEEDED');
      expect(job.status).toBe('succeeded');
      expect(counter.calls).toBeGreaterThanOrEqual(2);
      // The failing state ran twice; every other state once.
      expect(h.calls.filter((call) => call === state)).toHaveLength(2);
      expect(h.calls.filter((call) => call !== state)).toHaveLength(4);
      expect(await h.mediaKeys()).toEqual(expected.keys);
      expect(await h.database.db.select().from(media)).toHaveLength(expected.rows);
    },
    120_000,
  );
});

describe('a step whose retries are exhausted', () => {
  it('fails the job with a reason, leaves earlier outputs, and succeeds on retry reusing them', async () => {
    const renders = { calls: 0 };
    const tiles = { calls: 0 };
    // Four failures: the first try and the definition's three retries.
    const wrapTiles = failing('imaging', 'deepZoom', 4, tiles);
    const countRenders = failing('imaging', 'render', 0, renders);
    h = await startHarness({ wrap: (deps) => wrapTiles(countRenders(deps)) });
    const { job, execution } = await run(h, 31);
    expect(execution.status).toBe('FAILED');
    expect(job.status).toBe('failed');
    expect(job.failedStep).toBe('tiles');
    expect(job.reason).toMatch(/failed after several attempts.*InjectedTransientError/);
    // The error's own message is for the log, not the artist.
    expect(job.reason).not.toContain('injected imaging.deepZoom failure');
    const logged = h.logs.find((log) => log.message === 'job failed' && log.attributes.jobId === job.id);
    expect(String(logged?.attributes.cause)).toContain('injected imaging.deepZoom failure');
    expect(job.steps.find((step) => step.step === 'render')?.status).toBe('succeeded');
    expect(tiles.calls).toBe(4);
    const keysAfterFailure = await h.mediaKeys();
    expect(keysAfterFailure.some((key) => key.includes('/r-'))).toBe(true);
    expect(await h.database.db.select().from(media)).toHaveLength(0);

    const retried = await h.jobs.retry(job.id);
    expect(retried.attempt).toBe(2);
    expect(retried.status).toBe('queued');
    const second = await h.settle(retried);
    expect(second.status).toBe('SUCCEEDED');
    const done = await h.jobs.get(job.id);
    expect(done.status).toBe('succeeded');
    expect(done.reason).toBeNull();
    // The renditions were reused from the first attempt: sharp rendered once in all.
    expect(renders.calls).toBe(1);
    expect(await h.database.db.select().from(media)).toHaveLength(1);
  }, 180_000);
});
