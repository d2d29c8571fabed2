import { PUBLIC_SITE_URL } from '$app/env/private';
import { resolve } from '$app/paths';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => {
  const base = resolve('/').replace(/\/$/, '');
  const body = `User-agent: *\nAllow: /\nDisallow: ${base}/studio\nDisallow: ${base}/search?\n\nSitemap: ${PUBLIC_SITE_URL}${base}/sitemap.xml\n`;
  return new Response(body, {
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=86400' },
  });
};
