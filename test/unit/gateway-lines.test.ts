import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceSpec } from '../../scripts/dev/config.ts';
import { startGateway } from '../../scripts/dev/gateway.ts';

// The gateway's per-service line: at most `concurrency` requests reach a service at once, the rest
// wait in order, and one that cannot start within `waitMs` is answered 503 with Retry-After.
const open: Server[] = [];
afterEach(async () => {
  for (const server of open.splice(0)) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

/** A service that takes `ms` per request and counts how many it works on at once. */
async function slowService(ms: number) {
  const state = { busy: 0, most: 0 };
  const server = createServer((_req, res) => {
    state.busy += 1;
    state.most = Math.max(state.most, state.busy);
    setTimeout(() => {
      state.busy -= 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    }, ms);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  open.push(server);
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { port: address.port, state };
}

async function gateway(port: number, limits: { concurrency: number; waitMs: number }) {
  const spec: ServiceSpec = { name: 'content', prefixes: [], healthPath: '/v1/health', httpPort: port, lambdaPort: 0 };
  const [server] = await startGateway([spec], 0, limits);
  if (!server) throw new Error('no gateway');
  open.push(server);
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

describe('the gateway line per service', () => {
  it('lets at most `concurrency` requests through at once and serves the others in turn', async () => {
    const service = await slowService(50);
    const base = await gateway(service.port, { concurrency: 2, waitMs: 10_000 });
    const statuses = await Promise.all(Array.from({ length: 10 }, async () => (await fetch(`${base}/v1/x`)).status));
    expect(statuses).toEqual(statuses.map(() => 200));
    expect(service.state.most).toBe(2);
  });

  it('answers 503 problem+json with Retry-After to a request that waited too long', async () => {
    const service = await slowService(400);
    const base = await gateway(service.port, { concurrency: 1, waitMs: 100 });
    const responses = await Promise.all(Array.from({ length: 3 }, () => fetch(`${base}/v1/x`)));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 503, 503]);
    const refused = responses.find((r) => r.status === 503);
    expect(refused?.headers.get('retry-after')).toBe('1');
    expect(refused?.headers.get('content-type')).toContain('application/problem+json');
    expect(service.state.most).toBe(1);
  });
});
