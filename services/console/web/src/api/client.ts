import { isAbort, networkProblem, problemOf, ProblemError } from './problem';

/** A fresh Idempotency-Key (16 random bytes). One per user action; the same for every retry of it. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `lxc-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export interface SendOptions {
  /** The user action's key; reused when the person retries it. A request without one gets its own. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export interface ApiClient {
  get<T>(url: string, options?: { signal?: AbortSignal; headers?: Record<string, string> }): Promise<T>;
  post<T>(url: string, body?: unknown, options?: SendOptions): Promise<T>;
  put<T>(url: string, body?: unknown, options?: SendOptions): Promise<T>;
  /** A raw body (a photo): POST with its own content type. */
  upload<T>(url: string, file: Blob, options?: SendOptions): Promise<T>;
  /** A binary answer (a photo), fetched with the bearer token. */
  blob(url: string, options?: { signal?: AbortSignal }): Promise<Blob>;
  /** The current bearer token (for the SSE reader). */
  accessToken(): string | undefined;
}

export interface ApiClientOptions {
  accessToken: () => string | undefined;
  /** A 401: the token is no longer accepted (the session has expired). */
  onUnauthorized: () => void;
  /** Extra attempts on no answer / 429 / 503 (same request, same key). */
  retries?: number;
}

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = window.setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      window.clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });

/**
 * The authenticated client: `Authorization: Bearer` on every request, an `Idempotency-Key` on
 * every POST/PUT, JSON in and out, refusals as ProblemError. A request that got no answer, or a
 * 429/503, is tried again (after Retry-After, at most 5 s) with the same key, so it applies once.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const retries = options.retries ?? 2;

  async function once(url: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    const token = options.accessToken();
    if (token) headers.set('authorization', `Bearer ${token}`);
    if (!headers.has('accept')) headers.set('accept', 'application/json, application/problem+json');
    let response: Response;
    try {
      response = await fetch(url, { ...init, headers, credentials: 'omit' });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw networkProblem();
    }
    if (response.ok) return response;
    const problem = await problemOf(response);
    if (response.status === 401 && token) options.onUnauthorized();
    throw problem;
  }

  async function withRetries(url: string, init: RequestInit): Promise<Response> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await once(url, init);
      } catch (error) {
        if (!(error instanceof ProblemError) || !error.retriable || attempt >= retries) throw error;
        const seconds = Math.min(error.retryAfterSeconds ?? attempt + 1, 5);
        await wait(seconds * 1000, init.signal ?? undefined);
      }
    }
  }

  async function json<T>(response: Response): Promise<T> {
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async function send<T>(method: 'POST' | 'PUT', url: string, body: unknown, sendOptions: SendOptions = {}): Promise<T> {
    const headers: Record<string, string> = { ...sendOptions.headers, 'idempotency-key': sendOptions.idempotencyKey ?? newIdempotencyKey() };
    const init: RequestInit = { method, headers, ...(sendOptions.signal ? { signal: sendOptions.signal } : {}) };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return json<T>(await withRetries(url, init));
  }

  return {
    async get<T>(url: string, getOptions: { signal?: AbortSignal; headers?: Record<string, string> } = {}) {
      return json<T>(await withRetries(url, { method: 'GET', ...(getOptions.headers ? { headers: getOptions.headers } : {}), ...(getOptions.signal ? { signal: getOptions.signal } : {}) }));
    },
    post: (url, body, sendOptions) => send('POST', url, body, sendOptions),
    put: (url, body, sendOptions) => send('PUT', url, body, sendOptions),
    async upload<T>(url: string, file: Blob, uploadOptions: SendOptions = {}) {
      const headers: Record<string, string> = {
        ...uploadOptions.headers,
        'idempotency-key': uploadOptions.idempotencyKey ?? newIdempotencyKey(),
        'content-type': file.type || 'application/octet-stream',
      };
      return json<T>(await withRetries(url, { method: 'POST', headers, body: file, ...(uploadOptions.signal ? { signal: uploadOptions.signal } : {}) }));
    },
    async blob(url: string, blobOptions: { signal?: AbortSignal } = {}) {
      const response = await withRetries(url, { method: 'GET', headers: { accept: 'image/*, application/octet-stream' }, ...(blobOptions.signal ? { signal: blobOptions.signal } : {}) });
      return response.blob();
    },
    accessToken: options.accessToken,
  };
}
