// What every render child shares. It reads its settings from argv, then renders once per `render`
// line on stdin, answering each with one JSON line: the render's wall time (prepare and verify
// untimed) and what it wrote. On `exit` it answers with the process's peak RSS and ends. The parent
// drives the children round by round, so the load of a busy machine falls on every side alike, and
// each side's peak RSS is its own process's, as a Lambda's "Max Memory Used" is.
import { createInterface } from 'node:readline';

export interface Sample {
  ms: number;
  /** Files (or objects) the render wrote, and their total size. */
  outputs: number;
  bytes: number;
}

export interface Renderer {
  /** Untimed: leaves nothing from an earlier render that would let this one skip work. */
  prepare(): Promise<void>;
  render(): Promise<void>;
  /** Untimed: checks the render really wrote its outputs, and counts them. */
  verify(): Promise<{ outputs: number; bytes: number }>;
  close?(): Promise<void>;
}

export function childSettings<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error('a render child takes its settings as one JSON argument');
  return JSON.parse(raw) as T;
}

const answer = (value: unknown) =>
  new Promise<void>((written) => process.stdout.write(`${JSON.stringify(value)}\n`, () => written()));

export async function serve(renderer: Renderer): Promise<void> {
  await answer({ ready: true });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'exit') break;
    if (line !== 'render') throw new Error(`unknown command ${line}`);
    await renderer.prepare();
    const start = performance.now();
    await renderer.render();
    const ms = performance.now() - start;
    const sample: Sample = { ms, ...(await renderer.verify()) };
    await answer(sample);
  }
  await renderer.close?.();
  // maxRSS is the peak over the process's whole life: setup, warm-up and every render.
  await answer({ maxRssKb: process.resourceUsage().maxRSS });
  // A pool or socket left open must not keep the child alive.
  process.exit(0);
}
