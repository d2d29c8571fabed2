import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import busboy from 'busboy';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { checkPostPolicy } from './s3-post-policy.ts';
import { type Account, authenticate } from './s3-signature.ts';

export interface S3FrontOptions {
  port: number;
  /** s3rver's own endpoint. */
  target: string;
  /** The account the services sign with; a request it signed may do anything, as an IAM role may. */
  credentials: Account;
  /** Buckets whose objects anyone may GET and HEAD (media, public through CloudFront in the cloud). */
  publicReadBuckets?: readonly string[];
}

/** A form upload larger than this is refused before it is read, as S3 refuses any POST over 5 GB. */
const FORM_LIMIT_BYTES = 512 * 1024 * 1024;

/** Query parameters that make a GET or HEAD another operation than reading the object (ACL, tags, listing...). */
const OPERATION_PARAMETERS = new Set([
  'acl',
  'attributes',
  'cors',
  'delete',
  'legal-hold',
  'lifecycle',
  'list-type',
  'location',
  'logging',
  'notification',
  'policy',
  'restore',
  'retention',
  'tagging',
  'torrent',
  'uploadid',
  'uploads',
  'versionid',
  'versioning',
  'versions',
  'website',
]);

const escapeXml = (text: string) =>
  text.replace(/[<>&'"]/g, (char) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[char]};`);

/** An error as S3 writes it, so the AWS SDK reads its code; the request's unread body is drained, not kept. */
function s3Error(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`,
  );
  req.resume();
}

/**
 * What S3 with Block Public Access answers an unsigned request: CORS preflights, and reads of objects in a
 * bucket whose policy lets anyone read them. Everything else needs a signature (or a POST policy).
 */
function anonymousMay(method: string, bucket: string, key: string, query: URLSearchParams, publicRead: Set<string>) {
  if (method === 'OPTIONS') return true;
  if ((method !== 'GET' && method !== 'HEAD') || key === '' || !publicRead.has(bucket)) return false;
  // S3 takes response-* overrides only on signed requests.
  return [...query.keys()].every((name) => !OPERATION_PARAMETERS.has(name.toLowerCase()) && !/^response-/i.test(name));
}

/**
 * The local S3 endpoint: s3rver behind a front that refuses what S3 refuses and s3rver lets through.
 * Requests must carry a valid SigV4 signature of the local account, except reads of public buckets and
 * browser POST uploads, whose policy (signature, expiry, fields, key, type, size) the front checks.
 */
export async function startS3Front(options: S3FrontOptions): Promise<Server> {
  const passThrough = createProxyMiddleware<IncomingMessage, ServerResponse>({ target: options.target });
  const publicRead = new Set(options.publicReadBuckets ?? []);

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
      const key = rest.join('/');
      const method = req.method ?? 'GET';
      const isFormUpload =
        method === 'POST' &&
        bucket !== '' &&
        key === '' &&
        url.search === '' &&
        /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
      if (isFormUpload) return formUpload(req, res, bucket, options);

      const auth = await authenticate({ method, url: req.url ?? '/', headers: req.headers }, options.credentials);
      if (auth.kind === 'refused') return s3Error(req, res, auth.status, auth.code, auth.message);
      if (auth.kind === 'anonymous' && !anonymousMay(method, bucket, key, url.searchParams, publicRead))
        return s3Error(req, res, 403, 'AccessDenied', 'Access Denied');
      await passThrough(req, res, () => s3Error(req, res, 502, 'InternalError', 'local S3 is not answering'));
    })().catch(() => s3Error(req, res, 500, 'InternalError', 'We encountered an internal error. Please try again.'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return server;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.destroy();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The form's fields (those before the file, as S3 requires) and the file's size. */
function parseForm(
  headers: IncomingMessage['headers'],
  body: Buffer,
): Promise<{ fields: Record<string, string>; fileSize: number }> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let fileSize = 0;
    const parser = busboy({ headers, limits: { fileSize: FORM_LIMIT_BYTES } });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (_name, stream) => {
      stream.on('data', (chunk: Buffer) => {
        fileSize += chunk.length;
      });
    });
    parser.on('close', () => resolve({ fields, fileSize }));
    parser.on('error', reject);
    parser.end(body);
  });
}

/** A browser's presigned POST, read whole, checked, then sent on. */
async function formUpload(req: IncomingMessage, res: ServerResponse, bucket: string, options: S3FrontOptions) {
  const target = new URL(options.target);
  try {
    const body = await readBody(req, FORM_LIMIT_BYTES);
    if (!body) return s3Error(req, res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
    const form = await parseForm(req.headers, body);
    const verdict = checkPostPolicy(
      { bucket, fields: form.fields, fileSize: form.fileSize },
      options.credentials.secretAccessKey,
    );
    if (!verdict.ok)
      return s3Error(req, res, verdict.code === 'AccessDenied' ? 403 : 400, verdict.code, verdict.message);
    const forward = request(
      {
        host: target.hostname,
        port: target.port,
        method: 'POST',
        path: req.url,
        headers: { ...req.headers, 'content-length': body.length },
      },
      (upstream) => {
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
      },
    );
    forward.on('error', () => s3Error(req, res, 502, 'InternalError', 'local S3 is not answering'));
    forward.end(body);
  } catch {
    s3Error(
      req,
      res,
      400,
      'MalformedPOSTRequest',
      'The body of your POST request is not well-formed multipart/form-data.',
    );
  }
}
