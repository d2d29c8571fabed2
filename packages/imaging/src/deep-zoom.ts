import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ImageProcessingError } from './errors.ts';
import { decodeOptions, refusalFor, requireHeader } from './header.ts';
import type { ImageSource, SourceLimits } from './types.ts';

export type TileFormat = 'jpeg' | 'webp';

export interface DeepZoomOptions extends SourceLimits {
  /** 254 + 2 × 1 overlap makes interior tiles 256 px, the size viewers such as OpenSeadragon expect. */
  tileSize?: number;
  overlap?: number;
  format?: TileFormat;
  quality?: number;
  /**
   * Where to write `<name>.dzi` and `<name>_files/`. It should be empty. Without one a fresh
   * directory is made under the OS temp directory. Either way the caller removes it after uploading.
   */
  directory?: string;
  name?: string;
}

export interface DeepZoomTile {
  /** Relative POSIX path, the suffix of its object key: `image_files/12/3_4.jpeg`. */
  key: string;
  /** Absolute path of the file to stream from. */
  path: string;
  level: number;
  column: number;
  row: number;
  size: number;
}

export interface DeepZoomLevel {
  level: number;
  width: number;
  height: number;
  columns: number;
  rows: number;
}

/**
 * A Deep Zoom pyramid on disk, described well enough for an upload step to stream each file to
 * storage without holding more than one tile in memory.
 */
export interface DeepZoom {
  directory: string;
  dzi: { key: string; path: string; xml: string };
  width: number;
  height: number;
  tileSize: number;
  overlap: number;
  format: TileFormat;
  contentType: `image/${TileFormat}`;
  levels: DeepZoomLevel[];
  tiles: DeepZoomTile[];
}

/**
 * The levels of a Deep Zoom pyramid as viewers compute them: level 0 is one pixel, the last is the
 * full image, each halving (rounding up) the one above.
 */
export function deepZoomLevels(width: number, height: number, tileSize: number): DeepZoomLevel[] {
  const top = Math.ceil(Math.log2(Math.max(width, height, 1)));
  const levels: DeepZoomLevel[] = [];
  for (let level = 0; level <= top; level++) {
    const scale = 2 ** (top - level);
    const levelWidth = Math.ceil(width / scale);
    const levelHeight = Math.ceil(height / scale);
    levels.push({
      level,
      width: levelWidth,
      height: levelHeight,
      columns: Math.ceil(levelWidth / tileSize),
      rows: Math.ceil(levelHeight / tileSize),
    });
  }
  return levels;
}

/**
 * Cuts the upright, sRGB source into a Deep Zoom pyramid so visitors can zoom into the plate's
 * lines. libvips streams the source through the pyramid a strip at a time and writes tiles to disk
 * as it goes; tiles never pass through the JavaScript heap. The exception is a source stored sideways
 * (EXIF orientation 5–8): rotating needs the whole decoded image in memory, 3 bytes per pixel.
 */
export async function deepZoom(source: ImageSource, options: DeepZoomOptions = {}): Promise<DeepZoom> {
  const tileSize = options.tileSize ?? 254;
  const overlap = options.overlap ?? 1;
  const format = options.format ?? 'jpeg';
  const quality = options.quality ?? 80;
  const name = options.name ?? 'image';
  const { info, ends } = await requireHeader(source, options);

  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'copper-deep-zoom-')));
  await mkdir(directory, { recursive: true });
  const filesDirectory = join(directory, `${name}_files`);
  const dziPath = join(directory, `${name}.dzi`);

  try {
    let pipeline = sharp(source, decodeOptions(options));
    pipeline =
      format === 'jpeg'
        ? pipeline.flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true })
        : pipeline.webp({ quality, effort: 4 });
    await pipeline.tile({ size: tileSize, overlap, layout: 'dz' }).toFile(join(directory, `${name}.dz`));
    // libvips' property dump carries a timestamp; dropping it keeps a replayed step byte-identical.
    await rm(join(filesDirectory, 'vips-properties.xml'), { force: true });

    const xml = await readFile(dziPath, 'utf8');
    const tiles = await listTiles(filesDirectory, `${name}_files`);
    return {
      directory,
      dzi: { key: `${name}.dzi`, path: dziPath, xml },
      width: info.orientedWidth,
      height: info.orientedHeight,
      tileSize,
      overlap,
      format,
      contentType: `image/${format}`,
      levels: deepZoomLevels(info.orientedWidth, info.orientedHeight, tileSize),
      tiles,
    };
  } catch (error) {
    // No half-written pyramid is left behind for an upload step to find.
    if (options.directory === undefined) {
      await rm(directory, { recursive: true, force: true });
    } else {
      await rm(filesDirectory, { recursive: true, force: true });
      await rm(dziPath, { force: true });
    }
    throw (
      refusalFor(error, info.format, ends) ??
      new ImageProcessingError('deep-zoom', 'writing the deep-zoom tiles failed', { cause: error })
    );
  }
}

const TILE_NAME = /^(\d+)_(\d+)\.(jpeg|webp)$/;

async function listTiles(filesDirectory: string, keyPrefix: string): Promise<DeepZoomTile[]> {
  const tiles: DeepZoomTile[] = [];
  for (const levelName of await readdir(filesDirectory)) {
    if (!/^\d+$/.test(levelName)) continue;
    const level = Number(levelName);
    for (const tileName of await readdir(join(filesDirectory, levelName))) {
      const match = TILE_NAME.exec(tileName);
      if (match === null) continue;
      const path = join(filesDirectory, levelName, tileName);
      tiles.push({
        key: `${keyPrefix}/${levelName}/${tileName}`,
        path,
        level,
        column: Number(match[1]),
        row: Number(match[2]),
        size: (await stat(path)).size,
      });
    }
  }
  return tiles.sort((a, b) => a.level - b.level || a.row - b.row || a.column - b.column);
}
