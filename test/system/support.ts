import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

// `pnpm dev` exactly as a newcomer runs it, on ports of its own so a developer's running stack is
// left alone, and stopped the way Ctrl-C stops it: SIGINT to its whole process group.
export const root = resolve(import.meta.dirname, '../..');

export interface RunningStack {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function startDev(env: Record<string, string | undefined>): RunningStack {
  const child = spawn('pnpm', ['dev'], {
    cwd: root,
    env: { ...process.env, ...env, FORCE_COLOR: '0' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

export async function waitUp(stack: RunningStack, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void stack.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (stack.output().includes('Copper Print Gallery is up')) return;
    if (exited) throw new Error(`pnpm dev exited during start-up:\n${stack.output()}`);
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`pnpm dev did not come up in time:\n${stack.output()}`);
}

/** SIGINT to the group, then SIGKILL whatever is left, so a failed test never leaves a stack behind. */
export async function stopDev(stack: RunningStack | undefined): Promise<void> {
  const pid = stack?.child.pid;
  if (!stack || !pid || stack.child.exitCode !== null) return;
  process.kill(-pid, 'SIGINT');
  const timer = setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, 20_000);
  await stack.exited;
  clearTimeout(timer);
}
