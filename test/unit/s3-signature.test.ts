import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { authenticate, Sha256 } from '../../scripts/dev/s3-signature.ts';

// Requests signed by the AWS SDK's own signer, checked as the local S3 front checks them.
const account = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const signer = (secretAccessKey = account.secretAccessKey) =>
  new SignatureV4({
    credentials: { ...account, secretAccessKey },
    region: 'eu-west-1',
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
const when = new Date('2026-11-02T10:00:00Z');
const base = {
  method: 'DELETE',
  protocol: 'http:',
  hostname: '127.0.0.1',
  port: 4569,
  path: '/copper-originals-local/originals/2026/11/a%20b.jpg',
  query: { 'x-id': 'DeleteObject' },
  headers: { host: '127.0.0.1:4569', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
};
const url = (query: Record<string, unknown> = {}) =>
  `${base.path}?${new URLSearchParams(Object.entries(query).map(([name, value]): [string, string] => [name, String(value)]))}`;

async function headerSigned(secret?: string) {
  const signed = await signer(secret).sign(base, { signingDate: when });
  return { method: 'DELETE', url: url(signed.query), headers: signed.headers as Record<string, string> };
}

/** Presigned as @aws-sdk/s3-request-presigner presigns: the payload UNSIGNED-PAYLOAD, that header not hoisted. */
async function presigned(options: { expiresIn?: number; secret?: string } = {}) {
  const payload = new Set(['x-amz-content-sha256']);
  const signed = await signer(options.secret).presign(base, {
    signingDate: when,
    expiresIn: options.expiresIn ?? 300,
    unsignableHeaders: payload,
    unhoistableHeaders: payload,
  });
  return { method: 'DELETE', url: url(signed.query), headers: { host: base.headers.host } };
}

describe('authenticate', () => {
  it('takes a request without credentials as anonymous', async () => {
    expect(await authenticate({ method: 'GET', url: '/b/k', headers: {} }, account, when)).toEqual({
      kind: 'anonymous',
    });
  });

  it('accepts a request the local account signed in its Authorization header', async () => {
    expect(await authenticate(await headerSigned(), account, when)).toEqual({ kind: 'signed' });
  });

  it('refuses a header signature with another secret, or over another request', async () => {
    expect(await authenticate(await headerSigned('guessed'), account, when)).toMatchObject({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
    const request = await headerSigned();
    expect(
      await authenticate({ ...request, url: request.url.replace('a%20b.jpg', 'c.jpg') }, account, when),
    ).toMatchObject({ code: 'SignatureDoesNotMatch' });
    expect(await authenticate({ ...request, method: 'GET' }, account, when)).toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });

  it('refuses a header-signed request more than 15 minutes from now', async () => {
    const later = new Date(when.getTime() + 16 * 60 * 1000);
    expect(await authenticate(await headerSigned(), account, later)).toMatchObject({ code: 'RequestTimeTooSkewed' });
  });

  it('accepts a presigned URL until it expires, then refuses it', async () => {
    const request = await presigned({ expiresIn: 60 });
    expect(await authenticate(request, account, new Date(when.getTime() + 59_000))).toEqual({ kind: 'signed' });
    expect(await authenticate(request, account, new Date(when.getTime() + 61_000))).toMatchObject({
      status: 403,
      code: 'AccessDenied',
      message: 'Request has expired',
    });
  });

  it('refuses a presigned URL with another secret, a longer expiry or another access key', async () => {
    expect(await authenticate(await presigned({ secret: 'guessed' }), account, when)).toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    const request = await presigned({ expiresIn: 60 });
    expect(
      await authenticate(
        { ...request, url: request.url.replace('X-Amz-Expires=60', 'X-Amz-Expires=3600') },
        account,
        when,
      ),
    ).toMatchObject({ code: 'SignatureDoesNotMatch' });
    expect(
      await authenticate({ ...request, url: request.url.replace('S3RVER%2F', 'OTHER%2F') }, account, when),
    ).toMatchObject({ code: 'InvalidAccessKeyId' });
  });

  it('refuses Signature Version 2, which S3 no longer takes', async () => {
    expect(
      await authenticate({ method: 'GET', url: '/b/k', headers: { authorization: 'AWS S3RVER:abc=' } }, account, when),
    ).toMatchObject({ status: 400, code: 'InvalidRequest' });
  });
});
