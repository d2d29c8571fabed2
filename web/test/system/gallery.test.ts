import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningStack, root, startDev, stopDev, waitUp } from '../../../test/system/support.ts';
import { launchChromium, PAGE_TYPES } from './browser.ts';

// The gallery in Debian's Chromium against `pnpm dev` as a newcomer runs it (ports of its own): pages
// server-rendered from the API, followed by links, zoom, search and the inquiry form with JavaScript
// on and off, the bad inputs each answered, axe on every page type, and screenshots to look at.
const ports = {
  PORT: '3900',
  WEB_PORT: '3904',
  S3_PORT: '4990',
  PGLITE_PORT: '5790',
  ISSUER_PORT: '4991',
  STEP_FUNCTIONS_PORT: '4992',
  EVENTBRIDGE_PORT: '4993',
  EVENTBRIDGE_PUBSUB_PORT: '4994',
};
const base = `http://localhost:${ports.PORT}`;
/** Canonical links must come from this, never from the Host the test browses with. */
const SITE_URL = 'https://gallery.example';
const screenshots = resolve(root, '.data/screenshots');

// biome-ignore lint/suspicious/noExplicitAny: API bodies are JSON; each test asserts the parts it reads.
type Json = any;
const api = async (path: string, init?: RequestInit): Promise<Json> => (await fetch(`${base}/v1${path}`, init)).json();

/** The seeded prints get their images from image jobs after start-up; wait until every published one has. */
async function waitForMedia(timeoutMs = 240_000): Promise<Json[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { items } = await api('/artworks?limit=100');
    if (items.length > 0 && items.every((item: Json) => item.image !== null)) return items;
    await new Promise((done) => setTimeout(done, 2000));
  }
  throw new Error('the sample images were not made in time');
}

/**
 * The gzip bytes of the JavaScript a page loads before any interaction: the scripts and modulepreloads
 * its HTML names, and every static import they pull in (dynamic imports, like OpenSeadragon's, are not).
 */
async function scriptBytes(path: string): Promise<number> {
  const html = await (await fetch(`${base}${path}`)).text();
  const pending = [
    ...html.matchAll(
      /<script[^>]*\ssrc="([^"]+)"|<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"|import\("([^"]+)"\)/g,
    ),
  ].map((match) => new URL(match[1] ?? match[2] ?? match[3] ?? '', `${base}${path}`).href);
  const seen = new Set<string>();
  let bytes = 0;
  for (let url = pending.pop(); url; url = pending.pop()) {
    if (seen.has(url)) continue;
    seen.add(url);
    const code = Buffer.from(await (await fetch(url)).arrayBuffer());
    bytes += gzipSync(code, { level: 9 }).length;
    for (const match of code
      .toString()
      .matchAll(/(?:import|export)\s*(?:[^'"();]*?from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) {
      pending.push(new URL(match[1] ?? '', url).href);
    }
  }
  return bytes;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolvePort(port));
    });
  });
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

describe('the gallery in a browser', () => {
  let stack: RunningStack | undefined;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let noScript: BrowserContext;
  let printSlug: string;
  let collectionSlug: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'copper-web-'));
    stack = startDev({ ...ports, COPPER_DATA_DIR: dataDir, DATABASE_URL: undefined, PUBLIC_SITE_URL: SITE_URL });
    await waitUp(stack, 240_000);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    noScript = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    await waitForMedia();
    const { items: collections } = await api('/collections');
    collectionSlug = collections.find((collection: Json) => collection.count > 0)?.slug;
    printSlug = (await api(`/collections/${collectionSlug}`)).artworks[0]?.slug;
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await stopDev(stack);
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('serves the gallery at the base URL and keeps /v1 for the API, unknown routes included', async () => {
    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    expect(home.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600');
    expect(home.headers.get('x-request-id')).toBeTruthy();
    const unknown = await fetch(`${base}/v1/no-such-route`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/problem\+json/);
    expect(stack?.output()).toContain(`gallery        ${base}/`);
  });

  it('publishes an Atom feed of new prints, a sitemap and robots.txt, all on the configured site URL', async () => {
    const { items } = await api('/artworks?limit=100');
    const feed = await fetch(`${base}/feed.xml`);
    expect(feed.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const atom = await feed.text();
    expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(atom).toContain(`<id>${SITE_URL}/artworks/${items[0].slug}</id>`);
    expect(atom.match(/<entry>/g)?.length).toBe(items.length);
    const sitemap = await (await fetch(`${base}/sitemap.xml`)).text();
    for (const item of items) expect(sitemap).toContain(`<loc>${SITE_URL}/artworks/${item.slug}</loc>`);
    expect(await (await fetch(`${base}/robots.txt`)).text()).toContain(`Sitemap: ${SITE_URL}/sitemap.xml`);
  });

  it('follows real links from the front page to a collection and a print, each with its own head', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator('h1').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('link[rel=canonical]').getAttribute('href')).toBe(`${SITE_URL}/`);
    const homeTitle = await page.title();

    await page.locator('main a[href^="/collections/"]').first().click();
    await page.waitForURL(/\/collections\/[a-z0-9-]+$/);
    expect(await page.title()).not.toBe(homeTitle);
    expect(await page.locator('link[rel=canonical]').getAttribute('href')).toBe(
      `${SITE_URL}${new URL(page.url()).pathname}`,
    );
    await page.locator('main h2 a[href^="/artworks/"]').first().click();
    await page.waitForURL(/\/artworks\/[a-z0-9-]+$/);
    await expect.poll(() => page.locator('h1').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('meta[name=description]').getAttribute('content')).toBeTruthy();
    await page.close();
  });

  it('shows the artist, the statement and the featured prints; filters by technique; lists related prints', async () => {
    const { artistName, featured } = await api('/site');
    const home = await (await fetch(`${base}/`)).text();
    expect(home).toContain(`<h1 id="intro-title">${artistName}</h1>`);
    for (const card of featured) expect(home).toContain(`href="/artworks/${card.slug}"`);

    const { items: drypoints } = await api('/artworks?technique=drypoint&limit=100');
    const filtered = await (await fetch(`${base}/artworks?technique=drypoint&limit=100`)).text();
    expect(filtered.match(/<article class="card/g)?.length).toBe(drypoints.length);

    const { items: related } = await api(`/artworks/${printSlug}/related`);
    const print = await (await fetch(`${base}/artworks/${printSlug}`)).text();
    for (const card of related.slice(0, 4)) expect(print).toContain(`href="/artworks/${card.slug}"`);
  });

  it('ships no JavaScript on the front page and the catalogue, and at most 30 KB gzip on a print page before zoom', async () => {
    expect(await scriptBytes('/')).toBe(0);
    expect(await scriptBytes('/artworks')).toBe(0);
    const print = await scriptBytes(`/artworks/${printSlug}`);
    expect(print).toBeGreaterThan(0);
    expect(print).toBeLessThanOrEqual(30 * 1024);
  });

  it('shows a print: picture with srcsets and a placeholder, editions in plain words, JSON-LD and sharing tags', async () => {
    const page = await context.newPage();
    const response = await page.goto(`${base}/artworks/${printSlug}`);
    expect(response?.status()).toBe(200);
    const picture = page.locator('main picture').first();
    expect(await picture.locator('source[type="image/avif"]').getAttribute('srcset')).toMatch(/ \d+w/);
    expect(await picture.locator('source[type="image/webp"]').getAttribute('sizes')).toBeTruthy();
    const img = picture.locator('img');
    expect(await img.getAttribute('width')).toMatch(/^\d+$/);
    expect(await img.getAttribute('fetchpriority')).toBe('high');
    const frame = await page.locator('main .frame').first().getAttribute('style');
    expect(frame).toMatch(/background-color:#[0-9a-f]{6}/);
    expect(frame).toContain('data:image/png;base64,');
    expect(await page.locator('meta[property="og:image"]').getAttribute('content')).toMatch(/^http/);
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
    expect(ld['@type']).toBe('VisualArtwork');
    expect(ld.offers.length).toBeGreaterThan(0);
    expect(await page.locator('main').textContent()).toMatch(/mm \(\d/);

    // Sold out and closed editions are said plainly, on the prints the sample catalogue has them.
    const pages: string[] = [];
    for (const item of (await api('/artworks?limit=100')).items as Json[]) {
      pages.push(await (await fetch(`${base}/artworks/${item.slug}`)).text());
    }
    expect(pages.join(' ')).toContain('<strong>Sold out.</strong>');
    expect(pages.join(' ')).toContain('<strong>Edition closed.</strong>');
    await page.close();
  });

  it('zooms into the plate by keyboard and closes, focus back on the button', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/artworks/${printSlug}`);
    const open = page.getByRole('button', { name: 'Zoom into the plate' });
    await open.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ state: 'visible' });
    const stage = page.getByTestId('zoom-stage');
    await expect.poll(() => stage.getAttribute('data-state'), { timeout: 30_000 }).toBe('open');
    await expect.poll(() => stage.locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const zoom = async () => Number((await stage.getAttribute('data-zoom')) ?? '0');
    // Where "whole plate" sits depends on the plate's shape against the window, so compare steps with
    // each other, not with a fixed number. OpenSeadragon animates each step: wait for it to settle.
    const settled = async () => {
      let last = Number.NaN;
      for (let reads = 0; reads < 50; reads += 1) {
        const now = await zoom();
        if (now > 0 && now === last) return now;
        last = now;
        await page.waitForTimeout(300);
      }
      throw new Error('the zoom did not settle');
    };
    await page.keyboard.press('+');
    const once = await settled();
    await page.keyboard.press('+');
    await expect.poll(zoom, { timeout: 15_000 }).toBeGreaterThan(once * 1.3);
    const zoomedIn = await settled();
    await mkdir(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'zoom-1280.png') });
    await page.keyboard.press('-');
    await expect.poll(zoom, { timeout: 15_000 }).toBeLessThan(zoomedIn);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Zoom into the plate');
    await page.close();
  });

  it('searches with a typo, uses a facet, and offers suggestions by keyboard', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/search`);
    await page.locator('.combo[data-ready]').waitFor();
    const box = page.getByRole('combobox', { name: 'Search words' });
    await box.fill('harbr');
    await box.press('Enter');
    await page.waitForURL(/q=harbr/);
    const count = async () => page.locator('ol.hits > li').count();
    expect(await count()).toBeGreaterThan(1);
    expect(await page.locator('ol.hits mark').count()).toBeGreaterThan(0);
    const before = await count();
    await page.locator('fieldset', { hasText: 'Technique' }).locator('input[type=checkbox]').first().check();
    await page.waitForURL(/technique=/);
    expect(await count()).toBeLessThan(before);
    expect(await page.locator('fieldset', { hasText: 'Technique' }).locator('input:checked').count()).toBe(1);

    await page.goto(`${base}/search`);
    await page.locator('.combo[data-ready]').waitFor();
    await page.getByRole('combobox', { name: 'Search words' }).pressSequentially('harb', { delay: 30 });
    await page.getByRole('listbox').waitFor({ state: 'visible' });
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('combobox', { name: 'Search words' }).getAttribute('aria-activedescendant')).toBe(
      'suggestion-0',
    );
    expect(await page.locator('#suggestion-0').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Escape');
    await page.getByRole('listbox').waitFor({ state: 'hidden' });
    await page.close();
  });

  it('sends an inquiry with JavaScript (no reload) and without, both read back by the artist', async () => {
    const stamp = Date.now();
    const page = await context.newPage();
    await page.goto(`${base}/artworks/${printSlug}`);
    await page.locator('form[data-enhanced]').waitFor();
    await page.evaluate(() => Object.assign(window, { stillHere: true }));
    await page.getByLabel('Your name').fill('Ada with JS');
    await page.getByLabel('Your email address').fill('ada@example.com');
    await page.getByLabel('Your message').fill(`With script ${stamp}`);
    await page.getByRole('button', { name: 'Send inquiry' }).click();
    await page.getByText('Your message has reached the artist').waitFor();
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    await page.close();

    const plain = await noScript.newPage();
    await plain.goto(`${base}/artworks/${printSlug}`);
    // The honeypot is off-screen and hidden from assistive technology.
    expect(await plain.locator('.trap').getAttribute('aria-hidden')).toBe('true');
    expect(await plain.locator('input[name=website]').getAttribute('tabindex')).toBe('-1');
    await plain.getByLabel('Your name').fill('Ben without JS');
    await plain.getByLabel('Your email address').fill('ben@example.com');
    const impression = plain.getByLabel('About', { exact: true });
    const options = await impression
      .locator('option')
      .evaluateAll((nodes) => nodes.map((node) => (node as HTMLOptionElement).value));
    if (options[1]) await impression.selectOption(options[1]);
    await plain.getByLabel('Your message').fill(`Without script ${stamp}`);
    await plain.getByRole('button', { name: 'Send inquiry' }).click();
    await plain.getByText('Your message has reached the artist').waitFor();
    await plain.close();

    const token = ((await (await fetch(`http://127.0.0.1:${ports.ISSUER_PORT}/token`)).json()) as Json).access_token;
    const { items } = await api('/inquiries?limit=20', { headers: { authorization: `Bearer ${token}` } });
    const messages = (items as Json[]).map((item) => item.message);
    expect(messages).toContain(`With script ${stamp}`);
    expect(messages).toContain(`Without script ${stamp}`);
    const withImpression = (items as Json[]).find((item) => item.message === `Without script ${stamp}`);
    expect(withImpression.artwork.slug).toBe(printSlug);
    if (options[1]) expect(withImpression.impressionId).toBe(options[1]);
  });

  it('answers each bad input: unknown slug, bad query values, a wrong inquiry, a script tag, a huge message', async () => {
    for (const path of ['/artworks/no-such-print', `/collections/no-such-collection`, '/nothing-here']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).toContain('Not found');
    }
    for (const query of ['limit=abc', 'cursor=forged', 'technique=nope', 'collection=Not%20A%20Slug']) {
      const response = await fetch(`${base}/artworks?${query}`);
      expect(response.status, query).toBe(200);
      expect(await response.text(), query).toContain('could not be used');
    }
    const search = await fetch(`${base}/search?technique=nope&cursor=forged&q=harbour`);
    expect(search.status).toBe(200);

    const page = await noScript.newPage();
    await page.goto(`${base}/artworks/${printSlug}`);
    await page.getByLabel('Your email address').fill('not an email');
    await page.getByRole('button', { name: 'Send inquiry' }).click();
    await page.getByText('Please check the fields marked below').waitFor();
    expect(await page.locator('#inquiry-name-error').textContent()).toContain('Your name is needed');
    expect(await page.locator('#inquiry-email-error').textContent()).toContain('email address');
    expect(await page.locator('#inquiry-message-error').textContent()).toContain('Your message is needed');
    expect(await page.getByLabel('Your email address').inputValue()).toBe('not an email');
    expect(await page.getByLabel('Your name').getAttribute('aria-invalid')).toBe('true');
    await page.locator('.inquiry').screenshot({ path: join(screenshots, 'inquiry-errors-1280.png') });

    await page.getByLabel('Your name').fill('Cleo');
    await page.getByLabel('Your email address').fill('cleo@example.com');
    await page.getByLabel('Your message').fill('x'.repeat(100 * 1024));
    await page.getByRole('button', { name: 'Send inquiry' }).click();
    await page.locator('#inquiry-message-error').waitFor();
    expect(await page.locator('#inquiry-message-error').textContent()).toMatch(/too long/);
    expect((await page.getByLabel('Your message').inputValue()).length).toBe(100 * 1024);
    await page.close();

    const scripted = await context.newPage();
    let dialogs = 0;
    scripted.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    await scripted.goto(`${base}/search?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(await scripted.locator('h1').textContent()).toBe('Search: <script>alert(1)</script>');
    expect(await scripted.getByRole('combobox', { name: 'Search words' }).inputValue()).toBe(
      '<script>alert(1)</script>',
    );
    expect(dialogs).toBe(0);
    await scripted.close();
  });

  it('says the gallery is resting (503) when the API is down, and refuses requests that skipped the API (403)', async () => {
    const port = await freePort();
    const server: ChildProcess = spawn(process.execPath, ['build/index.js'], {
      cwd: resolve(root, 'web'),
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        API_BASE_URL: 'http://127.0.0.1:9', // nothing listens on the discard port
        ORIGIN_VERIFY_SECRET: 'a-secret-only-the-api-knows',
      },
      stdio: 'ignore',
    });
    try {
      const url = `http://127.0.0.1:${port}/`;
      await expect.poll(async () => (await fetch(url).catch(() => undefined))?.status, { timeout: 20_000 }).toBe(403);
      const down = await fetch(url, { headers: { 'x-origin-verify': 'a-secret-only-the-api-knows' } });
      expect(down.status).toBe(503);
      const text = await down.text();
      expect(text).toContain('The gallery is resting');
      expect(text).not.toMatch(/ECONNREFUSED|fetch failed|at .*\.js/);
      expect(down.headers.get('cache-control') ?? '').not.toContain('max-age=60');
    } finally {
      server.kill('SIGTERM');
    }
  });

  it('has no serious or critical axe violations on any page type, and writes screenshots at 375 and 1440 px', async () => {
    await mkdir(screenshots, { recursive: true });
    const problems: string[] = [];
    for (const width of [375, 1440]) {
      const shots = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await shots.newPage();
      for (const { name, path } of PAGE_TYPES(printSlug, collectionSlug)) {
        await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
        // Lazy images load as they near the viewport: scroll through so the picture is whole.
        await page.evaluate(async () => {
          for (let y = 0; y < document.body.scrollHeight; y += 600) {
            window.scrollTo(0, y);
            await new Promise((done) => setTimeout(done, 50));
          }
          window.scrollTo(0, 0);
        });
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: join(screenshots, `${name}-${width}.png`), fullPage: true });
        if (width === 1440) problems.push(...(await seriousViolations(page)).map((v) => `${name}: ${v}`));
      }
      await shots.close();
    }
    expect(problems).toEqual([]);
  });
});
