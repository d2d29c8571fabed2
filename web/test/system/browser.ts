// Debian's Chromium driven by playwright-core: no browser download, the flags these machines need.
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
    headless: true,
  });
}

/** The gallery's page types, each with a path that shows it on the sample catalogue. */
export const PAGE_TYPES = (slug: string, collection: string) =>
  [
    { name: 'home', path: '/' },
    { name: 'artworks', path: '/artworks' },
    { name: 'artwork', path: `/artworks/${slug}` },
    { name: 'collections', path: '/collections' },
    { name: 'collection', path: `/collections/${collection}` },
    { name: 'search', path: '/search?q=harbour' },
    { name: 'search-empty', path: '/search?q=zzzzqqq' },
    { name: 'not-found', path: '/artworks/no-such-print' },
  ] as const;
