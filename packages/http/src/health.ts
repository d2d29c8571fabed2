import type { HttpHandler } from './index.ts';

export interface HealthInfo {
  service: string;
  version: string;
  stage: string;
}

export type DependencyCheck = () => Promise<boolean>;

/**
 * `{status, service, version, stage}`, plus each named dependency's reachability.
 * Any unreachable dependency makes the answer 503 so load balancers and uptime checks see it.
 */
export function healthHandler(info: HealthInfo, checks: Record<string, DependencyCheck> = {}): HttpHandler {
  return async () => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map(async (name) => [name, await checks[name]?.()] as const));
    const dependencies = Object.fromEntries(results.map(([name, ok]) => [name, ok ? 'reachable' : 'unreachable']));
    const healthy = results.every(([, ok]) => ok);
    return {
      statusCode: healthy ? 200 : 503,
      headers: { 'cache-control': 'no-store' },
      body: {
        status: healthy ? 'ok' : 'degraded',
        ...info,
        ...(names.length ? { dependencies } : {}),
      },
    };
  };
}
