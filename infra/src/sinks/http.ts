import express, { type Express, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Mailbox } from './mailbox';
import { renderPage } from './page';
import { problemErrors, sendInvalid, sendProblem } from './problem';
import type { SmsGateway } from './sms-gateway';

/** `?to=&orderId=&since=` of both lists; `since` is an ISO 8601 instant. */
const ListQuery = z.object({
  to: z.string().min(1).optional(),
  orderId: z.string().min(1).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
});

export interface SinksAppOptions {
  mailbox: Mailbox;
  smsGateway: SmsGateway;
  /** Whether both servers are listening (`/readyz`). */
  ready: () => boolean;
}

/**
 * The sinks' one HTTP app: the SMS gateway itself (under `/sms`), reading back and clearing what
 * was sent, health and readiness, and a page for people.
 */
export function sinksApp({ mailbox, smsGateway, ready }: SinksAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    if (ready()) res.json({ status: 'ready' });
    else sendProblem(res, 503, '尚未就绪');
  });

  app.get('/sms/v1/messages', (req: Request, res: Response) => {
    const query = ListQuery.safeParse(req.query);
    if (!query.success) return sendInvalid(res, query.error, '查询参数无效');
    const items = smsGateway.list(query.data);
    res.json({ items, total: items.length });
  });
  app.delete('/sms/v1/messages', async (_req, res) => {
    await smsGateway.clear();
    res.status(204).end();
  });
  app.use('/sms', smsGateway.router);

  app.get('/mail/v1/messages', (req: Request, res: Response) => {
    const query = ListQuery.safeParse(req.query);
    if (!query.success) return sendInvalid(res, query.error, '查询参数无效');
    const items = mailbox.list(query.data);
    res.json({ items, total: items.length });
  });
  app.get('/mail/v1/messages/:id', (req: Request<{ id: string }>, res: Response) => {
    const message = mailbox.get(req.params.id);
    if (!message) return sendProblem(res, 404, '没有这封邮件');
    res.json(message);
  });
  app.delete('/mail/v1/messages', async (_req, res) => {
    await mailbox.clear();
    res.status(204).end();
  });

  app.get('/', (_req, res) => {
    // The page shows what residents wrote: nothing in it may run or load anything.
    res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.type('html').send(renderPage(smsGateway.list(), mailbox.list()));
  });

  app.use((_req: Request, res: Response) => sendProblem(res, 404, '没有这个地址'));
  app.use(problemErrors);
  return app;
}
