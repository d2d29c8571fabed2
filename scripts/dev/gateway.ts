import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createProxyMiddleware, responseInterceptor } from 'http-proxy-middleware';
import type { ServiceSpec } from './config.ts';

const PROBLEM = 'application/problem+json';

function problem(status: number, title: string, detail: string, instance: string) {
  return JSON.stringify({ type: 'about:blank', title, status, detail, instance });
}

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

/**
 * The one local base URL. In the cloud, one API Gateway REST API routes by path to the three
 * services and answers unknown routes itself (the MISSING_AUTHENTICATION_TOKEN gateway response
 * content defines, a 404 problem+json); here the same routing and the same answer sit in front
 * of the three serverless-offline servers.
 */
export async function startGateway(services: ServiceSpec[], port: number, web?: { port: number }): Promise<Server[]> {
  const proxy = createProxyMiddleware<IncomingMessage>({
    router: (req) => `http://127.0.0.1:${routeFor(services, new URL(req.url ?? '/', 'http://x').pathname).httpPort}`,
    selfHandleResponse: true,
    xfwd: true,
    on: {
      proxyRes: responseInterceptor(async (body, proxyRes, req, res) => {
        if (proxyRes.statusCode === 404 && isOfflineRouteNotFound(body)) {
          const path = new URL(req.url ?? '/', 'http://x').pathname;
          res.setHeader('content-type', PROBLEM);
          return problem(404, 'Not Found', 'No route matches this method and path.', path);
        }
        if (isOfflineAuthRefusal(proxyRes.statusCode, body)) {
          const path = new URL(req.url ?? '/', 'http://x').pathname;
          const status = proxyRes.statusCode ?? 401;
          res.setHeader('content-type', PROBLEM);
          return status === 401
            ? problem(401, 'Unauthorized', 'Sign in as the artist: send Authorization: Bearer <token>.', path)
            : problem(403, 'Forbidden', 'This token does not belong to the artist.', path);
        }
        return body;
      }),
      error: (error, req, res) => {
        if (!('writeHead' in res) || res.headersSent) return;
        res.writeHead(502, { 'content-type': PROBLEM });
        res.end(problem(502, 'Bad Gateway', `service unavailable: ${error.message}`, req.url ?? '/'));
      },
    },
  });
  const webProxy = web ? galleryProxy(web.port) : undefined;
  const server = createServer((req, res) => {
    if (webProxy && !isApiPath(new URL(req.url ?? '/', 'http://x').pathname)) {
      void webProxy(req, res);
      return;
    }
    void proxy(req, res, () => {
      res.writeHead(404, { 'content-type': PROBLEM });
      res.end(problem(404, 'Not Found', 'No route matches this method and path.', req.url ?? '/'));
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
