import { randomUUID } from 'node:crypto';
import type { UploadStore } from '../adapters/upload-store.ts';

/** 15 minutes: long enough for a 500 MB scan on a slow line, short enough that a leaked URL soon dies. */
export const UPLOAD_EXPIRY_SECONDS = 15 * 60;
export const UPLOAD_MAX_BYTES = 500 * 1024 * 1024;

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/tiff': 'tif',
  'image/webp': 'webp',
};

/**
 * A ticket to upload one scan. The key is chosen here, never by the client, so an upload can
 * neither overwrite another nor escape its prefix; the declared size becomes the hard cap.
 */
export async function requestUpload(
  store: UploadStore,
  input: { filename: string; contentType: string; size: number },
  now = new Date(),
) {
  const extension = EXTENSIONS[input.contentType] ?? 'bin';
  const month = now.toISOString().slice(0, 7).replace('-', '/');
  const key = `originals/${month}/${randomUUID()}.${extension}`;
  const ticket = await store.presignPost({
    key,
    contentType: input.contentType,
    maxBytes: Math.min(input.size, UPLOAD_MAX_BYTES),
    expiresSeconds: UPLOAD_EXPIRY_SECONDS,
  });
  return {
    uploadKey: key,
    method: 'POST' as const,
    url: ticket.url,
    fields: ticket.fields,
    maxBytes: Math.min(input.size, UPLOAD_MAX_BYTES),
    expiresAt: new Date(now.getTime() + UPLOAD_EXPIRY_SECONDS * 1000).toISOString(),
  };
}
