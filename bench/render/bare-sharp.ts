// The baseline: renditions as a developer would write them straight on sharp, from the scan on local
// disk into a folder. Same widths, formats and encoder settings as @copper/imaging's renditions.ts;
// the decode strategy is sharp's documented one for many outputs: `clone()` one input per output,
// all at once. No S3, no database, no digest, no intermediate master.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The root declares no sharp of its own: this is the copy (and libvips) @copper/imaging, hence the pipeline, runs.
import sharp, { type Sharp } from '../../packages/imaging/node_modules/sharp/dist/index.mjs';
import { childSettings, serve } from './child.ts';

interface Settings {
  source: string;
}

const WIDTHS = [320, 640, 960, 1280, 1920, 2560];
const FORMATS = {
  avif: (image: Sharp) => image.avif({ quality: 55, effort: 4, chromaSubsampling: '4:4:4' }),
  webp: (image: Sharp) => image.webp({ quality: 82, effort: 4, smartSubsample: true }),
  jpg: (image: Sharp) =>
    image.flatten({ background: '#ffffff' }).jpeg({ quality: 82, mozjpeg: true, chromaSubsampling: '4:4:4' }),
};

const settings = childSettings<Settings>();
let out = '';

await serve({
  async prepare() {
    out = await mkdtemp(join(tmpdir(), 'copper-bench-bare-'));
  },
  async render() {
    // sRGB out, metadata stripped: sharp's defaults. Upright, as the pipeline renders.
    const scan = sharp(settings.source, { autoOrient: true });
    const { autoOrient } = await scan.metadata();
    const widths = WIDTHS.filter((width) => width <= autoOrient.width);
    await Promise.all(
      widths.flatMap((width) =>
        Object.entries(FORMATS).map(([extension, encode]) =>
          encode(scan.clone().resize({ width })).toFile(join(out, `${width}.${extension}`)),
        ),
      ),
    );
  },
  async verify() {
    const files = await readdir(out);
    const sizes = await Promise.all(files.map(async (file) => (await stat(join(out, file))).size));
    await rm(out, { recursive: true, force: true });
    return { outputs: files.length, bytes: sizes.reduce((sum, size) => sum + size, 0) };
  },
});
