import type { RequestHandler } from 'express';
import { clientAddress, principalOf, rateLimit, rateLimitFromEnv } from '@lianxin/platform';

/**
 * How often one person may look up callers by phone: `LIANXIN_RATE_LIMIT_PHONE_SEARCH`
 * (`<points>/<seconds>`, default 30 per 60 s, or `off`), counted per signed-in person (a call
 * centre sits behind one address), per instance like the other limits. A console searches once
 * per number typed; far more than that is someone walking through numbers.
 */
export function phoneSearchRateLimit(env: NodeJS.ProcessEnv = process.env): RequestHandler {
  const limit = rateLimitFromEnv(env, 'LIANXIN_RATE_LIMIT_PHONE_SEARCH', '30/60');
  if (limit === 'off') return (_req, _res, next) => next();
  return rateLimit({ name: 'phone-search', ...limit, keyOf: (req) => (req.res && principalOf(req.res)?.id) || `address:${clientAddress(req)}` });
}
