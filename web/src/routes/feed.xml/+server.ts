import { techniquesText } from '#lib/catalogue.ts';
import { apiFor, call } from '#lib/server/api.ts';
import { site } from '#lib/server/catalogue.ts';
import { xml } from '#lib/server/xml.ts';
import { SITE } from '#lib/site.ts';
import { PUBLIC_SITE_URL } from '$app/env/private';
import { resolve } from '$app/paths';
import type { RequestHandler } from './$types';

// Newly published prints as an Atom feed, newest first (the list route's own order).
export const GET: RequestHandler = async ({ locals }) => {
  const api = apiFor(locals.requestId);
  const [{ data }, profile] = await Promise.all([
    call(api.GET('/v1/artworks', { params: { query: { limit: 30 } } })),
    site(api),
  ]);
  const origin = `${PUBLIC_SITE_URL}${resolve('/').replace(/\/$/, '')}`;
  const items = data?.items ?? [];
  const updated = items[0]?.publishedAt ?? new Date(0).toISOString();
  const entries = items.map((item) => {
    const url = `${origin}/artworks/${item.slug}`;
    // A card's `src` is a JPEG about 640 px wide: what a feed reader shows.
    const image = item.image?.src;
    const summary = [item.year, techniquesText(item.techniques)].filter(Boolean).join(', ');
    return `  <entry>
    <id>${xml(url)}</id>
    <title>${xml(item.title)}</title>
    <link rel="alternate" type="text/html" href="${xml(url)}"/>
    <published>${xml(item.publishedAt ?? updated)}</published>
    <updated>${xml(item.publishedAt ?? updated)}</updated>
    <summary>${xml(summary || item.title)}</summary>${image ? `\n    <link rel="enclosure" type="image/jpeg" href="${xml(image)}"/>` : ''}
  </entry>`;
  });
  const body = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(`${origin}/`)}</id>
  <title>${xml(`${SITE.name}: new prints`)}</title>
  <subtitle>${xml(SITE.description)}</subtitle>
  <link rel="self" type="application/atom+xml" href="${xml(`${origin}/feed.xml`)}"/>
  <link rel="alternate" type="text/html" href="${xml(`${origin}/`)}"/>
  <updated>${xml(updated)}</updated>
  <author><name>${xml(profile.artistName)}</name></author>
${entries.join('\n')}
</feed>
`;
  return new Response(body, {
    headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': 'public, max-age=600' },
  });
};
