import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabaseServer } from '@copper/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPortFree } from '../../scripts/dev/ports.ts';
import { type RunningStack, startDev, waitUp } from './support.ts';

const PORT = 3300;
const ports = {
  PORT: '3300',
  S3_PORT: '4669',
  PGLITE_PORT: '5533',
  ISSUER_PORT: '4680',
  EVENTBRIDGE_PORT: '4310',
  EVENTBRIDGE_PUBSUB_PORT: '4311',
};
const allPorts = [3300, 3301, 3302, 3303, 3304, 3401, 3402, 3403, 4669, 5533, 4680, 4310, 4311];
const base = `http://localhost:${PORT}`;

/** Every process below `pid`, found through the process table. */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift();
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function ctrlC(stack: RunningStack): Promise<{ code: number | null; leftovers: number[] }> {
  const pid = stack.child.pid ?? 0;
  const tree = descendants(pid);
  process.kill(-pid, 'SIGINT');
  const code = await stack.exited;
  // pnpm may return before the script under it has finished stopping; give that a bounded wait.
  for (let waited = 0; tree.some(alive) && waited < 15_000; waited += 100) {
    await new Promise((done) => setTimeout(done, 100));
  }
  return { code, leftovers: tree.filter(alive) };
}

const variants: {
  name: string;
  env: () => Promise<{ env: Record<string, string | undefined>; close(): Promise<void> }>;
}[] = [
  {
    name: 'embedded PGlite (no DATABASE_URL)',
    env: async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'copper-dev-'));
      return {
        env: { ...ports, DATABASE_URL: undefined, COPPER_DATA_DIR: dataDir, SEED_IMAGES: 'false' },
        close: () => rm(dataDir, { recursive: true, force: true }),
      };
    },
  },
];
if (process.env.DATABASE_URL) {
  variants.push({
    name: 'PostgreSQL server (DATABASE_URL)',
    env: async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'copper-dev-'));
      const database = await createTestDatabaseServer();
      return {
        env: { ...ports, DATABASE_URL: database.url, COPPER_DATA_DIR: dataDir, SEED_IMAGES: 'false' },
        async close() {
          await database.close();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  });
}

describe.each(variants)('pnpm dev on $name', (variant) => {
  let stack: RunningStack;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const setup = await variant.env();
    close = setup.close;
    stack = startDev(setup.env);
    await waitUp(stack);
  });

  afterAll(async () => {
    if (stack?.child.pid && stack.child.exitCode === null) process.kill(-stack.child.pid, 'SIGKILL');
    await close?.();
  });

  it.each([
    ['/v1/health', 'content'],
    ['/v1/search/health', 'search'],
    ['/v1/jobs/health', 'image-processing'],
  ])('answers %s through the one base URL', async (path, service) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/\S+/);
    expect(await response.json()).toMatchObject({ status: 'ok', service, version: '0.1.0', stage: 'dev' });
  });

  it('reports the database reachable', async () => {
    const body = (await (await fetch(`${base}/v1/health`)).json()) as { dependencies: Record<string, string> };
    expect(body.dependencies).toEqual({ database: 'reachable' });
  });

  it.each(['/v1/nothing-here', '/v1/search/nothing-here', '/v1/jobs/nothing/here', '/v1'])(
    'answers the unknown route %s with a 404 problem+json',
    async (path) => {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 404, title: 'Not Found' });
    },
  );

  it('serves the gallery at the root of the same base URL', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('<main');
  });

  it('answers a wrong method on a known route with a 404 problem+json, as API Gateway does', async () => {
    const response = await fetch(`${base}/v1/health`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers a malformed request with a 4xx, never a 500', async () => {
    const response = await fetch(`${base}/v1/health?q=%E0%A4%A`);
    expect(response.status).toBeGreaterThanOrEqual(200);
    expect(response.status).toBeLessThan(500);
    const badPath = await fetch(`${base}/v1/%E0%A4%A`);
    expect(badPath.status).toBeGreaterThanOrEqual(400);
    expect(badPath.status).toBeLessThan(500);
  });

  it('serves fifty clients at once with nothing refused, and is healthy at once after', async () => {
    const token = (
      (await (await fetch(`http://127.0.0.1:${ports.ISSUER_PORT}/token`, { method: 'POST' })).json()) as {
        access_token: string;
      }
    ).access_token;
    const requests = [
      () => fetch(`${base}/v1/artworks`),
      () => fetch(`${base}/v1/search?q=harbour`),
      () => fetch(`${base}/v1/collections`),
      () => fetch(`${base}/v1/studio/artworks`, { headers: { authorization: `Bearer ${token}` } }),
    ];
    // Two waves of fifty: the first also starts every Lambda instance the gateway allows.
    for (let wave = 0; wave < 2; wave += 1) {
      const statuses = await Promise.all(
        Array.from({ length: 50 }, async (_, index) => (await requests[index % requests.length]?.())?.status),
      );
      expect(statuses).toEqual(statuses.map(() => 200));
    }
    const health = await fetch(`${base}/v1/health`);
    expect(health.status).toBe(200);
  });

  it('stops on Ctrl-C leaving no process and no port behind', async () => {
    const { code, leftovers } = await ctrlC(stack);
    expect(code).toBe(0);
    expect(leftovers).toEqual([]);
    expect(stack.output()).toContain('stopped; no process or port left behind.');
    const free = await Promise.all(allPorts.map(isPortFree));
    expect(free).toEqual(allPorts.map(() => true));
  });
});

describe('pnpm dev when a port is taken', () => {
  it('names the port and exits non-zero instead of hanging', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(Number(ports.S3_PORT), '127.0.0.1', done));
    try {
      const stack = startDev({ ...ports, DATABASE_URL: undefined, COPPER_DATA_DIR: join(tmpdir(), 'copper-never') });
      const code = await stack.exited;
      expect(code).not.toBe(0);
      expect(stack.output()).toContain(`${ports.S3_PORT} (s3rver)`);
    } finally {
      blocker.close();
    }
  });
});
