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
  /** Left out while the file is still on its way: the fields are checked alone, the size later. */
  fileSize?: number;
}

/** What S3 takes in one POST when the policy sets no content-length-range. */
export const MAX_POST_BYTES = 5 * 1024 ** 3;

/** Fields S3 does not require a policy condition for. */
const isExempt = (name: string) => ['x-amz-signature', 'file', 'policy'].includes(name) || name.startsWith('x-ignore-');

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

const fieldOf = (fields: Record<string, string>, name: string) =>
  Object.entries(fields).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

function decodePolicy(policy: string): { expiration?: string; conditions?: Condition[] } | undefined {
  try {
    return JSON.parse(Buffer.from(policy, 'base64').toString('utf8')) as {
      expiration?: string;
      conditions?: Condition[];
    };
  } catch {
    return undefined;
  }
}

/** The file sizes the form's policy allows (S3's 5 GB cap when it names none); read once the policy has passed. */
export function contentLengthRange(fields: Record<string, string>): { min: number; max: number } {
  const conditions = decodePolicy(fieldOf(fields, 'policy') ?? '')?.conditions ?? [];
  const range = conditions.find((condition) => Array.isArray(condition) && condition[0] === 'content-length-range');
  return Array.isArray(range) ? { min: Number(range[1]), max: Number(range[2]) } : { min: 0, max: MAX_POST_BYTES };
}

export function checkPostPolicy(upload: PostUpload, secretKey: string, now = new Date()): PolicyVerdict {
  const field = (name: string) => fieldOf(upload.fields, name);
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

  const policyDocument = decodePolicy(policy);
  if (!policyDocument) return deny('Invalid Policy: Invalid JSON.');
  if (!policyDocument.expiration || !(Date.parse(policyDocument.expiration) > now.getTime())) {
    return deny('Invalid according to Policy: Policy expired.');
  }
  // The bucket is the one in the URL; a bucket field may repeat it, never change it.
  const bucketField = field('bucket');
  if (bucketField !== undefined && bucketField !== upload.bucket)
    return deny(`Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "${upload.bucket}"]`);
  const formValue = (name: string) => (name.toLowerCase() === 'bucket' ? upload.bucket : field(name));
  const named = new Set<string>();
  for (const condition of policyDocument.conditions ?? []) {
    if (!Array.isArray(condition)) {
      for (const [name, value] of Object.entries(condition)) {
        named.add(name.toLowerCase());
        if (formValue(name) !== value)
          return deny(`Invalid according to Policy: Policy Condition failed: ["eq", "$${name}", "${value}"]`);
      }
      continue;
    }
    const [operator, left, right] = condition;
    if (operator === 'content-length-range') {
      const [min, max] = [Number(left), Number(right)];
      if (upload.fileSize === undefined) continue;
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
    named.add(name.toLowerCase());
    const actual = formValue(name) ?? '';
    const passes =
      operator.toLowerCase() === 'eq'
        ? actual === String(right)
        : operator.toLowerCase() === 'starts-with' && actual.startsWith(String(right));
    if (!passes) return deny(`Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`);
  }
  // Every field must be named by a condition, so a ticket cannot be stretched with a redirect, an ACL or metadata.
  const extra = Object.keys(upload.fields).filter(
    (name) => !isExempt(name.toLowerCase()) && !named.has(name.toLowerCase()),
  );
  if (extra.length > 0) return deny(`Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);
  return { ok: true };
}
