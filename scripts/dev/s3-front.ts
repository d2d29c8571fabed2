import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import busboy from 'busboy';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { checkPostPolicy } from './s3-post-policy.ts';

/** A form upload larger than this is refused before it is read, as S3 refuses any POST over 5 GB. */
const FORM_LIMIT_BYTES = 512 * 1024 * 1024;

function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
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

/**
 * The local S3 endpoint: s3rver behind a front that enforces browser-upload POST policies
 * (signature, expiry, content type, key, size), which s3rver accepts but does not check.
 * Everything else passes through untouched.
 */
export async function startS3Front(options: { port: number; target: string; secretKey: string }): Promise<Server> {
  const passThrough = createProxyMiddleware<IncomingMessage, ServerResponse>({ target: options.target });
  const target = new URL(options.target);

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x');
    const bucket = /^\/([^/]+)\/?$/.exec(path.pathname)?.[1];
    const isFormUpload =
      req.method === 'POST' &&
      bucket !== undefined &&
      path.search === '' &&
      /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
    if (!isFormUpload) {
      void passThrough(req, res, () => s3Error(res, 502, 'InternalError', 'local S3 is not answering'));
      return;
    }
    void (async () => {
      const body = await readBody(req, FORM_LIMIT_BYTES);
      if (!body) return s3Error(res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
      const form = await parseForm(req.headers, body);
      const verdict = checkPostPolicy({ bucket, fields: form.fields, fileSize: form.fileSize }, options.secretKey);
      if (!verdict.ok) return s3Error(res, verdict.code === 'AccessDenied' ? 403 : 400, verdict.code, verdict.message);
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
      forward.on('error', () => s3Error(res, 502, 'InternalError', 'local S3 is not answering'));
      forward.end(body);
    })().catch(() => {
      if (!res.headersSent)
        s3Error(
          res,
          400,
          'MalformedPOSTRequest',
          'The body of your POST request is not well-formed multipart/form-data.',
        );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return server;
}
