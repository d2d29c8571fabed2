// The artist asks to upload a scan; the answer is a presigned POST straight to S3, so the file
// never passes through Lambda (and its 6 MB payload limit).
import { httpRoute } from '@copper/http';
import { parseJsonBody } from '@copper/http/request';
import { createUploadStore } from '../adapters/upload-store.ts';
import { requestUpload } from '../domain/uploads.ts';
import { UploadRequest } from '../http/schemas.ts';
import { env, stack } from '../runtime.ts';

const store = createUploadStore({ bucket: env.ORIGINALS_BUCKET, endpoint: env.S3_ENDPOINT });

export const handler = httpRoute(stack, async (event) => {
  const ticket = await requestUpload(store, parseJsonBody(event, UploadRequest, 4096));
  return { statusCode: 201, headers: { 'cache-control': 'no-store' }, body: ticket };
});
