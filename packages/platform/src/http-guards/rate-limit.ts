import type { Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpProblem, sendProblem } from '../problem';
import { clientAddress } from './client-address';

export interface RateLimitOptions {
  /** Names the limit (and keeps its counters apart from other limits'). */
  name: string;
  /** Requests allowed per window and key. */
  points: number;
  durationSeconds: number;
  /** What is counted; default the client address (`clientAddress`). */
  keyOf?: (req: Request) => string;
}

function secondsUntil(state: RateLimiterRes): number {
  return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
}

function rateLimitHeaders(options: RateLimitOptions, state: RateLimiterRes): Record<string, string> {
  return {
    'RateLimit-Policy': `${options.points};w=${options.durationSeconds}`,
    'RateLimit-Limit': String(options.points),
    'RateLimit-Remaining': String(Math.max(0, state.remainingPoints)),
    'RateLimit-Reset': String(secondsUntil(state)),
  };
}

/** 429: this client has used up its requests for now; it may try again after `seconds`. */
export function tooManyRequestsProblem(seconds: number, headers: Record<string, string> = {}): HttpProblem {
  return new HttpProblem(429, 'too-many-requests', '请求过于频繁', `请在 ${seconds} 秒后重试`, { retryAfterSeconds: seconds }, {
    ...headers,
    'Retry-After': String(seconds),
  });
}

/**
 * Express middleware allowing `points` requests per `durationSeconds` and key; beyond that a 429
 * problem with `Retry-After`. Every answer carries `RateLimit-Limit`, `-Remaining`, `-Reset`
 * (seconds) and `-Policy`.
 *
 * The counters live in this process's memory: each instance of a service counts on its own,
 * so N instances behind a balancer allow up to N × `points`, and a restart forgets them.
 */
export function rateLimit(options: RateLimitOptions): RequestHandler {
  if (!Number.isInteger(options.points) || options.points < 1) throw new Error(`rateLimit ${options.name}: points must be a positive integer`);
  if (!Number.isInteger(options.durationSeconds) || options.durationSeconds < 1) {
    throw new Error(`rateLimit ${options.name}: durationSeconds must be a positive integer`);
  }
  const limiter = new RateLimiterMemory({ keyPrefix: options.name, points: options.points, duration: options.durationSeconds });
  const keyOf = options.keyOf ?? clientAddress;
  return (req: Request, res: Response, next) => {
    limiter.consume(keyOf(req)).then(
      (state) => {
        res.set(rateLimitHeaders(options, state));
        next();
      },
      (rejection: unknown) => {
        if (!(rejection instanceof RateLimiterRes)) {
          next(rejection);
          return;
        }
        sendProblem(res, tooManyRequestsProblem(secondsUntil(rejection), rateLimitHeaders(options, rejection)), req.originalUrl);
      },
    );
  };
}

/** Lets everything through: a limit switched off. */
const unlimited: RequestHandler = (_req, _res, next) => next();

/** Reads `<points>/<seconds>` (or `off`) from `variable`, else `fallback`. */
export function rateLimitFromEnv(
  env: NodeJS.ProcessEnv,
  variable: string,
  fallback: string,
): { points: number; durationSeconds: number } | 'off' {
  const raw = (env[variable] ?? '').trim() || fallback;
  if (raw === 'off') return 'off';
  const match = /^(\d+)\s*\/\s*(\d+)$/.exec(raw);
  const points = Number(match?.[1]);
  const durationSeconds = Number(match?.[2]);
  if (!match || points < 1 || durationSeconds < 1) {
    throw new Error(`配置错误: ${variable}=${raw} 应为「次数/秒数」（如 ${fallback}），或 off 关闭限流`);
  }
  return { points, durationSeconds };
}

export interface PublicRateLimits {
  /** For opening orders (intake): `LIANXIN_RATE_LIMIT_INTAKE`, default 20 per 60 s per client. */
  intake: RequestHandler;
  /** For reading an order with its tracking code: `LIANXIN_RATE_LIMIT_TRACKING`, default 120 per 60 s per client. */
  tracking: RequestHandler;
}

/**
 * The limits on the residents' public routes, per client address, from the environment
 * (`<points>/<seconds>`, or `off` e.g. for load tests). In-memory, per instance (see `rateLimit`).
 */
export function publicRateLimits(env: NodeJS.ProcessEnv = process.env): PublicRateLimits {
  const build = (name: string, variable: string, fallback: string): RequestHandler => {
    const limit = rateLimitFromEnv(env, variable, fallback);
    return limit === 'off' ? unlimited : rateLimit({ name, ...limit });
  };
  return {
    intake: build('intake', 'LIANXIN_RATE_LIMIT_INTAKE', '20/60'),
    tracking: build('tracking', 'LIANXIN_RATE_LIMIT_TRACKING', '120/60'),
  };
}
