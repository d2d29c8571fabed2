// @copper/imaging's renderRenditions alone, from the scan on local disk into a folder: the pipeline's
// pixel work without its adapters (no S3 download or upload, no digest, no job rows). Shown beside
// the other two so the pipeline's cost splits into decode strategy and I/O.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderRenditions } from '@copper/imaging/renditions';
import { childSettings, serve } from './child.ts';

interface Settings {
  source: string;
  maxPixels: number;
}

const EXTENSION = { avif: 'avif', webp: 'webp', jpeg: 'jpg' } as const;

const settings = childSettings<Settings>();
let out = '';
let written = { outputs: 0, bytes: 0 };

await serve({
  async prepare() {
    out = await mkdtemp(join(tmpdir(), 'copper-bench-imaging-'));
  },
  async render() {
    const renditions = await renderRenditions(settings.source, { maxPixels: settings.maxPixels });
    await Promise.all(renditions.map((r) => writeFile(join(out, `${r.width}.${EXTENSION[r.format]}`), r.bytes)));
    written = { outputs: renditions.length, bytes: renditions.reduce((sum, r) => sum + r.bytes.length, 0) };
  },
  async verify() {
    await rm(out, { recursive: true, force: true });
    return written;
  },
});
