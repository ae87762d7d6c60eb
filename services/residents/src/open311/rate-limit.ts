import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from '@lianxin/platform';
import type { Open311Config } from './config';
import { Open311Error } from './errors';

/** Whether a client system may submit now, and the RateLimit-* headers to answer with either way. */
export type ClientLimitOutcome = { allowed: true; headers: Record<string, string> } | { allowed: false; headers: Record<string, string> };

export type ClientLimit = (req: Request, clientId: string) => Promise<ClientLimitOutcome>;

/**
 * The platform's `rateLimit`, counted per client system (its API key's client id, not the
 * address: a client's servers may sit behind many), `LIANXIN_OPEN311_RATE_LIMIT` (60/60 s).
 *
 * `rateLimit` is middleware that answers a refusal itself as problem+json; Open311 answers in
 * its own error list. So it runs here against a stand-in response that only collects what it
 * would have sent (headers; a refusal), and the route answers in the specification's format.
 */
export function clientLimit(limit: Open311Config['rateLimit']): ClientLimit {
  if (limit === 'off') return async () => ({ allowed: true, headers: {} });
  const clientOfRequest = new WeakMap<Request, string>();
  const middleware: RequestHandler = rateLimit({ name: 'open311-client', ...limit, keyOf: (req) => clientOfRequest.get(req) ?? 'unknown' });
  return (req, clientId) =>
    new Promise<ClientLimitOutcome>((resolve, reject) => {
      clientOfRequest.set(req, clientId);
      const headers: Record<string, string> = {};
      const collector = {
        set(fields: Record<string, string>) {
          Object.assign(headers, fields);
          return collector;
        },
        status() {
          return collector;
        },
        type() {
          return collector;
        },
        send() {
          resolve({ allowed: false, headers });
          return collector;
        },
      };
      middleware(req, collector as unknown as Response, (error?: unknown) => (error ? reject(error) : resolve({ allowed: true, headers })));
    });
}

/** Applies the limit: sets its headers on the answer, and refuses (429, Retry-After) beyond it. */
export async function enforceClientLimit(limit: ClientLimit, req: Request, res: Response, clientId: string): Promise<void> {
  const outcome = await limit(req, clientId);
  res.set(outcome.headers);
  if (!outcome.allowed) {
    const seconds = outcome.headers['Retry-After'] ?? '60';
    throw new Open311Error(429, [{ code: 429, description: `请求过于频繁：此接入系统已达到提交上限，请在 ${seconds} 秒后重试` }], outcome.headers);
  }
}
