import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { z } from 'zod';

/** An RFC 9457 problem: a status, a machine `type`, a zh-CN `title`, optional detail and extras. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extras: Record<string, unknown> = {},
    /** Response headers that go with it, e.g. `Retry-After` on a 503. */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

export function problemType(code: string): string {
  return `urn:lianxin:problem:${code}`;
}

/** 503: a server the request needs does not answer now; the client may retry after `seconds`. */
export function unavailableProblem(code: string, title: string, detail: string, seconds = 5): HttpProblem {
  return new HttpProblem(503, code, title, detail, { retryAfterSeconds: seconds }, { 'Retry-After': String(seconds) });
}

export function sendProblem(res: Response, problem: HttpProblem, instance?: string): void {
  res
    .set(problem.headers)
    .status(problem.status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: problemType(problem.code),
        title: problem.title,
        status: problem.status,
        ...(problem.detail ? { detail: problem.detail } : {}),
        ...(instance ? { instance } : {}),
        ...problem.extras,
      }),
    );
}

/** Parses input with a zod schema, or throws a 400 problem listing every issue by path. */
export function parseOrProblem<S extends z.ZodType>(schema: S, input: unknown, what = '请求体'): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
    code: issue.code,
  }));
  throw new HttpProblem(400, 'validation-failed', `${what}校验失败`, errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
    errors,
  });
}

/** A fingerprint of what a request asked for, to tell a retry from a reuse of its Idempotency-Key. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/** The 422 for an Idempotency-Key sent again with a different request. */
export function idempotencyKeyReused(): HttpProblem {
  return new HttpProblem(422, 'idempotency-key-reused', 'Idempotency-Key 已用于另一个请求', '同一个 Idempotency-Key 只能用于内容相同的请求');
}

/** A client's `Idempotency-Key` header: 8–128 visible ASCII characters. */
export const IdempotencyKey = z.string().trim().min(8).max(128).regex(/^[\x21-\x7e]+$/, '只能包含可见 ASCII 字符');

/** The request's Idempotency-Key, validated (400 problem when malformed), or undefined when absent. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const raw = req.header('idempotency-key');
  return raw === undefined ? undefined : parseOrProblem(IdempotencyKey, raw, 'Idempotency-Key');
}
