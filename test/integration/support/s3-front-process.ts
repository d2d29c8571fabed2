// The S3 front alone in a process, before the s3rver at the URL given, so a test can measure its memory
// from outside. Prints the front's endpoint as one JSON line, then runs until killed.
import type { AddressInfo } from 'node:net';
import { startS3Front } from '../../../scripts/dev/s3-front.ts';

const [target = '', ...publicReadBuckets] = process.argv.slice(2);
const front = await startS3Front({
  port: 0,
  target,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  publicReadBuckets,
});
process.stdout.write(`${JSON.stringify({ endpoint: `http://127.0.0.1:${(front.address() as AddressInfo).port}` })}\n`);
