import { once } from 'node:events';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import { setTimeout as delay, setImmediate as nextTurn } from 'node:timers/promises';
import busboy from 'busboy';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { checkPostPolicy, contentLengthRange, MAX_POST_BYTES } from './s3-post-policy.ts';
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

/** S3 caps what a POST form may send before its file; the front holds those bytes until the policy is read. */
const PRE_DATA_LIMIT_BYTES = 1024 * 1024;

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
 * browser POST uploads, whose policy (signature, expiry, fields, key, type, size) the front checks while
 * streaming the form on to s3rver. Bodies stream both ways; the front never holds an upload.
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

class Refusal extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * A browser's presigned POST. The raw bytes go through busboy, which reads the fields and counts the file,
 * and on to s3rver, each chunk only once busboy has read it: the policy is checked when the file begins
 * (S3 ignores fields after it), before s3rver sees any byte; a chunk that takes the file past the policy's
 * maximum is never sent; chunks are held only while the file is still under its minimum.
 */
async function formUpload(req: IncomingMessage, res: ServerResponse, bucket: string, options: S3FrontOptions) {
  const fields: Record<string, string> = {};
  let file: { size: number; ended: boolean } | undefined;
  let parseError: unknown;
  const parser = busboy({ headers: req.headers, limits: { fileSize: MAX_POST_BYTES } });
  parser.on('field', (name, value) => {
    if (!file) fields[name] = value;
  });
  parser.on('file', (name, stream) => {
    if (file || name !== 'file') {
      // Another file part before the file is a field like any other, and must be named by the policy.
      if (!file) fields[name] = '';
      stream.resume();
      return;
    }
    const current = { size: 0, ended: false };
    file = current;
    stream.on('data', (chunk: Buffer) => {
      current.size += chunk.length;
    });
    stream.on('end', () => {
      current.ended = true;
    });
  });
  parser.on('error', (error) => {
    parseError = error;
  });
  const parse = (chunk: Buffer) =>
    new Promise<void>((resolve, reject) => parser.write(chunk, (error) => (error ? reject(error) : resolve())));

  let range: { min: number; max: number } | undefined;
  let held: Buffer[] = [];
  let heldBytes = 0;
  const upload: { to?: Upstream } = {};
  const flush = async () => {
    upload.to ??= openUpstream(req, options.target);
    for (const chunk of held) await upload.to.send(chunk);
    held = [];
    heldBytes = 0;
  };
  const judge = async (finished: boolean) => {
    if (parseError) throw parseError;
    if (!range) {
      if (!file) {
        if (finished) throw new Refusal(400, 'InvalidArgument', 'POST requires exactly one file upload per request.');
        if (heldBytes > PRE_DATA_LIMIT_BYTES)
          throw new Refusal(
            400,
            'MaxPostPreDataLengthExceededError',
            'Your POST request fields preceding the upload file were too large.',
          );
        return;
      }
      const verdict = checkPostPolicy({ bucket, fields }, options.credentials.secretAccessKey);
      if (!verdict.ok) throw new Refusal(403, verdict.code, verdict.message);
      range = contentLengthRange(fields);
    }
    const size = file?.size ?? 0;
    if (size > range.max)
      throw new Refusal(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
    if (size < range.min) {
      if (finished || file?.ended)
        throw new Refusal(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size');
      return;
    }
    await flush();
  };

  try {
    // destroyOnReturn: false, so a refusal can still answer on the connection the upload came in on.
    for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      held.push(chunk);
      heldBytes += chunk.length;
      await parse(chunk);
      // busboy hands the file's bytes on through a stream of its own; a turn lets them arrive and be counted.
      await nextTurn();
      await judge(false);
    }
    parser.end();
    if (!parseError) await Promise.race([once(parser, 'close'), once(parser, 'error')]);
    await nextTurn();
    await judge(true);
    const answer = await upload.to?.finish();
    if (!answer) throw new Error('the form never reached s3rver');
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  } catch (error) {
    // The parser is left unfed rather than destroyed: destroying it errors the file stream it handed out.
    await upload.to?.abandon(bucket, fields.key);
    if (error instanceof Refusal) return s3Error(req, res, error.status, error.code, error.message);
    if (parseError)
      return s3Error(
        req,
        res,
        400,
        'MalformedPOSTRequest',
        'The body of your POST request is not well-formed multipart/form-data.',
      );
    s3Error(req, res, 502, 'InternalError', 'local S3 is not answering');
  }
}

interface Upstream {
  send(chunk: Buffer): Promise<void>;
  finish(): Promise<IncomingMessage>;
  /** Ends an upload the front refused after s3rver began storing it, and removes what it stored. */
  abandon(bucket: string, key: string | undefined): Promise<void>;
}

function openUpstream(req: IncomingMessage, target: string): Upstream {
  const { hostname, port } = new URL(target);
  const forward = request({ host: hostname, port, method: 'POST', path: req.url, headers: req.headers });
  // Its errors reach the upload through `answered` and `send`; a late one after a refusal is of no interest.
  forward.on('error', () => {});
  const answered = once(forward, 'response') as Promise<[IncomingMessage]>;
  answered.catch(() => {});
  return {
    async send(chunk) {
      if (!forward.write(chunk)) await once(forward, 'drain');
    },
    async finish() {
      forward.end();
      const [answer] = await answered;
      return answer;
    },
    async abandon(bucket, key) {
      // s3rver writes a POSTed file straight to its key and keeps what it got when a form stops short, so the
      // form is closed and what s3rver stored deleted, as S3 would have stored nothing. (S3 would also keep an
      // object that was at that key before; the local stand-in loses it.)
      const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(req.headers['content-type'] ?? '');
      forward.end(`\r\n--${boundary?.[1] ?? boundary?.[2]}--\r\n`);
      const settled = answered.then(([answer]) => answer.resume());
      await Promise.race([settled, delay(5000, undefined, { ref: false })]).catch(() => {});
      forward.destroy();
      if (!key) return;
      const path = `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
      await new Promise<void>((resolve) => {
        const remove = request({ host: hostname, port, method: 'DELETE', path }, (answer) => {
          answer.resume();
          answer.on('end', resolve);
        });
        remove.on('error', () => resolve());
        remove.end();
      });
    },
  };
}
