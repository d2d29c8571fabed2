import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeepZoom, deepZoom, deepZoomLevels } from '../../src/deep-zoom.ts';
import { SourceRefusedError } from '../../src/errors.ts';
import { displayP3Image, exifRotatedJpeg, plateImage, svgImage, truncatedJpeg } from '../../src/testing.ts';

const made: string[] = [];

afterAll(async () => {
  await Promise.all(made.map((directory) => rm(directory, { recursive: true, force: true })));
});

async function tiled(source: Buffer, options: Parameters<typeof deepZoom>[1] = {}): Promise<DeepZoom> {
  const result = await deepZoom(source, options);
  made.push(result.directory);
  return result;
}

function attribute(xml: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(xml)?.[1];
}

describe('deepZoom of a 1000 × 700 plate', () => {
  let result: DeepZoom;

  beforeAll(async () => {
    result = await tiled(await plateImage({ width: 1000, height: 700, chop: true }));
  });

  it('writes a DZI describing the full image and its tiling', () => {
    const { xml } = result.dzi;
    expect(xml).toContain('http://schemas.microsoft.com/deepzoom/2008');
    expect(attribute(xml, 'Width')).toBe('1000');
    expect(attribute(xml, 'Height')).toBe('700');
    expect(attribute(xml, 'TileSize')).toBe('254');
    expect(attribute(xml, 'Overlap')).toBe('1');
    expect(attribute(xml, 'Format')).toBe('jpeg');
    expect(result).toMatchObject({ width: 1000, height: 700, tileSize: 254, overlap: 1, contentType: 'image/jpeg' });
  });

  it('has every level from one pixel to full size, with the expected tiles in each', () => {
    // 1000 px wide needs ceil(log2 1000) = 10 halvings: levels 0…10.
    expect(result.levels).toHaveLength(11);
    expect(result.levels.at(-1)).toMatchObject({ level: 10, width: 1000, height: 700, columns: 4, rows: 3 });
    expect(result.levels[0]).toMatchObject({ width: 1, height: 1, columns: 1, rows: 1 });
    for (const level of result.levels) {
      const keys = result.tiles.filter((tile) => tile.level === level.level).map((tile) => tile.key);
      const expected: string[] = [];
      for (let row = 0; row < level.rows; row++) {
        for (let column = 0; column < level.columns; column++) {
          expected.push(`image_files/${level.level}/${column}_${row}.jpeg`);
        }
      }
      expect(keys, `level ${level.level}`).toEqual(expected);
    }
  });

  it('lists exactly the files on disk, nothing else, with their sizes', async () => {
    const onDisk = (await readdir(join(result.directory, 'image_files'), { recursive: true })).filter((name) =>
      name.endsWith('.jpeg'),
    );
    expect(onDisk.sort()).toEqual(result.tiles.map((tile) => tile.key.replace('image_files/', '')).sort());
    expect(await readdir(result.directory)).toEqual(expect.arrayContaining(['image.dzi', 'image_files']));
    expect(await readdir(join(result.directory, 'image_files'))).not.toContain('vips-properties.xml');
    for (const tile of result.tiles.slice(0, 5)) {
      expect((await readFile(tile.path)).length).toBe(tile.size);
    }
    expect(await readFile(result.dzi.path, 'utf8')).toBe(result.dzi.xml);
  });

  it('cuts 256 px interior tiles (254 + overlap on both sides) and narrower edge tiles', async () => {
    const interior = result.tiles.find((tile) => tile.level === 10 && tile.column === 1 && tile.row === 1);
    const corner = result.tiles.find((tile) => tile.level === 10 && tile.column === 3 && tile.row === 2);
    if (interior === undefined || corner === undefined) throw new Error('missing tiles');
    expect(await sharp(interior.path).metadata()).toMatchObject({ width: 256, height: 256, format: 'jpeg' });
    // The last column starts at 3 × 254 = 762 (less one overlap pixel) and ends at 1000.
    expect(await sharp(corner.path).metadata()).toMatchObject({ width: 1000 - 762 + 1, height: 700 - 508 + 1 });
  });

  it('matches deepZoomLevels, the arithmetic a viewer does', () => {
    expect(result.levels).toEqual(deepZoomLevels(1000, 700, 254));
  });
});

describe('deepZoom sources', () => {
  it('tiles an EXIF-rotated source upright and a P3 source as sRGB, without metadata', async () => {
    const rotated = await tiled(await exifRotatedJpeg({ width: 600, height: 400 }));
    expect(attribute(rotated.dzi.xml, 'Width')).toBe('400');
    expect(attribute(rotated.dzi.xml, 'Height')).toBe('600');

    const p3 = await tiled(await displayP3Image({ width: 600, height: 400 }));
    for (const tile of [rotated.tiles.at(-1), p3.tiles.at(-1)]) {
      if (tile === undefined) throw new Error('no tiles');
      const metadata = await sharp(tile.path).metadata();
      expect(metadata.hasProfile).toBe(false);
      expect(metadata.exif).toBeUndefined();
    }
  });

  it('writes into a given directory under a given name, with WebP tiles', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'copper-imaging-dz-'));
    made.push(directory);
    const result = await tiled(await plateImage({ width: 300, height: 200 }), {
      directory,
      name: 'plate',
      format: 'webp',
      tileSize: 510,
    });
    expect(result.directory).toBe(directory);
    expect(result.dzi.key).toBe('plate.dzi');
    expect(attribute(result.dzi.xml, 'Format')).toBe('webp');
    expect(result.tiles.at(-1)).toMatchObject({ key: 'plate_files/9/0_0.webp', level: 9 });
  });

  it('writes the same bytes for the same source', async () => {
    const source = await plateImage({ width: 500, height: 300, seed: 9 });
    const first = await tiled(source);
    const second = await tiled(source);
    expect(second.tiles.map((tile) => tile.key)).toEqual(first.tiles.map((tile) => tile.key));
    for (const [i, tile] of first.tiles.entries()) {
      const other = second.tiles[i];
      if (other === undefined) throw new Error('missing tile');
      expect((await readFile(tile.path)).equals(await readFile(other.path)), tile.key).toBe(true);
    }
  });

  it('refuses bad sources and leaves nothing behind', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'copper-imaging-dz-'));
    made.push(parent);
    const directory = join(parent, 'out');
    const svg = await deepZoom(svgImage(), { directory }).catch((error: unknown) => error);
    expect(svg).toBeInstanceOf(SourceRefusedError);
    await expect(access(directory)).rejects.toThrow();

    const truncated = await deepZoom(await truncatedJpeg(), { directory }).catch((error: unknown) => error);
    expect(truncated).toMatchObject({ name: 'SourceRefusedError', reason: 'truncated' });
    expect(await readdir(directory)).toEqual([]);
  });
});
