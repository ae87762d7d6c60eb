import type { Payload, PayloadCodec } from '@temporalio/common';
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { DataProtectionError } from './errors';

/**
 * Temporal's remote codec server protocol, for the Temporal UI and CLI to show (and send)
 * encrypted payloads to authorised operators:
 *
 *     POST <base>/encode | <base>/decode
 *     Content-Type: application/json, X-Namespace: <namespace>, Authorization: <from the UI/CLI>
 *     { "payloads": [ { "metadata": { "<key>": "<base64>" }, "data": "<base64>" } ] }
 *
 * answered with the same shape (proto3 JSON of Payload: every bytes field base64). Mount it
 * with `app.use('/codec', codecServerRouter({ … }))` and configure `<origin>/codec` as the
 * codec endpoint.
 *
 * Every request passes `authorise` before its body is read; a refusal is 403 (or the 401/403
 * that the thrown error carries in `status`). Browsers at `uiOrigins` may call it (CORS, with
 * a preflight allowing Authorization, Content-Type and X-Namespace); others get no CORS
 * headers. Answers are `Cache-Control: no-store`. Nothing here logs payloads.
 */
export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Resolves to let the request through, throws to refuse it (e.g. a bearer-token check of an operator). */
  authorise(req: Request): Promise<void>;
  /** The Temporal UI's origin(s), e.g. `http://127.0.0.1:8233`. */
  uiOrigins?: string | readonly string[];
  /** Answer `Access-Control-Allow-Credentials: true` (the UI's "include cross-origin credentials"). */
  allowCredentials?: boolean;
  /** Largest request body, in bytes or as `'4mb'`; default 4 MB (the UI decodes a page of history at once). */
  bodyLimit?: number | string;
  /** Told about an unexpected failure (answered 500 without details). */
  onError?: (error: unknown) => void;
}

const base64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const JsonPayload = z.object({
  metadata: z.record(z.string(), z.string().regex(base64)).nullish(),
  data: z.string().regex(base64).nullish(),
});
/** The body of a request and of its answer: payloads in proto3 JSON. */
export const CodecBody = z.object({ payloads: z.array(JsonPayload) });
type JsonPayload = z.infer<typeof JsonPayload>;

function fromJson({ metadata, data }: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
    ...(data ? { data: Buffer.from(data, 'base64') } : {}),
  };
}

function toJson({ metadata, data }: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
    ...(data && data.length > 0 ? { data: Buffer.from(data).toString('base64') } : {}),
  };
}

function problem(res: Response, status: number, title: string): void {
  res.status(status).type('application/problem+json').json({ type: 'about:blank', title, status });
}

function cors(origins: ReadonlySet<string>, allowCredentials: boolean): RequestHandler {
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.get('origin');
    const allowed = origin !== undefined && origins.has(origin);
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      if (allowCredentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (req.method !== 'OPTIONS') return next();
    if (!allowed) return problem(res, 403, 'origin not allowed');
    res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Namespace');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}

function authorisation(authorise: CodecServerOptions['authorise']): RequestHandler {
  return async (req, res, next) => {
    try {
      await authorise(req);
    } catch (error) {
      const status = (error as { status?: unknown } | null)?.status === 401 ? 401 : 403;
      if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
      return problem(res, status, status === 401 ? 'authentication required' : 'not allowed to use the codec');
    }
    next();
  };
}

export function codecServerRouter(options: CodecServerOptions): Router {
  const origins = new Set(typeof options.uiOrigins === 'string' ? [options.uiOrigins] : (options.uiOrigins ?? []));
  const router = Router();
  router.use(cors(origins, options.allowCredentials ?? false));
  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const parse = express.json({ limit: options.bodyLimit ?? 4 * 1024 * 1024, type: () => true });
  const route = (direction: 'encode' | 'decode'): RequestHandler => async (req, res) => {
    const body = CodecBody.safeParse(req.body);
    if (!body.success) return problem(res, 400, 'expected { payloads: [{ metadata: { key: base64 }, data: base64 }] }');
    try {
      const payloads = await options.codec[direction](body.data.payloads.map(fromJson));
      res.json({ payloads: payloads.map(toJson) });
    } catch (error) {
      if (error instanceof DataProtectionError) return problem(res, 422, `cannot ${direction} the payloads: ${error.name}`);
      options.onError?.(error);
      problem(res, 500, 'codec failure');
    }
  };
  router.post('/encode', authorisation(options.authorise), parse, route('encode'));
  router.post('/decode', authorisation(options.authorise), parse, route('decode'));
  const bodyErrors: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, next) => {
    if (res.headersSent) return next(error);
    if (error.type === 'entity.too.large') return problem(res, 413, 'request body too large');
    if (error.status === 400 || error.type === 'entity.parse.failed') return problem(res, 400, 'request body is not JSON');
    options.onError?.(error);
    problem(res, 500, 'codec failure');
  };
  router.use(bodyErrors);
  return router;
}
