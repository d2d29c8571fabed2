import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The checks S3 applies to a browser-based POST upload, for the local stack: s3rver accepts the
 * form but ignores its policy, and the gallery relies on S3 refusing a wrong type or size itself.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
 */
export interface PostUpload {
  bucket: string;
  /** Form fields, names as sent (S3 compares them case-insensitively). */
  fields: Record<string, string>;
  fileSize: number;
}

export type PolicyVerdict =
  | { ok: true }
  | { ok: false; code: 'AccessDenied' | 'EntityTooLarge' | 'EntityTooSmall'; message: string };

type Condition = Record<string, string> | [string, string | number, string | number];

const deny = (message: string): PolicyVerdict => ({ ok: false, code: 'AccessDenied', message });

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** SigV4 signature of the base64 policy, as S3 computes it from the credential's date, region and service. */
function expectedSignature(policy: string, credential: string, secretKey: string): string | undefined {
  const [, date, region, service, terminator] = credential.split('/');
  if (!date || !region || !service || terminator !== 'aws4_request') return undefined;
  const key = hmac(hmac(hmac(hmac(`AWS4${secretKey}`, date), region), service), 'aws4_request');
  return hmac(key, policy).toString('hex');
}

export function checkPostPolicy(upload: PostUpload, secretKey: string, now = new Date()): PolicyVerdict {
  const field = (name: string) =>
    Object.entries(upload.fields).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  const policy = field('policy');
  const signature = field('x-amz-signature');
  const credential = field('x-amz-credential');
  if (!policy || !signature || !credential)
    return deny('Bucket POST must contain a policy, a credential and a signature');
  const expected = expectedSignature(policy, credential, secretKey);
  if (
    !expected ||
    expected.length !== signature.length ||
    !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
  ) {
    return deny('The request signature we calculated does not match the signature you provided.');
  }

  let policyDocument: { expiration?: string; conditions?: Condition[] };
  try {
    policyDocument = JSON.parse(Buffer.from(policy, 'base64').toString('utf8')) as typeof policyDocument;
  } catch {
    return deny('Invalid Policy: Invalid JSON.');
  }
  if (!policyDocument.expiration || !(Date.parse(policyDocument.expiration) > now.getTime())) {
    return deny('Invalid according to Policy: Policy expired.');
  }
  const formValue = (name: string) => (name.toLowerCase() === 'bucket' ? upload.bucket : field(name));
  for (const condition of policyDocument.conditions ?? []) {
    if (!Array.isArray(condition)) {
      for (const [name, value] of Object.entries(condition)) {
        if (formValue(name) !== value)
          return deny(`Invalid according to Policy: Policy Condition failed: ["eq", "$${name}", "${value}"]`);
      }
      continue;
    }
    const [operator, left, right] = condition;
    if (operator === 'content-length-range') {
      const [min, max] = [Number(left), Number(right)];
      if (upload.fileSize > max)
        return { ok: false, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size' };
      if (upload.fileSize < min)
        return {
          ok: false,
          code: 'EntityTooSmall',
          message: 'Your proposed upload is smaller than the minimum allowed size',
        };
      continue;
    }
    const name = String(left).replace(/^\$/, '');
    const actual = formValue(name) ?? '';
    const passes =
      operator.toLowerCase() === 'eq'
        ? actual === String(right)
        : operator.toLowerCase() === 'starts-with' && actual.startsWith(String(right));
    if (!passes) return deny(`Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`);
  }
  return { ok: true };
}
