// Visitors' search: `GET /v1/search` (hits, facets, total, next cursor) and `GET /v1/search/suggest`
// (completions as they type). Public; only published artworks are ever in the read model.
import { httpRoute, type JsonResult } from '@copper/http';
import { HttpProblemError } from '@copper/http/errors';
import { parsePart } from '@copper/http/request';
import { routeTable } from '@copper/http/routes';
import { SearchRequestError } from '../domain/errors.ts';
import { queryParameters, SearchQuery, SuggestQuery } from '../http/schemas.ts';
import { searchView } from '../http/views.ts';
import { mediaBaseUrl, stack, useSearch } from '../runtime.ts';

// Search results follow the catalogue within a second; a short shared cache still absorbs bursts.
const PUBLIC = { 'cache-control': 'public, max-age=5' };

/** The one place where a refused search becomes an HTTP problem naming its parameter. */
async function mapped(work: () => Promise<JsonResult>): Promise<JsonResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SearchRequestError) {
      const path = `query.${error.parameter}`;
      throw new HttpProblemError(422, 'Unprocessable Content', `${path} ${error.message}.`, {
        errors: [{ path, message: error.message }],
        cause: error,
      });
    }
    throw error;
  }
}

export const handler = httpRoute(
  stack,
  routeTable({
    'GET /v1/search': (event) =>
      mapped(async () => {
        const query = parsePart(SearchQuery, queryParameters(event), 'query');
        const page = await (await useSearch()).search(query);
        const base = page.hits.some((hit) => hit.image) ? await mediaBaseUrl() : '';
        return { statusCode: 200, headers: PUBLIC, body: searchView(page, base) };
      }),

    'GET /v1/search/suggest': (event) =>
      mapped(async () => {
        const { q } = parsePart(SuggestQuery, queryParameters(event), 'query');
        const suggestions = await (await useSearch()).suggest(q);
        return { statusCode: 200, headers: PUBLIC, body: { suggestions } };
      }),
  }),
);
