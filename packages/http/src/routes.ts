import { NotFoundError } from './errors.ts';
import type { HttpHandler } from './index.ts';

/**
 * One Lambda serving several API Gateway routes. API Gateway has already matched the route and
 * names it in `event.resource` (`/v1/artworks/{slug}`), so dispatch is a lookup, not path matching.
 */
export function routeTable(routes: Record<string, HttpHandler>): HttpHandler {
  return async (event, context) => {
    const route = routes[`${event.httpMethod} ${event.resource}`];
    if (!route) throw new NotFoundError('No route matches this method and path.');
    return route(event, context);
  };
}
