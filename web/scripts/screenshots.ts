// Screenshots of every page type at a phone's and a desktop's width, from a running gallery:
//   BASE_URL=http://localhost:3000 pnpm --filter @copper/web screenshots
// They land in .data/screenshots/ at the repository root (git-ignored).
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { launchChromium, PAGE_TYPES } from '../test/system/browser.ts';

const base = process.env.BASE_URL ?? 'http://localhost:3000';
const out = resolve(import.meta.dirname, '../../.data/screenshots');
await mkdir(out, { recursive: true });
const browser = await launchChromium();
try {
  for (const [label, width, height] of [
    ['375', 375, 812],
    ['1440', 1440, 900],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
      const page = await context.newPage();
      for (const { name, path } of PAGE_TYPES(
        process.env.SLUG ?? 'harbour-at-low-tide',
        process.env.COLLECTION ?? 'hedgerow',
      )) {
        await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
        const file = resolve(out, `${name}-${label}${scheme === 'dark' ? '-dark' : ''}.png`);
        await page.screenshot({ path: file, fullPage: true });
        process.stdout.write(`${file}\n`);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
