import { createHash, createHmac, type Hash, type Hmac, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

type SourceData = string | ArrayBuffer | ArrayBufferView;

/** SHA-256 for @smithy/signature-v4, from node:crypto (what @smithy/hash-node does in the SDK). */
export class Sha256 {
  private readonly secret: SourceData | undefined;
  private hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.secret = secret;
    this.hash = this.create();
  }
  private create(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
  reset(): void {
    this.hash = this.create();
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

export interface Account {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A request as the front received it: the URL's path and query exactly as sent. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export type Authentication =
  | { kind: 'anonymous' }
  | { kind: 'signed' }
  | { kind: 'refused'; status: number; code: string; message: string };

const refused = (status: number, code: string, message: string): Authentication => ({
  kind: 'refused',
  status,
  code,
  message,
});
const MISMATCH = refused(
  403,
  'SignatureDoesNotMatch',
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
);
/** How far a header-signed request's x-amz-date may be from now, as S3 allows. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const ALGORITHM = 'AWS4-HMAC-SHA256';

/** `20260102T030405Z` → a Date, or undefined. */
function parseAmzDate(value: string | undefined): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day, hour, minute, second));
}

/**
 * Whether a request is anonymous, or signed with SigV4 by the local account, in the Authorization header
 * or as a presigned URL. The signature is recomputed with @smithy/signature-v4 (the AWS SDK's own signer)
 * from what arrived, because s3rver only looks up the access key of a SigV4 request and never checks its
 * signature. The payload's own hash is not checked (as s3rver, and as S3 does not for UNSIGNED-PAYLOAD).
 */
export async function authenticate(
  request: ReceivedRequest,
  account: Account,
  now = new Date(),
): Promise<Authentication> {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const [path = '/', search = ''] = request.url.split(/\?(.*)/s);
  const query = new URLSearchParams(search);
  const authorization = header('authorization');
  const presigned = query.has('X-Amz-Algorithm') || query.has('X-Amz-Signature');
  if (authorization === undefined && !presigned) {
    if (query.has('Signature') || query.has('AWSAccessKeyId')) return unsupported();
    return { kind: 'anonymous' };
  }
  if (authorization !== undefined && presigned)
    return refused(400, 'InvalidArgument', 'Only one auth mechanism allowed');

  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  let signingDate: Date | undefined;
  let expiresIn: number | undefined;
  if (authorization !== undefined) {
    if (!authorization.startsWith(`${ALGORITHM} `)) return unsupported();
    const part = (name: string) =>
      new RegExp(`[\\s,]${name}=([^,\\s]+)`).exec(` ${authorization.slice(ALGORITHM.length)}`)?.[1];
    [credential, signedHeaders, signature] = [part('Credential'), part('SignedHeaders'), part('Signature')];
    if (!credential || !signedHeaders || !signature)
      return refused(
        400,
        'AuthorizationHeaderMalformed',
        'The authorization header is malformed; it requires Credential, SignedHeaders and Signature.',
      );
    signingDate = parseAmzDate(header('x-amz-date'));
    if (!signingDate)
      return refused(403, 'AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
    if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_SKEW_MS)
      return refused(
        403,
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
      );
  } else {
    credential = query.get('X-Amz-Credential') ?? undefined;
    signedHeaders = query.get('X-Amz-SignedHeaders') ?? undefined;
    signature = query.get('X-Amz-Signature') ?? undefined;
    signingDate = parseAmzDate(query.get('X-Amz-Date') ?? undefined);
    expiresIn = Number(query.get('X-Amz-Expires') ?? Number.NaN);
    if (
      query.get('X-Amz-Algorithm') !== ALGORITHM ||
      !credential ||
      !signedHeaders ||
      !signature ||
      !signingDate ||
      !Number.isInteger(expiresIn) ||
      expiresIn < 1 ||
      expiresIn > 604_800
    )
      return refused(
        400,
        'AuthorizationQueryParametersError',
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, ' +
          'X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters, X-Amz-Expires at most a week.',
      );
    if (now.getTime() > signingDate.getTime() + expiresIn * 1000)
      return refused(403, 'AccessDenied', 'Request has expired');
  }

  const [accessKeyId, , region, service, terminator, ...rest] = credential.split('/');
  if (accessKeyId !== account.accessKeyId)
    return refused(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  if (!region || service !== 's3' || terminator !== 'aws4_request' || rest.length > 0) return MISMATCH;

  // What was signed: the headers it names, the path as sent, every query parameter but the signature.
  const signed = signedHeaders.toLowerCase().split(';');
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = header(name);
    if (value === undefined) return MISMATCH;
    headers[name] = value;
  }
  const params: Record<string, string | string[]> = {};
  for (const name of new Set(query.keys())) {
    if (presigned && name === 'X-Amz-Signature') continue;
    const values = query.getAll(name);
    params[name] = values.length === 1 ? (values[0] ?? '') : values;
  }
  const signer = new SignatureV4({
    credentials: account,
    region,
    service,
    sha256: Sha256,
    // S3 signs the path as sent, not encoded a second time (the SDK's S3 client sets the same).
    uriEscapePath: false,
    applyChecksum: false,
  });
  const base = { method: request.method, protocol: 'http:', hostname: 'localhost', path, query: params, headers };
  let expected: string | undefined;
  try {
    if (authorization !== undefined) {
      const result = await signer.sign(base, { signingDate, signableHeaders: new Set(signed) });
      expected = /Signature=([0-9a-f]+)/.exec(String(result.headers.authorization))?.[1];
    } else {
      // A presigned URL's payload is UNSIGNED-PAYLOAD unless it signed a hash of its own.
      const payload: Record<string, string> = signed.includes('x-amz-content-sha256')
        ? {}
        : { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
      const result = await signer.presign(
        { ...base, headers: { ...headers, ...payload } },
        {
          signingDate,
          expiresIn,
          signableHeaders: new Set(signed),
          unsignableHeaders: new Set(Object.keys(payload)),
          unhoistableHeaders: new Set([...signed, ...Object.keys(payload)]),
        },
      );
      expected = String(result.query?.['X-Amz-Signature'] ?? '');
    }
  } catch {
    return MISMATCH;
  }
  if (!expected || expected.length !== signature.length) return MISMATCH;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(signature)) ? { kind: 'signed' } : MISMATCH;
}

function unsupported(): Authentication {
  return refused(
    400,
    'InvalidRequest',
    'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
  );
}
