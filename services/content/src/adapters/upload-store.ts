import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';

export interface UploadTicket {
  url: string;
  fields: Record<string, string>;
}

/**
 * Presigned POSTs to the originals bucket. The policy, not this code, enforces the content type
 * and the size range, so S3 itself refuses an upload that breaks them.
 */
export function createUploadStore(options: { bucket: string; endpoint?: string | undefined }) {
  const client = new S3Client({
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
  });
  return {
    bucket: options.bucket,
    async presignPost(input: { key: string; contentType: string; maxBytes: number; expiresSeconds: number }) {
      const { url, fields } = await createPresignedPost(client, {
        Bucket: options.bucket,
        Key: input.key,
        Expires: input.expiresSeconds,
        Fields: { 'Content-Type': input.contentType },
        Conditions: [
          ['content-length-range', 1, input.maxBytes],
          ['eq', '$Content-Type', input.contentType],
          ['eq', '$key', input.key],
        ],
      });
      return { url, fields } satisfies UploadTicket;
    },
  };
}

export type UploadStore = ReturnType<typeof createUploadStore>;
