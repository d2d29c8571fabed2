import { apiFor, call } from '#lib/server/api.ts';
import { xml } from '#lib/server/xml.ts';
import { PUBLIC_SITE_URL } from '$app/env/private';
import { resolve } from '$app/paths';
import type { RequestHandler } from './$types';

/** The catalogue is small (one artist); a bound keeps a runaway cursor from looping. */
const MAX_PAGES = 50;

export const GET: RequestHandler = async ({ locals }) => {
  const api = apiFor(locals.requestId);
  const site = `${PUBLIC_SITE_URL}${resolve('/').replace(/\/$/, '')}`;
  const urls: { loc: string; lastmod?: string }[] = ['/', '/artworks', '/collections', '/search'].map((path) => ({
    loc: `${site}${path === '/' ? '/' : path}`,
  }));
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { data } = await call(
      api.GET('/v1/artworks', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }),
    );
    for (const item of data?.items ?? []) {
      urls.push({ loc: `${site}/artworks/${item.slug}`, ...(item.publishedAt ? { lastmod: item.publishedAt } : {}) });
    }
    cursor = data?.nextCursor ?? undefined;
    if (!cursor) break;
  }
  const { data: collections } = await call(api.GET('/v1/collections'));
  for (const collection of collections?.items ?? []) urls.push({ loc: `${site}/collections/${collection.slug}` });
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((url) => `  <url><loc>${xml(url.loc)}</loc>${url.lastmod ? `<lastmod>${xml(url.lastmod)}</lastmod>` : ''}</url>`).join('\n')}
</urlset>
`;
  return new Response(body, {
    headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=3600' },
  });
};
