import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Child {
  name: string;
  process: ChildProcess;
  /** Settles when the process has exited, with its code (or the signal that ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts a command in a process group of its own, so that stopping it stops everything it
 * started too (serverless-offline's esbuild service and workers), and prefixes its output.
 */
export function startChild(name: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Child {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const label = `[${name}]`.padEnd(19);
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      if (line.trim()) process.stdout.write(`${label}${line}\n`);
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolvePromise) => {
    child.once('exit', (code, signal) => resolvePromise({ code, signal }));
    child.once('error', () => resolvePromise({ code: 127, signal: null }));
  });
  return { name, process: child, exited };
}

function signalGroup(child: Child, signal: NodeJS.Signals): void {
  if (child.process.pid === undefined || child.process.exitCode !== null || child.process.signalCode !== null) return;
  try {
    process.kill(-child.process.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** SIGTERM to the whole group, then SIGKILL to whatever is still there after `graceMs`. */
export async function stopChild(child: Child, graceMs = 5000): Promise<void> {
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
  // Grandchildren may outlive the group leader; make sure none is left, and wait until the
  // kernel has taken them, so that "stopped" is true when it is said.
  const pid = child.process.pid;
  if (pid === undefined) return;
  const groupAlive = () => {
    try {
      process.kill(-pid, 'SIGKILL');
      return true;
    } catch {
      return false;
    }
  };
  for (let waited = 0; groupAlive() && waited < graceMs; waited += 50) {
    await new Promise((done) => setTimeout(done, 50));
  }
}
