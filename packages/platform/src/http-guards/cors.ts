import cors from 'cors';
import type { RequestHandler } from 'express';

/** Where the consoles live by default (a later issue serves them there). */
export const defaultCorsOrigins: readonly string[] = ['http://127.0.0.1:8085', 'http://localhost:8085'];

/** Request headers a browser page may send across origins. */
export const corsAllowedHeaders: readonly string[] = ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Tracking-Code', 'X-Filename'];

/** Response headers a browser page may read across origins. */
export const corsExposedHeaders: readonly string[] = [
  'Location',
  'Content-Disposition',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
];

/**
 * The origins allowed to call the services from a browser: `LIANXIN_CORS_ORIGINS`, exact
 * origins separated by commas (empty: none); unset, `defaultCorsOrigins`.
 */
export function corsOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.LIANXIN_CORS_ORIGINS;
  if (raw === undefined) return [...defaultCorsOrigins];
  const origins = raw.split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin) {
      throw new Error(`配置错误: LIANXIN_CORS_ORIGINS 中的 ${origin} 不是一个源（应形如 https://console.example.org，不带路径和结尾斜杠）`);
    }
  }
  return origins;
}

/**
 * CORS for an exact allow-list: an allowed origin gets its origin reflected (preflight answered
 * with the allowed methods and headers); any other origin, and a request with none, gets no
 * CORS headers at all. `Vary: Origin` always, so no cache hands one origin's answer to another.
 */
export function corsAllowList(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  const reflect = cors({
    origin: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [...corsAllowedHeaders],
    exposedHeaders: [...corsExposedHeaders],
    maxAge: 600,
  });
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.headers.origin;
    if (origin === undefined || !allowed.has(origin)) {
      next();
      return;
    }
    reflect(req, res, next);
  };
}
