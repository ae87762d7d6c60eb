import { SpanStatusCode } from '@opentelemetry/api';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { Server } from 'node:http';
import { answerClientError } from './http-guards/client-errors';
import { corsAllowList, corsOriginsFromEnv } from './http-guards/cors';
import { requestProblem } from './http-guards/request-problems';
import { securityHeaders, type SecurityHeadersOptions } from './http-guards/security-headers';
import { trustProxyFromEnv, type TrustProxy } from './http-guards/trust-proxy';
import { unavailableOf, unavailableServerProblem } from './http-guards/unavailable';
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
  /** helmet's headers; by default a JSON API's strict CSP (`default-src 'none'`). A console serving HTML relaxes the CSP here. */
  securityHeaders?: SecurityHeadersOptions;
  /** Origins allowed to call from a browser; default `LIANXIN_CORS_ORIGINS` (see `corsOriginsFromEnv`). */
  corsOrigins?: readonly string[];
  /** Proxies trusted to name the client in X-Forwarded-For; default `LIANXIN_TRUST_PROXY` (none). */
  trustProxy?: TrustProxy;
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

/**
 * An express app with tracing, security headers, CORS for the allowed origins, JSON parsing,
 * /healthz and /readyz; add routes, then call `finishHttpApp`.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', options.trustProxy ?? trustProxyFromEnv());
  app.use(tracedRequests(options.log));
  app.use(securityHeaders(options.securityHeaders));
  app.use(corsAllowList(options.corsOrigins ?? corsOriginsFromEnv()));
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

/**
 * Adds the 404 fallback and the error handler that turns everything into problem+json: bad
 * input → 4xx, the store or Temporal not answering → 503 with Retry-After, anything else → 500.
 */
export function finishHttpApp(app: Express, log: Logger): void {
  app.use((req, res) => {
    sendProblem(res, new HttpProblem(404, 'not-found', '未找到该资源', `${req.method} ${req.path}`), req.originalUrl);
  });
  const onError: ErrorRequestHandler = (error, req, res, next) => {
    if (res.headersSent) {
      // Too late for a problem: Express's own handler ends the connection.
      log.warn({ path: req.path, error: (error as Error | undefined)?.name }, 'error after the answer started');
      next(error);
      return;
    }
    const known = error instanceof HttpProblem ? error : requestProblem(error);
    if (known) {
      sendProblem(res, known, req.originalUrl);
      return;
    }
    const unavailable = unavailableServerProblem(error);
    if (unavailable) {
      const { name, message } = error as Error;
      log.warn({ path: req.path, unavailable: unavailableOf(error), error: { name, message } }, 'server unavailable');
      sendProblem(res, unavailable, req.originalUrl);
      return;
    }
    log.error({ err: error, path: req.path }, 'unhandled error');
    sendProblem(res, new HttpProblem(500, 'internal', '服务器内部错误', '请稍后重试；如持续出现请联系管理员'), req.originalUrl);
  };
  app.use(onError);
}

/** Serves `app`; a request Node cannot even parse is answered as a problem too (`answerClientError`). */
export async function listen(app: Express, port: number, host = '127.0.0.1'): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    server.on('clientError', answerClientError);
  });
}

export async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
