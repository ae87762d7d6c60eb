import { z } from 'zod';
import type { ResponseDoc } from './route-doc';

export const problemContentType = 'application/problem+json';

/**
 * An RFC 9457 problem as `sendProblem` writes it: a machine `type`
 * (`urn:lianxin:problem:<code>`; `about:blank` from the codec endpoint), a zh-CN `title`, the
 * status, and optional detail, instance and extension members.
 */
export const Problem = z
  .looseObject({
    type: z.string().meta({ description: 'Machine-readable kind, e.g. `urn:lianxin:problem:order-not-found`' }),
    title: z.string().meta({ description: 'zh-CN, for people' }),
    status: z.number().int().min(100).max(599),
    detail: z.string().optional(),
    instance: z.string().optional().meta({ description: 'The request path' }),
    errors: z
      .array(z.looseObject({}))
      .optional()
      .meta({ description: 'Validation failures (`path`, `message`, `code`) or refused references' }),
    retryAfterSeconds: z.number().int().nonnegative().optional().meta({ description: 'With 429 and 503, as in `Retry-After`' }),
    refusal: z.string().optional().meta({ description: "The order workflow's refusal code (`WrongState`, `NotYourOrder` …)" }),
  })
  .meta({ description: 'RFC 9457 problem details' });

/** A problem answer (`application/problem+json`), for a route's `responses`. */
export function problem(description: string, headers?: Readonly<Record<string, string>>): ResponseDoc {
  return { description, schema: Problem, contentType: problemContentType, ...(headers ? { headers } : {}) };
}
