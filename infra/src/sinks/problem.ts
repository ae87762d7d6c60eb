import type { ErrorRequestHandler, Response } from 'express';
import type { z } from 'zod';

/** Answers an RFC 9457 problem (`application/problem+json`); `title` is for people, in zh-CN. */
export function sendProblem(res: Response, status: number, title: string, extra: Record<string, unknown> = {}): void {
  res.status(status).type('application/problem+json').json({ type: 'about:blank', title, status, ...extra });
}

/** A 400 naming what is wrong with the input (field paths and zod's messages, never the values). */
export function sendInvalid(res: Response, error: z.ZodError, title = '请求无效'): void {
  const errors = error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  sendProblem(res, 400, title, { errors });
}

/**
 * The last handler: unreadable JSON and too-large bodies (body-parser's 4xx) become problems with
 * their status; anything else is a 500 without details.
 */
export const problemErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) return next(error);
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    sendProblem(res, status, status === 413 ? '请求体过大' : '请求无法解析');
    return;
  }
  console.error(`[sinks] 处理请求失败: ${(error as Error).message}`);
  sendProblem(res, 500, '内部错误');
};
