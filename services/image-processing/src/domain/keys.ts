// Where a job's outputs live. Keys derive from the source's digest and the settings that shape the
// pixels, never from time or job ids, so a replayed or retried step writes the very same objects.
import { createHash } from 'node:crypto';

/** Bumped when the pipeline changes what it writes for the same source and settings. */
export const PIPELINE_VERSION = 1;

/** Short digest of a settings object, stable across key order. */
export function specId(settings: Record<string, unknown>): string {
  const canonical = JSON.stringify(settings, Object.keys(settings).sort());
  return createHash('sha256').update(`${PIPELINE_VERSION}:${canonical}`).digest('hex').slice(0, 16);
}

/** `media/ab/<sha256>/`: sharded by the digest's first byte, as S3 likes its prefixes spread. */
export function sourcePrefix(sha256: string): string {
  return `media/${sha256.slice(0, 2)}/${sha256}/`;
}

export const renditionsPrefix = (sha256: string, spec: string) => `${sourcePrefix(sha256)}r-${spec}/`;
export const tilesPrefix = (sha256: string, spec: string) => `${sourcePrefix(sha256)}t-${spec}/`;
export const placeholderKey = (sha256: string) => `${sourcePrefix(sha256)}placeholder.json`;
/** Written last by a step, so its presence means every object before it is in place. */
export const MANIFEST = 'manifest.json';

/** A UUID derived from its parts (the v8 layout), so the same media always gets the same id. */
export function derivedUuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
