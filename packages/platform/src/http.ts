import { SpanStatusCode } from '@opentelemetry/api';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { Server } from 'node:http';
import type { Logger } from './logger';
import { HttpProblem, sendProblem } from './problem';
import { inSpan } from './telemetry';

export type ReadinessCheck = () => Promise<Record<string, boolean>>;

export interface HttpAppOptions {
  service: string;
  log: Logger;
  readiness: ReadinessCheck;
  /** More to show on /readyz (e.g. consumer lag); informs, does not decide readiness. */
  readinessDetails?: () => Record<string, unknown>;
  /** Largest accepted JSON body. */
  bodyLimit?: string;
}

/** Wraps each request in a span continuing the caller's W3C trace context, and logs it. */
function tracedRequests(log: Logger): RequestHandler {
  return (req, res, next) => {
    const parent = {
      ...(typeof req.headers.traceparent === 'string' ? { traceparent: req.headers.traceparent } : {}),
      ...(typeof req.headers.tracestate === 'string' ? { tracestate: req.headers.tracestate } : {}),
    };
    void inSpan(
      `${req.method} ${req.path}`,
      (span) =>
        new Promise<void>((resolve) => {
          const started = process.hrtime.bigint();
          res.on('finish', () => {
            if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
            span.setAttribute('http.response.status_code', res.statusCode);
            if (req.path !== '/healthz' && req.path !== '/readyz') {
              const ms = Number(process.hrtime.bigint() - started) / 1e6;
              log.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms) }, 'request');
            }
            resolve();
          });
          res.on('close', () => resolve());
          next();
        }),
      parent,
    );
  };
}

/** An express app with JSON parsing, tracing, /healthz and /readyz; add routes, then call `finishHttpApp`. */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(tracedRequests(options.log));
  app.use(express.json({ limit: options.bodyLimit ?? '256kb', strict: true, type: ['application/json', 'application/*+json'] }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.service });
  });
  app.get('/readyz', async (_req, res) => {
    const checks = await options.readiness();
    const ready = Object.values(checks).every(Boolean);
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not-ready', service: options.service, checks, ...options.readinessDetails?.() });
  });
  return app;
}

/** Errors Express and its body parser raise on bad input, as the 4xx problems they are. */
function requestProblem(error: { name?: string; type?: string; status?: number; limit?: number }): HttpProblem | undefined {
  if (error.name === 'URIError') return new HttpProblem(400, 'malformed-path', '请求路径编码不正确', '路径中有无法解码的 % 转义');
  if (error.type === 'entity.too.large') {
    return new HttpProblem(413, 'payload-too-large', '请求体过大', `上限为 ${error.limit ?? '?'} 字节`);
  }
  if (error.type === 'entity.parse.failed') return new HttpProblem(400, 'malformed-json', '请求体不是有效的 JSON');
  if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
    return new HttpProblem(415, 'unsupported-encoding', '不支持的请求编码');
  }
  return undefined;
}

/** Adds the 404 fallback and the error handler that turns everything into problem+json. */
export function finishHttpApp(app: Express, log: Logger): void {
  app.use((req, res) => {
    sendProblem(res, new HttpProblem(404, 'not-found', '未找到该资源', `${req.method} ${req.path}`), req.originalUrl);
  });
  const onError: ErrorRequestHandler = (error, req, res, _next) => {
    const problem = error instanceof HttpProblem ? error : requestProblem(error as { name?: string; type?: string });
    if (problem) {
      sendProblem(res, problem, req.originalUrl);
      return;
    }
    log.error({ err: error, path: req.path }, 'unhandled error');
    sendProblem(res, new HttpProblem(500, 'internal', '服务器内部错误', '请稍后重试；如持续出现请联系管理员'), req.originalUrl);
  };
  app.use(onError);
}

export async function listen(app: Express, port: number, host = '127.0.0.1'): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

export async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
