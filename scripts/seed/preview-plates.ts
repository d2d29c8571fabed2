// Draws every sample print's plate scan as the seed uploads it, times it, and writes a PNG of each
// to look at: `pnpm exec tsx scripts/seed/preview-plates.ts [out-dir]` (default /tmp/plates).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { SAMPLE_ARTWORKS } from '../../services/content/src/seed/catalogue.ts';
import { plateScan, plateSpec } from './plates.ts';

const out = process.argv[2] ?? '/tmp/plates';
await mkdir(out, { recursive: true });
let total = 0;
let bytes = 0;
for (const artwork of SAMPLE_ARTWORKS) {
  const started = performance.now();
  const jpeg = await plateScan(artwork);
  const elapsed = performance.now() - started;
  total += elapsed;
  bytes += jpeg.length;
  const spec = plateSpec(artwork);
  await sharp(jpeg)
    .png()
    .toFile(join(out, `${artwork.slug}.png`));
  process.stdout.write(
    `${artwork.slug.padEnd(24)} ${spec.subject.family}/${spec.subject.motif} ${spec.line}+${spec.tone} ${spec.ink} ` +
      `${spec.width}×${spec.height} ${(elapsed / 1000).toFixed(2)} s ${(jpeg.length / 1024).toFixed(0)} KB\n`,
  );
}
process.stdout.write(
  `all ${SAMPLE_ARTWORKS.length}: ${(total / 1000).toFixed(2)} s, ${(bytes / 1024 / 1024).toFixed(1)} MB\n`,
);
