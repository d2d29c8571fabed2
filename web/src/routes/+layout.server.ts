import { PUBLIC_SITE_URL } from '$app/env/private';
import { resolve } from '$app/paths';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = () => ({
  siteUrl: PUBLIC_SITE_URL,
  // `resolve('/')` is the base path plus a slash; canonical links add their own path after it.
  basePath: resolve('/').replace(/\/$/, ''),
});
