import type { Stats } from './stats';

/** Where a bearer token comes from, and how to drop one the service refused (401). */
export interface TokenSource {
  get(): Promise<string>;
  invalidate(token: string): void;
}

export interface RetryPolicy {
  /** Longest wait between attempts. */
  maxBackoffMs: number;
  /** First wait; doubles per attempt, with jitter. */
  baseBackoffMs: number;
  /** How long one request may keep retrying, in all. */
  deadlineMs: number;
  /** Timeout of one attempt. */
  attemptTimeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { baseBackoffMs: 300, maxBackoffMs: 8_000, deadlineMs: 120_000, attemptTimeoutMs: 20_000 };

export interface RequestSpec {
  /** For latency figures: `intake:hotline`, `cmd:accept` … */
  label: string;
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: URLSearchParams;
  /** Sent as `Idempotency-Key` on every attempt: the same key for every retry. */
  idempotencyKey?: string;
  auth?: TokenSource;
  /** 4xx statuses to retry anyway, a few times (e.g. a read model that has not caught up: 404). */
  retryStatuses?: readonly number[];
}

export type Answer =
  | { kind: 'ok'; status: number; body: unknown; attempts: number; ms: number }
  | { kind: 'refused'; status: number; code: string; detail: string; body: unknown; attempts: number }
  | { kind: 'failed'; error: string; attempts: number };

export class Stopped extends Error {
  constructor() {
    super('stopped');
  }
}

/** Resolves after `ms`, or rejects with Stopped when `signal` aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Stopped());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Stopped());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A short name for a failed attempt: ECONNREFUSED, ECONNRESET, timeout, http-503 … */
export function errorKind(error: unknown): string {
  const e = error as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  if (e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError') return 'timeout';
  if (e.name === 'AbortError') return 'aborted';
  if (e.cause?.code) return e.cause.code;
  if (e.code) return e.code;
  return e.name ?? 'error';
}

/** The code of a refusal: the problem's `refusal` or code (from its `urn:lianxin:problem:<code>` type), Open311's error, else the status. */
function refusalCode(status: number, body: unknown): { code: string; detail: string } {
  if (Array.isArray(body) && body.length > 0) {
    const first = body[0] as { code?: unknown; description?: unknown };
    return { code: `open311-${String(first.code ?? status)}`, detail: String(first.description ?? '') };
  }
  const problem = (body ?? {}) as { refusal?: unknown; type?: unknown; detail?: unknown; title?: unknown };
  const fromType = typeof problem.type === 'string' ? problem.type.split(':').pop() : undefined;
  const code = typeof problem.refusal === 'string' ? problem.refusal : fromType || `http-${status}`;
  return { code, detail: String(problem.detail ?? problem.title ?? '') };
}

function retryAfterMs(response: Response): number | undefined {
  const raw = response.headers.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * HTTP with bounded retries: a network error, a timeout, a 5xx or a 429 is retried with the same
 * request (and the same Idempotency-Key) after a backoff (Retry-After honoured), until the
 * deadline; a 401 fetches a fresh token and tries again; other 4xx are refusals, answered as such.
 */
export class HttpClient {
  constructor(
    private readonly stats: Stats,
    private readonly policy: RetryPolicy,
    private readonly stopSignal: AbortSignal,
  ) {}

  async request(spec: RequestSpec): Promise<Answer> {
    const started = Date.now();
    const deadline = started + this.policy.deadlineMs;
    let attempts = 0;
    let unauthorized = 0;
    let statusRetries = 0;
    let lastError = 'none';
    for (;;) {
      if (this.stopSignal.aborted) throw new Stopped();
      attempts += 1;
      let wait: number | undefined;
      let token: string | undefined;
      try {
        const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
        if (spec.idempotencyKey) headers['idempotency-key'] = spec.idempotencyKey;
        if (spec.auth) {
          token = await spec.auth.get();
          headers.authorization = `Bearer ${token}`;
        }
        let body: string | undefined;
        if (spec.json !== undefined) {
          headers['content-type'] = 'application/json';
          body = JSON.stringify(spec.json);
        } else if (spec.form) {
          headers['content-type'] = 'application/x-www-form-urlencoded';
          body = spec.form.toString();
        }
        const signal = AbortSignal.any([AbortSignal.timeout(this.policy.attemptTimeoutMs), this.stopSignal]);
        const response = await fetch(spec.url, { method: spec.method, headers, body, signal });
        const text = await response.text();
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text
        }
        if (response.ok) {
          this.stats.latency(spec.label, Date.now() - started);
          return { kind: 'ok', status: response.status, body: parsed, attempts, ms: Date.now() - started };
        }
        lastError = `http-${response.status}`;
        this.stats.error(lastError);
        if (response.status === 401 && spec.auth && token && unauthorized < 2) {
          unauthorized += 1;
          spec.auth.invalidate(token);
          wait = 0;
        } else if (response.status >= 500 || response.status === 429 || response.status === 408) {
          wait = retryAfterMs(response);
        } else if (spec.retryStatuses?.includes(response.status) && statusRetries < 4) {
          statusRetries += 1;
          wait = 1_000 * statusRetries;
        } else {
          const { code, detail } = refusalCode(response.status, parsed);
          return { kind: 'refused', status: response.status, code, detail, body: parsed, attempts };
        }
      } catch (error) {
        if (this.stopSignal.aborted || error instanceof Stopped) throw new Stopped();
        lastError = errorKind(error);
        this.stats.error(lastError);
      }
      const backoff = Math.min(this.policy.maxBackoffMs, this.policy.baseBackoffMs * 2 ** Math.min(attempts - 1, 10));
      const delay = Math.min(15_000, wait ?? backoff * (0.5 + Math.random() * 0.5));
      if (Date.now() + delay > deadline) {
        this.stats.failed += 1;
        return { kind: 'failed', error: lastError, attempts };
      }
      this.stats.retries += 1;
      await sleep(delay, this.stopSignal);
    }
  }
}
