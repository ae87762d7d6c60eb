import { Router } from 'express';
import { z } from 'zod';
import { currentTraceId, HttpProblem, parseOrProblem, requireRole, type AccessDeniedRecorder, type AuditSink, type Principal } from '@lianxin/platform';
import { endpointView, WebhookEndpointInput, WebhookEndpointView, type WebhookEndpoints } from './endpoints';

export const WebhookEndpointQuery = z.strictObject({ organisationId: z.string().min(1).max(64).optional() });
export const WebhookEndpointPage = z.strictObject({ items: z.array(WebhookEndpointView) });
export const WebhookEndpointParams = z.strictObject({ id: z.string().min(1).max(80) });

/**
 * 群机器人与 webhook (admins only): register an organisation's WeCom/DingTalk/Feishu group robot or
 * a signed webhook, list them (never their keys), retire one. Registering and retiring are audited.
 */
export function webhookRoutes(endpoints: WebhookEndpoints, options: { audit: AuditSink; recordDenied: AccessDeniedRecorder }): Router {
  const router = Router();
  const record = (principal: Principal, action: string, id: string, details: Record<string, string>) =>
    options.audit.append({
      kind: 'command',
      actor: { id: principal.id, role: 'admin', ...(principal.organisationId ? { organisationId: principal.organisationId } : {}) },
      action,
      outcome: 'allowed',
      target: `notification-webhook:${id}`,
      details,
      ...(currentTraceId() ? { traceId: currentTraceId() } : {}),
    });

  router.get('/api/v1/notification-webhooks', async (req, res) => {
    requireRole(req, res, 'manageNotificationChannels', options.recordDenied);
    const q = parseOrProblem(WebhookEndpointQuery, req.query, '查询参数');
    res.json(WebhookEndpointPage.parse({ items: (await endpoints.list(q.organisationId)).map(endpointView) }));
  });
  router.post('/api/v1/notification-webhooks', async (req, res) => {
    const principal = requireRole(req, res, 'manageNotificationChannels', options.recordDenied);
    if (req.body === undefined) throw new HttpProblem(415, 'unsupported-media-type', '请求体必须是 JSON', 'Content-Type 应为 application/json');
    const input = parseOrProblem(WebhookEndpointInput, req.body);
    const created = await endpoints.create(input, principal.id);
    await record(principal, 'registerNotificationWebhook', created._id, { organisationId: created.organisationId, format: created.format, host: created.host });
    res.status(201).json(WebhookEndpointView.parse(endpointView(created)));
  });
  router.delete('/api/v1/notification-webhooks/:id', async (req, res) => {
    const principal = requireRole(req, res, 'manageNotificationChannels', options.recordDenied);
    const { id } = parseOrProblem(WebhookEndpointParams, req.params, '路径参数');
    if (!(await endpoints.retire(id))) throw new HttpProblem(404, 'not-found', 'webhook 不存在', id);
    await record(principal, 'retireNotificationWebhook', id, {});
    res.status(204).end();
  });
  return router;
}
