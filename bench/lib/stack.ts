// The whole local stack for a benchmark: `pnpm dev` exactly as a newcomer runs it, on ports of its own
// (a developer's stack and the system tests are left alone), with data under .data/bench kept between
// runs so the sample images are made once, or a stack already running at BENCH_STACK_URL.
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type RunningStack, startDev, stopDev, waitUp } from '../../test/system/support.ts';

const root = resolve(import.meta.dirname, '../..');

const ports = {
  PORT: '3950',
  S3_PORT: '4995',
  PGLITE_PORT: '5995',
  ISSUER_PORT: '4996',
  STEP_FUNCTIONS_PORT: '4997',
  EVENTBRIDGE_PORT: '4998',
  EVENTBRIDGE_PUBSUB_PORT: '4999',
  WEB_PORT: '3958',
};

export interface BenchStack {
  base: string;
  /** The process whose tree is the stack; undefined for a stack started elsewhere. */
  pid: number | undefined;
  artistToken(): Promise<string>;
  stop(): Promise<void>;
}

export async function benchStack(): Promise<BenchStack> {
  const given = process.env.BENCH_STACK_URL?.replace(/\/$/, '');
  if (given) {
    console.log(`stack: ${given} (already running; its memory is not measured)`);
    return {
      base: given,
      pid: undefined,
      artistToken: () => token(`http://127.0.0.1:${process.env.ISSUER_PORT ?? 4580}`),
      stop: async () => {},
    };
  }
  const dataDir = join(root, '.data/bench/stack');
  console.log(`stack: pnpm dev on port ${ports.PORT}, data in ${dataDir} (kept, so sample images are made once)`);
  const stack = startDev({ ...ports, COPPER_DATA_DIR: dataDir });
  try {
    await waitUp(stack, 300_000);
    await waitForImages(stack);
  } catch (error) {
    await stopDev(stack);
    throw error;
  }
  return {
    base: `http://localhost:${ports.PORT}`,
    pid: stack.child.pid,
    artistToken: () => token(`http://127.0.0.1:${ports.ISSUER_PORT}`),
    stop: () => stopDev(stack),
  };
}

async function token(issuer: string): Promise<string> {
  const response = await fetch(`${issuer}/token`, { method: 'POST' });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The first start of a fresh data folder makes the sample images through image jobs; wait for them. */
async function waitForImages(stack: RunningStack): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    const output = stack.output();
    // Either the images were made (or failed) on this start, or the data folder already held the catalogue.
    if (/\[dev\]\s+images: \d+ made/.test(output) || /✖ images:/.test(output)) return;
    if (!output.includes('seed: sample catalogue added')) return;
    await new Promise((done) => setTimeout(done, 1000));
  }
  throw new Error('the sample images were not made in 10 minutes');
}

/**
 * Resident memory of a process and everything below it: pnpm, tsx, and the services, which run in
 * process groups of their own (so a group would miss them), with their workers.
 */
export async function treeRssMb(rootPid: number): Promise<number> {
  const processes: { pid: number; ppid: number; kb: number }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name, which may hold spaces: state, ppid, …
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const status = await readFile(`/proc/${entry}/status`, 'utf8');
      processes.push({ pid: Number(entry), ppid, kb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) });
    } catch {
      // The process ended between listing and reading.
    }
  }
  const inTree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const process of processes) {
      if (!inTree.has(process.pid) && inTree.has(process.ppid)) {
        inTree.add(process.pid);
        grew = true;
      }
    }
  }
  return processes.filter((process) => inTree.has(process.pid)).reduce((sum, process) => sum + process.kb, 0) / 1024;
}

/** Samples `treeRssMb` twice a second until the returned function is called, which gives the peak. */
export function watchPeakRss(rootPid: number | undefined): () => Promise<number | undefined> {
  if (rootPid === undefined) return async () => undefined;
  let peak = 0;
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(async () => {
      peak = Math.max(peak, await treeRssMb(rootPid));
    });
  }, 500);
  return async () => {
    clearInterval(timer);
    await sampling;
    return peak;
  };
}
