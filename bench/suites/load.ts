// `pnpm bench load`: many visitors at once against the whole local stack, as `pnpm dev` runs it,
// beside a bare node:http server answering the same bytes on the same machine (what the machine can
// do with no stack at all). autocannon drives both, programmatically, from this process.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { type BenchStack, benchStack, watchPeakRss } from '../lib/stack.ts';
import { printTable } from '../lib/table.ts';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const CONNECTIONS = (process.env.BENCH_LOAD_CONNECTIONS ?? '10,50').split(',').map(Number);
const root = resolve(import.meta.dirname, '../..');

interface Route {
  name: string;
  path: string;
  artist?: boolean;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  mean: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  peakRssMb?: number;
}

async function hit(url: string, connections: number, headers: Record<string, string> = {}): Promise<Figures> {
  const result = await autocannon({ url, connections, duration: SECONDS, headers, timeout: 30 });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** The same bytes each route answers, served by nothing but node:http in a process of its own. */
async function startBaseline(bodies: Map<string, { type: string; body: string }>) {
  const file = join(root, '.data/bench/load-baseline.json');
  await mkdir(join(root, '.data/bench'), { recursive: true });
  await writeFile(file, JSON.stringify(Object.fromEntries(bodies)));
  const script = `
    const { createServer } = require('node:http');
    const routes = new Map(Object.entries(JSON.parse(require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8'))));
    const server = createServer((req, res) => {
      const route = routes.get(req.url);
      if (!route) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'content-type': route.type });
      res.end(route.body);
    });
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((done, fail) => {
    child.stdout.once('data', (chunk: Buffer) => done(Number(chunk.toString().trim())));
    child.once('exit', (code) => fail(new Error(`baseline server exited (${code})`)));
  });
  return { base: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

async function healthAfterBurst(base: string): Promise<string> {
  const started = performance.now();
  const response = await fetch(`${base}/v1/health`);
  return `${response.status} in ${(performance.now() - started).toFixed(0)} ms`;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

export async function load(): Promise<void> {
  if (!Number.isFinite(SECONDS) || SECONDS <= 0) throw new Error('BENCH_LOAD_SECONDS must be a positive number');
  let stack: BenchStack | undefined;
  let baseline: Awaited<ReturnType<typeof startBaseline>> | undefined;
  try {
    stack = await benchStack();
    const { base } = stack;
    const token = await stack.artistToken();
    const list = (await (await fetch(`${base}/v1/artworks?limit=1`)).json()) as { items: { slug: string }[] };
    const slug = list.items[0]?.slug;
    if (!slug) throw new Error('the stack holds no published artwork to read');
    const routes: Route[] = [
      { name: 'GET /v1/artworks', path: '/v1/artworks' },
      { name: 'GET /v1/artworks/{slug}', path: `/v1/artworks/${slug}` },
      { name: 'GET /v1/search?q=harbour', path: '/v1/search?q=harbour' },
      { name: 'GET /v1/collections', path: '/v1/collections' },
      { name: 'GET /v1/studio/artworks', path: '/v1/studio/artworks', artist: true },
      // The gallery's pages: each is a server render making its own API calls through the same base URL.
      { name: 'page /', path: '/' },
      { name: 'page /artworks', path: '/artworks' },
      { name: 'page /artworks/{slug}', path: `/artworks/${slug}` },
      { name: 'page /search?q=harbour', path: '/search?q=harbour' },
    ];
    const auth = { authorization: `Bearer ${token}` };

    const bodies = new Map<string, { type: string; body: string }>();
    for (const route of routes) {
      const response = await fetch(`${base}${route.path}`, { headers: route.artist ? auth : {} });
      if (!response.ok) throw new Error(`${route.name} answered ${response.status} before the load`);
      bodies.set(route.path, {
        type: response.headers.get('content-type') ?? 'application/json',
        body: await response.text(),
      });
    }
    baseline = await startBaseline(bodies);

    const rows: string[][] = [];
    const verdicts: string[] = [];
    for (const route of routes) {
      const byConnections = new Map<number, Figures>();
      for (const connections of CONNECTIONS) {
        const peak = watchPeakRss(stack.pid);
        const figures = await hit(`${base}${route.path}`, connections, route.artist ? auth : {});
        figures.peakRssMb = await peak();
        const health = await healthAfterBurst(base);
        const bare = await hit(`${baseline.base}${route.path}`, connections);
        byConnections.set(connections, figures);
        rows.push([
          route.name,
          String(connections),
          figures.rps.toFixed(0),
          ms(figures.p50),
          ms(figures.p99),
          String(figures.non2xx),
          String(figures.errors),
          String(figures.timeouts),
          figures.peakRssMb === undefined ? 'n/a' : figures.peakRssMb.toFixed(0),
          health,
          bare.rps.toFixed(0),
          ms(bare.p99),
          // Little's law: with every client always waiting, mean latency = clients / throughput.
          ms((connections / Math.max(figures.rps, 1e-9)) * 1000),
        ]);
      }
      const most = Math.max(...CONNECTIONS);
      const least = Math.min(...CONNECTIONS);
      const top = byConnections.get(most);
      const low = byConnections.get(least);
      if (top && low) {
        const clean = top.non2xx === 0 && top.errors === 0 && top.timeouts === 0;
        const noCollapse = top.rps >= low.rps;
        verdicts.push(
          `${route.name}: ${clean ? 'holds' : 'does NOT hold'} 0 non-2xx/errors at ${most} connections ` +
            `(${top.non2xx} non-2xx, ${top.errors} errors, ${top.timeouts} timeouts); ` +
            `${noCollapse ? 'no collapse' : 'COLLAPSE'} (${top.rps.toFixed(0)} req/s at ${most} vs ${low.rps.toFixed(0)} at ${least})`,
        );
      }
    }
    printTable(
      [
        { header: 'route' },
        { header: 'conns', align: 'right' },
        { header: 'req/s', align: 'right' },
        { header: 'p50', align: 'right' },
        { header: 'p99', align: 'right' },
        { header: 'non-2xx', align: 'right' },
        { header: 'errors', align: 'right' },
        { header: 'timeouts', align: 'right' },
        { header: 'stack peak RSS MB', align: 'right' },
        { header: 'health after', align: 'right' },
        { header: 'bare req/s', align: 'right' },
        { header: 'bare p99', align: 'right' },
        { header: "Little's mean", align: 'right' },
      ],
      rows,
    );
    console.log(`\n${SECONDS} s per row (BENCH_LOAD_SECONDS); autocannon and both servers share this machine's cores.`);
    console.log('Goals: 0 non-2xx and 0 errors at 50 connections; req/s at 50 connections ≥ req/s at 10.');
    for (const verdict of verdicts) console.log(`  ${verdict}`);
  } finally {
    baseline?.stop();
    await stack?.stop();
  }
}
