import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createProxyMiddleware, responseInterceptor } from 'http-proxy-middleware';
import PQueue from 'p-queue';
import type { ServiceSpec } from './config.ts';

const PROBLEM = 'application/problem+json';

function problem(status: number, title: string, detail: string, instance: string) {
  return JSON.stringify({ type: 'about:blank', title, status, detail, instance });
}

const pathOf = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://x').pathname;

/** Path prefix routing, as the shared API Gateway's resource tree routes: longest prefix wins. */
export function routeFor(services: ServiceSpec[], path: string): ServiceSpec {
  const fallback = services.find((service) => service.prefixes.length === 0);
  const match = services
    .flatMap((service) => service.prefixes.map((prefix) => ({ prefix, service })))
    .filter(({ prefix }) => path === prefix || path.startsWith(`${prefix}/`))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  const service = match?.service ?? fallback;
  if (!service) throw new Error('no service takes the unprefixed routes');
  return service;
}

/**
 * The security headers content's gateway responses carry (services/content/serverless.yml), for the
 * answers this gateway makes in their place. No HSTS: this is plain http on localhost.
 */
const EDGE_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * RFC 6750 §3: a bare challenge when no token was sent, `invalid_token` when one was refused.
 * API Gateway's gateway responses are static, so in the cloud every 401 gets the bare challenge.
 */
function bearerChallenge(authorization: string | undefined): string {
  const realm = 'Bearer realm="copper-print-gallery"';
  if (!authorization?.trim()) return realm;
  return `${realm}, error="invalid_token", error_description="The token is malformed, expired or not issued for this API"`;
}

/** serverless-offline answers a refused authorizer with hapi's own error body. */
function isOfflineAuthRefusal(status: number | undefined, body: Buffer): boolean {
  if (status !== 401 && status !== 403) return false;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { statusCode?: unknown; error?: unknown; type?: unknown };
    return parsed.statusCode === status && typeof parsed.error === 'string' && parsed.type === undefined;
  } catch {
    return false;
  }
}

function isOfflineRouteNotFound(body: Buffer): boolean {
  try {
    return (JSON.parse(body.toString('utf8')) as { error?: unknown }).error === 'Serverless-offline: route not found.';
  } catch {
    return false;
  }
}

export interface GatewayLimits {
  /** Requests one service works on at once, as a reserved concurrency would bound its Lambdas. */
  concurrency: number;
  /** How long a request may wait for one of those slots before it is answered 503 with Retry-After. */
  waitMs: number;
}

/**
 * Each service's line. serverless-offline starts one more Lambda instance (a worker thread with its
 * own bundle and database connection) for every request that finds the others busy, so fifty clients
 * meant fifty instances per route, more connections than the database serves, and both cores spent
 * loading bundles. Bounded here, the instances it starts are few and reused, and what waits, waits
 * in order; a request that cannot be started in time gets a 503 the client can act on, never a reset.
 */
function serviceLines(services: ServiceSpec[], limits: GatewayLimits) {
  const lines = new Map(services.map((service) => [service.name, new PQueue({ concurrency: limits.concurrency })]));
  return (service: ServiceSpec, req: IncomingMessage, res: ServerResponse, run: () => void): void => {
    const line = lines.get(service.name);
    if (!line) throw new Error(`no line for ${service.name}`);
    const waiting = new AbortController();
    const timer = setTimeout(() => waiting.abort(), limits.waitMs);
    const gone = () => waiting.abort();
    req.once('close', gone);
    line
      .add(
        () =>
          new Promise<void>((done) => {
            clearTimeout(timer);
            req.off('close', gone);
            res.once('close', done);
            run();
          }),
        { signal: waiting.signal },
      )
      .catch(() => {
        if (res.headersSent || res.destroyed) return;
        res.writeHead(503, {
          ...EDGE_SECURITY_HEADERS,
          'content-type': PROBLEM,
          'retry-after': String(Math.ceil(limits.waitMs / 1000)),
        });
        res.end(
          problem(503, 'Service Unavailable', 'Too busy to answer just now; try again in a moment.', req.url ?? '/'),
        );
      });
  };
}

/**
 * The one local base URL. In the cloud, one API Gateway REST API routes by path to the three
 * services and answers unknown routes itself (the MISSING_AUTHENTICATION_TOKEN gateway response
 * content defines, a 404 problem+json); here the same routing and the same answer sit in front
 * of the three serverless-offline servers.
 */
export async function startGateway(
  services: ServiceSpec[],
  port: number,
  limits: GatewayLimits,
  web?: { port: number },
): Promise<Server[]> {
  const inLine = serviceLines(services, limits);
  const proxy = createProxyMiddleware<IncomingMessage>({
    router: (req) => `http://127.0.0.1:${routeFor(services, pathOf(req)).httpPort}`,
    selfHandleResponse: true,
    xfwd: true,
    on: {
      proxyRes: responseInterceptor(async (body, proxyRes, req, res) => {
        if (proxyRes.statusCode === 404 && isOfflineRouteNotFound(body)) {
          const path = pathOf(req);
          res.setHeader('content-type', PROBLEM);
          for (const [name, value] of Object.entries(EDGE_SECURITY_HEADERS)) res.setHeader(name, value);
          return problem(404, 'Not Found', 'No route matches this method and path.', path);
        }
        if (isOfflineAuthRefusal(proxyRes.statusCode, body)) {
          const path = pathOf(req);
          const status = proxyRes.statusCode ?? 401;
          res.setHeader('content-type', PROBLEM);
          for (const [name, value] of Object.entries(EDGE_SECURITY_HEADERS)) res.setHeader(name, value);
          if (status === 401) res.setHeader('www-authenticate', bearerChallenge(req.headers.authorization));
          return status === 401
            ? problem(401, 'Unauthorized', 'Sign in as the artist: send Authorization: Bearer <token>.', path)
            : problem(403, 'Forbidden', 'This token does not belong to the artist.', path);
        }
        return body;
      }),
      error: (error, req, res) => {
        if (!('writeHead' in res) || res.headersSent) return;
        res.writeHead(502, { ...EDGE_SECURITY_HEADERS, 'content-type': PROBLEM });
        res.end(problem(502, 'Bad Gateway', `service unavailable: ${error.message}`, req.url ?? '/'));
      },
    },
  });
  const webProxy = web ? galleryProxy(web.port) : undefined;
  const server = createServer((req, res) => {
    // Pages go to the web app outside the services' lines: a page's own API calls come back through
    // this gateway and take a line's slot, so a page holding one would starve them.
    if (webProxy && !isApiPath(pathOf(req))) {
      void webProxy(req, res);
      return;
    }
    inLine(routeFor(services, pathOf(req)), req, res, () => {
      void proxy(req, res, () => {
        res.writeHead(404, { 'content-type': PROBLEM });
        res.end(problem(404, 'Not Found', 'No route matches this method and path.', req.url ?? '/'));
      });
    });
  });
  const servers = [server];
  await listen(server, port, '127.0.0.1');
  // `localhost` resolves to ::1 first for many clients (Node's fetch among them), so answer there too.
  const v6 = createServer(server.listeners('request')[0] as Parameters<typeof createServer>[0]);
  try {
    await listen(v6, port, '::1');
    servers.push(v6);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRNOTAVAIL') throw error;
  }
  return servers;
}

/** `/v1` and below belong to the API (an unknown one still gets its problem+json 404); the rest is the gallery's. */
export function isApiPath(path: string): boolean {
  return path === '/v1' || path.startsWith('/v1/');
}

/**
 * The gallery web app, as the stage's REST API proxies `/` and `/{proxy+}` to it in the cloud: the
 * response streams through untouched (HTML, assets, redirects), with the X-Forwarded headers added.
 */
function galleryProxy(port: number) {
  return createProxyMiddleware<IncomingMessage>({
    target: `http://127.0.0.1:${port}`,
    xfwd: true,
    on: {
      error: (error, _req, res) => {
        if (!('writeHead' in res) || res.headersSent) return;
        res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`The gallery web app is not answering (${error.message}).\n`);
      },
    },
  });
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
}
