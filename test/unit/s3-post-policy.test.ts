import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { describe, expect, it } from 'vitest';
import { checkPostPolicy } from '../../scripts/dev/s3-post-policy.ts';

// Fields signed by the real AWS SDK, as the uploads function signs them, checked as S3 would.
const client = new S3Client({
  region: 'eu-west-1',
  endpoint: 'http://127.0.0.1:1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});

async function ticket(maxBytes = 100) {
  const { fields } = await createPresignedPost(client, {
    Bucket: 'originals',
    Key: 'originals/2026/11/a.jpg',
    Expires: 900,
    Fields: { 'Content-Type': 'image/jpeg' },
    Conditions: [
      ['content-length-range', 1, maxBytes],
      ['eq', '$Content-Type', 'image/jpeg'],
      ['starts-with', '$key', 'originals/'],
    ],
  });
  return fields;
}

describe('checkPostPolicy', () => {
  it('accepts the upload the ticket allows', async () => {
    expect(checkPostPolicy({ bucket: 'originals', fields: await ticket(), fileSize: 100 }, 'S3RVER')).toEqual({
      ok: true,
    });
  });

  it('refuses a file over the size range as EntityTooLarge, and an empty one as EntityTooSmall', async () => {
    const fields = await ticket();
    expect(checkPostPolicy({ bucket: 'originals', fields, fileSize: 101 }, 'S3RVER')).toMatchObject({
      code: 'EntityTooLarge',
    });
    expect(checkPostPolicy({ bucket: 'originals', fields, fileSize: 0 }, 'S3RVER')).toMatchObject({
      code: 'EntityTooSmall',
    });
  });

  it('refuses another content type, another key, another bucket', async () => {
    const fields = await ticket();
    const denied = { ok: false, code: 'AccessDenied' };
    expect(
      checkPostPolicy(
        { bucket: 'originals', fields: { ...fields, 'Content-Type': 'image/svg+xml' }, fileSize: 5 },
        'S3RVER',
      ),
    ).toMatchObject(denied);
    expect(
      checkPostPolicy({ bucket: 'originals', fields: { ...fields, key: 'elsewhere/a.jpg' }, fileSize: 5 }, 'S3RVER'),
    ).toMatchObject(denied);
    expect(checkPostPolicy({ bucket: 'media', fields, fileSize: 5 }, 'S3RVER')).toMatchObject(denied);
  });

  it('refuses a policy edited after signing, a wrong secret and an expired policy', async () => {
    const fields = await ticket();
    const policy = JSON.parse(Buffer.from(fields.Policy ?? '', 'base64').toString('utf8'));
    policy.conditions[0] = ['content-length-range', 1, 10 ** 9];
    const edited = { ...fields, Policy: Buffer.from(JSON.stringify(policy)).toString('base64') };
    expect(checkPostPolicy({ bucket: 'originals', fields: edited, fileSize: 500 }, 'S3RVER')).toMatchObject({
      code: 'AccessDenied',
    });
    expect(checkPostPolicy({ bucket: 'originals', fields, fileSize: 5 }, 'other-secret')).toMatchObject({
      code: 'AccessDenied',
    });
    const later = new Date(Date.now() + 16 * 60 * 1000);
    expect(checkPostPolicy({ bucket: 'originals', fields, fileSize: 5 }, 'S3RVER', later)).toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining('expired'),
    });
  });
});
