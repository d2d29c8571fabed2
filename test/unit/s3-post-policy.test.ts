import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { describe, expect, it } from 'vitest';
import { checkPostPolicy, contentLengthRange } from '../../scripts/dev/s3-post-policy.ts';

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

describe('checkPostPolicy and the form fields the policy does not name', () => {
  it('refuses a field no condition names, as S3 does', async () => {
    const fields = { ...(await ticket()), success_action_redirect: 'https://evil.example/', acl: 'public-read' };
    expect(checkPostPolicy({ bucket: 'originals', fields, fileSize: 5 }, 'S3RVER')).toEqual({
      ok: false,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Extra input fields: success_action_redirect, acl',
    });
  });

  it('lets through the fields S3 exempts: the signature, the policy, file and x-ignore-*', async () => {
    const fields = { ...(await ticket()), 'x-ignore-note': 'anything', file: 'inline', 'X-Ignore-Other': '' };
    expect(checkPostPolicy({ bucket: 'originals', fields, fileSize: 5 }, 'S3RVER')).toEqual({ ok: true });
  });

  it('refuses a bucket field other than the bucket posted to', async () => {
    const fields = await ticket();
    expect(fields.bucket).toBe('originals');
    expect(
      checkPostPolicy({ bucket: 'originals', fields: { ...fields, bucket: 'media' }, fileSize: 5 }, 'S3RVER'),
    ).toMatchObject({ ok: false, code: 'AccessDenied' });
    const { bucket: _, ...withoutBucket } = fields;
    expect(checkPostPolicy({ bucket: 'originals', fields: withoutBucket, fileSize: 5 }, 'S3RVER')).toEqual({
      ok: true,
    });
  });

  it('checks the fields alone when the file has not been read yet', async () => {
    const fields = await ticket(100);
    expect(checkPostPolicy({ bucket: 'originals', fields }, 'S3RVER')).toEqual({ ok: true });
    expect(contentLengthRange(fields)).toEqual({ min: 1, max: 100 });
  });
});
