/** An RFC 9457 problem as the services answer it (zh-CN `title`, machine `type`). */
export interface Problem {
  type?: string;
  title?: string;
  detail?: string;
  /** The machine code: the services' `refusal` or the last part of `type` (`urn:lianxin:problem:<code>`). */
  code?: string;
  [key: string]: unknown;
}

/** A request the server refused or could not answer: its status and problem (status 0: no answer at all). */
export class ProblemError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail ? `${problem.title ?? `HTTP ${status}`}: ${problem.detail}` : (problem.title ?? `HTTP ${status}`));
    this.name = 'ProblemError';
    this.status = status;
    this.problem = problem;
  }

  /** Worth trying again with the same Idempotency-Key: no answer, a timeout, 429 or 503. */
  get retriable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status === 502 || this.status === 503 || this.status === 504;
  }

  /** The server's Retry-After, in seconds, when it gave one. */
  get retryAfterSeconds(): number | undefined {
    const value = this.problem.retryAfterSeconds;
    return typeof value === 'number' && value >= 0 ? value : undefined;
  }
}

const problemPrefix = 'urn:lianxin:problem:';

function codeOf(problem: Problem): string | undefined {
  if (typeof problem.code === 'string') return problem.code;
  if (typeof problem.refusal === 'string') return problem.refusal;
  if (typeof problem.type === 'string' && problem.type.startsWith(problemPrefix)) return problem.type.slice(problemPrefix.length);
  return undefined;
}

/** The problem of a failed response: its problem+json body, or one made from the status. */
export async function problemOf(response: Response): Promise<ProblemError> {
  let problem: Problem = {};
  const text = await response.text().catch(() => '');
  if (text) {
    try {
      const body: unknown = JSON.parse(text);
      if (body && typeof body === 'object' && !Array.isArray(body)) problem = body as Problem;
      else if (Array.isArray(body) && body[0] && typeof body[0] === 'object') {
        // Open311's error list: [{ code, description }]
        const first = body[0] as { description?: unknown };
        problem = { title: typeof first.description === 'string' ? first.description : undefined };
      }
    } catch {
      problem = {};
    }
  }
  if (!problem.title) problem = { ...problem, title: fallbackTitle(response.status) };
  const retryAfter = Number(response.headers.get('retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter >= 0 && problem.retryAfterSeconds === undefined) problem = { ...problem, retryAfterSeconds: retryAfter };
  const code = codeOf(problem);
  return new ProblemError(response.status, code ? { ...problem, code } : problem);
}

function fallbackTitle(status: number): string {
  if (status === 401) return '请先登录';
  if (status === 403) return '无权执行此操作';
  if (status === 404) return '未找到该资源';
  if (status === 409) return '操作被拒绝';
  if (status === 429) return '请求过于频繁，请稍后重试';
  if (status >= 500) return '服务暂不可用，请稍后重试';
  return `请求失败（HTTP ${status}）`;
}

/** The problem of a request that got no answer (offline, refused connection, CORS). */
export function networkProblem(): ProblemError {
  return new ProblemError(0, { type: `${problemPrefix}network`, code: 'network', title: '网络连接失败', detail: '无法连接服务，请检查网络后重试' });
}

/** Whether the error is an abort (a request cancelled on purpose: nothing to show). */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/**
 * Fetches JSON: the parsed body of a 2xx answer (undefined for an empty one); throws
 * ProblemError with the application/problem+json body otherwise, or with status 0 when the
 * request got no answer at all.
 */
export async function requestJson<T>(url: string, init?: RequestInit): Promise<T> {
  const headers = new Headers(init?.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json, application/problem+json');
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw networkProblem();
  }
  if (!response.ok) throw await problemOf(response);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
