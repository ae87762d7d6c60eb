import { Router } from 'express';
import { z } from 'zod';
import { HttpProblem, parseOrProblem, requireRole, type AccessDeniedRecorder } from '@lianxin/platform';
import { TemplateOverride, type TemplateBook } from './store';

const Text = z.strictObject({ title: z.string(), text: z.string() });
export const TemplateView = TemplateOverride.extend({ id: z.string(), 'zh-CN': Text, en: Text, overridden: z.boolean().optional() });
export const TemplateList = z.strictObject({ items: z.array(TemplateView) });
export const TemplateParams = z.strictObject({ id: z.string().min(1).max(60) });

/** 通知模板: every template in force (signed-in staff may read them); admins override or reset one. */
export function templateRoutes(book: TemplateBook, recordDenied: AccessDeniedRecorder): Router {
  const router = Router();
  router.get('/api/v1/notification-templates', async (req, res) => {
    requireRole(req, res, 'readOrder', recordDenied);
    res.json(TemplateList.parse({ items: await book.list() }));
  });
  router.put('/api/v1/notification-templates/:id', async (req, res) => {
    const principal = requireRole(req, res, 'manageNotificationChannels', recordDenied);
    const { id } = parseOrProblem(TemplateParams, req.params, '路径参数');
    if (!book.known(id)) throw new HttpProblem(404, 'not-found', '没有这个通知模板', id);
    if (req.body === undefined) throw new HttpProblem(415, 'unsupported-media-type', '请求体必须是 JSON', 'Content-Type 应为 application/json');
    const override = parseOrProblem(TemplateOverride, req.body);
    res.json(TemplateView.parse({ ...(await book.put(id, override, principal.id)), overridden: true }));
  });
  router.delete('/api/v1/notification-templates/:id', async (req, res) => {
    requireRole(req, res, 'manageNotificationChannels', recordDenied);
    const { id } = parseOrProblem(TemplateParams, req.params, '路径参数');
    if (!(await book.reset(id))) throw new HttpProblem(404, 'not-found', '该模板没有被改写', id);
    res.status(204).end();
  });
  return router;
}
