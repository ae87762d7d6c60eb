import type { ErrorRequestHandler, Request, Response } from 'express';
import { HttpProblem, requestProblem, unavailableServerProblem, type Logger } from '@lianxin/platform';
import { isOpen311Format, listOf, sendOpen311, type Open311Form, type Open311Format } from './format';
import type { Open311ErrorItem, Open311Errors } from './schemas';

/**
 * GeoReport v2 errors: a list of `{ code, description }` (`<errors><error>…`), with the HTTP
 * status the specification asks for — 404 for what does not exist (a service code, a request,
 * a jurisdiction), 403 for a missing or invalid api_key, 400 for anything else the request got
 * wrong. Beyond the specification, as everywhere in Lianxin: 429 with Retry-After when a client
 * system sends too much, 503 with Retry-After when the store or Temporal does not answer (a retry
 * is safe), 500 for anything unforeseen (logged, never described). Its schema: `Open311Errors`.
 */

export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly Open311ErrorItem[],
    /** Response headers that go with it (Retry-After, the rate-limit headers). */
    readonly headers: Record<string, string> = {},
  ) {
    super(errors.map((error) => error.description).join('; '));
  }
}

export const open311NotFound = (description: string): Open311Error => new Open311Error(404, [{ code: 404, description }]);
export const open311BadRequest = (descriptions: readonly string[]): Open311Error =>
  new Open311Error(400, descriptions.map((description) => ({ code: 400, description })));
export const open311Forbidden = (description: string): Open311Error => new Open311Error(403, [{ code: 403, description }]);

/** The specification's status for a problem raised by code shared with the rest of the service. */
function statusForProblem(status: number): number {
  if (status === 404 || status === 429 || status >= 500) return status;
  if (status === 401 || status === 403) return 403;
  return 400;
}

/** One error per item a problem lists (e.g. each unknown reference), else its title and detail. */
function descriptionsOf(problem: HttpProblem): string[] {
  const listed = problem.extras['errors'];
  if (Array.isArray(listed) && listed.length > 0) {
    return listed.map((item: { path?: unknown; message?: unknown }) =>
      typeof item.path === 'string' && typeof item.message === 'string' ? `${item.path}: ${item.message}` : problem.title,
    );
  }
  return [problem.detail ? `${problem.title}：${problem.detail}` : problem.title];
}

export function open311ErrorFromProblem(problem: HttpProblem): Open311Error {
  const status = statusForProblem(problem.status);
  return new Open311Error(
    status,
    descriptionsOf(problem).map((description) => ({ code: status, description })),
    problem.headers,
  );
}

const formatKey = 'open311Format';

/** Remembers the format a request asked for, so that its errors answer in it too. */
export function rememberFormat(res: Response, format: Open311Format): void {
  res.locals[formatKey] = format;
}

/** The format to answer an error in: the one asked for; XML (the specification's own) when none could be read. */
function errorFormat(req: Request, res: Response): Open311Format {
  const remembered = res.locals[formatKey] as Open311Format | undefined;
  if (remembered) return remembered;
  const suffix = /\.([A-Za-z0-9]+)$/.exec(req.path)?.[1]?.toLowerCase() ?? '';
  return isOpen311Format(suffix) ? suffix : 'xml';
}

export function sendOpen311Error(req: Request, res: Response, error: Open311Error): void {
  res.set(error.headers);
  const body: Open311Form<Open311Errors> = listOf('error', error.errors.map((item) => ({ ...item })));
  sendOpen311(res, errorFormat(req, res), { root: 'errors', body }, error.status);
}

/** Turns every error of the Open311 routes into the specification's error list, in the requested format. */
export function open311ErrorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof Open311Error) return sendOpen311Error(req, res, error);
    const problem = error instanceof HttpProblem ? error : (requestProblem(error) ?? unavailableServerProblem(error));
    if (problem) {
      if (problem.status >= 500) log.warn({ path: req.path, problem: problem.code }, 'open311: server unavailable');
      return sendOpen311Error(req, res, open311ErrorFromProblem(problem));
    }
    log.error({ err: error, path: req.path }, 'open311: unhandled error');
    sendOpen311Error(req, res, new Open311Error(500, [{ code: 500, description: '服务器内部错误，请稍后重试；如持续出现请联系管理员' }]));
  };
}
