import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySigV4, type SigV4Credentials } from './sigv4';

/**
 * A small S3-compatible object store for development and tests: path-style PUT, GET, HEAD and
 * DELETE of objects in the buckets it is given, each request checked for a valid SigV4 signature
 * of the one key pair it knows. Objects live in memory. Not a mock of a client: any S3 client
 * (the AWS SDK, MinIO's) talks to it over HTTP as it would to a real store.
 */

export interface S3SinkOptions extends Partial<SigV4Credentials> {
  /** 0 picks a free one. */
  port?: number;
  host?: string;
  buckets: readonly string[];
  /** Largest object taken, bytes (default 64 MiB). */
  maxObjectBytes?: number;
}

export interface S3Object {
  bucket: string;
  key: string;
  body: Buffer;
  contentType: string;
  metadata: Record<string, string>;
  etag: string;
  lastModified: Date;
}

/** One request as the sink saw it (for tests to look at), signed or not. */
export interface S3SinkRequest {
  method: string;
  path: string;
  status: number;
  accessKeyId?: string;
  signedHeaders?: string[];
  error?: string;
}

export interface S3Sink {
  /** `http://127.0.0.1:<port>`: the endpoint to give a client, with path-style addressing. */
  url: string;
  credentials: SigV4Credentials;
  objects(): S3Object[];
  requests(): S3SinkRequest[];
  close(): Promise<void>;
}

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function sendError(res: ServerResponse, status: number, code: string, message: string, resource: string, withBody: boolean): void {
  res.statusCode = status;
  if (!withBody) {
    res.end();
    return;
  }
  res.setHeader('content-type', 'application/xml');
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><Resource>${escapeXml(resource)}</Resource></Error>`);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

function statusOf(code: string): number {
  if (code === 'AuthorizationHeaderMalformed' || code === 'XAmzContentSHA256Mismatch') return 400;
  if (code === 'NotImplemented') return 501;
  return 403;
}

/** Starts the store; `close()` stops it. */
export async function startS3Sink(options: S3SinkOptions): Promise<S3Sink> {
  const credentials: SigV4Credentials = {
    accessKeyId: options.accessKeyId ?? 'LIANXINDEVACCESSKEY',
    secretAccessKey: options.secretAccessKey ?? randomBytes(24).toString('base64url'),
    region: options.region ?? 'us-east-1',
  };
  const limit = options.maxObjectBytes ?? 64 * 1024 * 1024;
  const buckets = new Set(options.buckets);
  const objects = new Map<string, S3Object>();
  const seen: S3SinkRequest[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    const withBody = method !== 'HEAD';
    res.setHeader('x-amz-request-id', randomBytes(8).toString('hex').toUpperCase());
    const body = await readBody(req, limit);
    if (!body) {
      seen.push({ method, path, status: 400, error: 'EntityTooLarge' });
      res.setHeader('connection', 'close');
      return sendError(res, 400, 'EntityTooLarge', `objects are limited to ${limit} bytes`, path, withBody);
    }
    const signed = verifySigV4({ method, url, headers: req.headers, body }, credentials);
    if (!signed.ok) {
      seen.push({ method, path, status: statusOf(signed.code), error: signed.code });
      return sendError(res, statusOf(signed.code), signed.code, signed.message, path, withBody);
    }
    const record = (status: number, error?: string) => seen.push({ method, path, status, accessKeyId: signed.accessKeyId, signedHeaders: signed.signedHeaders, ...(error ? { error } : {}) });

    const [bucketPart = '', ...keyParts] = path.replace(/^\//, '').split('/');
    let bucket: string;
    let key: string;
    try {
      bucket = decodeURIComponent(bucketPart);
      key = keyParts.map((part) => decodeURIComponent(part)).join('/');
    } catch {
      record(400, 'InvalidURI');
      return sendError(res, 400, 'InvalidURI', 'the path could not be decoded', path, withBody);
    }
    if (!buckets.has(bucket)) {
      record(404, 'NoSuchBucket');
      return sendError(res, 404, 'NoSuchBucket', 'the specified bucket does not exist', path, withBody);
    }
    if (!key) {
      if (method === 'HEAD') {
        record(200);
        res.end();
        return;
      }
      record(501, 'NotImplemented');
      return sendError(res, 501, 'NotImplemented', 'only object operations are supported', path, withBody);
    }
    const id = `${bucket}/${key}`;
    const existing = objects.get(id);

    switch (method) {
      case 'PUT': {
        if (req.headers['if-none-match'] === '*' && existing) {
          record(412, 'PreconditionFailed');
          return sendError(res, 412, 'PreconditionFailed', 'an object already exists under this key', path, true);
        }
        const metadata: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (name.startsWith('x-amz-meta-') && typeof value === 'string') metadata[name.slice('x-amz-meta-'.length)] = value;
        }
        const etag = `"${createHash('md5').update(body).digest('hex')}"`;
        objects.set(id, { bucket, key, body, contentType: String(req.headers['content-type'] ?? 'application/octet-stream'), metadata, etag, lastModified: new Date() });
        record(200);
        res.setHeader('etag', etag);
        res.end();
        return;
      }
      case 'GET':
      case 'HEAD': {
        if (!existing) {
          record(404, 'NoSuchKey');
          return sendError(res, 404, 'NoSuchKey', 'the specified key does not exist', path, withBody);
        }
        record(200);
        res.setHeader('content-type', existing.contentType);
        res.setHeader('content-length', String(existing.body.length));
        res.setHeader('etag', existing.etag);
        res.setHeader('last-modified', existing.lastModified.toUTCString());
        for (const [name, value] of Object.entries(existing.metadata)) res.setHeader(`x-amz-meta-${name}`, value);
        res.end(withBody ? existing.body : undefined);
        return;
      }
      case 'DELETE':
        objects.delete(id);
        record(204);
        res.statusCode = 204;
        res.end();
        return;
      default:
        record(405, 'MethodNotAllowed');
        return sendError(res, 405, 'MethodNotAllowed', `${method} is not supported`, path, withBody);
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(`[s3 sink] 处理请求失败: ${(error as Error).message}`);
      if (!res.headersSent) sendError(res, 500, 'InternalError', 'internal error', req.url ?? '/', req.method !== 'HEAD');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    credentials,
    objects: () => [...objects.values()],
    requests: () => [...seen],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
