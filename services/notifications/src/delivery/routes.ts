import { Router, type Request } from 'express';
import type { Model } from 'mongoose';
import { z } from 'zod';
import { holdsAnyRole, scopeRoles } from '@lianxin/contracts';
import { currentTraceId, HttpProblem, outOfScope, parseOrProblem, requireRole, type AccessDeniedRecorder, type AuditSink, type Principal } from '@lianxin/platform';
import { DeliveryChannel, DeliveryStatus, type DeliveryRecord } from './records';
import { NotificationView, notificationView } from './view';

export const NotificationQuery = z
  .strictObject({
    orderId: z.string().min(1).max(64).optional(),
    recipientId: z.string().min(1).max(80).optional(),
    channel: DeliveryChannel.optional(),
    status: DeliveryStatus.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => q.orderId || q.recipientId, { message: '需要 orderId 或 recipientId' });

/** GET /api/v1/notifications: the first `limit` records, oldest first, and how many match. */
export const NotificationPage = z.strictObject({ items: z.array(NotificationView), total: z.number().int().nonnegative() });
export const NotificationIdParams = z.strictObject({ id: z.string().min(1).max(200) });

const overseerOf = (principal: Principal) => holdsAnyRole({ role: principal.roles[0]!, roles: principal.roles }, scopeRoles) && principal.organisationId !== undefined;

/**
 * 通知记录 — who was told what, when, by which channel: signed-in staff read their own (or their
 * organisation's) by `recipientId`; organisation roles (supervisors, dispatchers, leaders …)
 * also those of orders in their subtree, by order. A failed or dead-lettered delivery may be
 * sent again by an overseer of the order (audited).
 */
export function notificationRoutes(model: Model<DeliveryRecord>, options: { recordDenied: AccessDeniedRecorder; audit: AuditSink; wakeEngine: () => void }): Router {
  const router = Router();
  router.get('/api/v1/notifications', async (req, res) => {
    const principal = requireRole(req, res, 'readOrder', options.recordDenied);
    const q = parseOrProblem(NotificationQuery, req.query, '查询参数');
    const own = [principal.id, ...(principal.organisationId ? [principal.organisationId] : [])];
    const overseer = overseerOf(principal);
    if (q.recipientId && !own.includes(q.recipientId) && !overseer) throw outOfScope(req, principal, req.path, options.recordDenied, '只能查看发给本人或本组织的通知');
    if (q.orderId && !q.recipientId && !overseer) throw new HttpProblem(403, 'NotAllowed', '无权执行此操作', '按工单查看通知需要党组织管理角色');
    const filter = {
      ...(q.orderId ? { orderId: q.orderId } : {}),
      ...(q.recipientId ? { 'recipient.id': q.recipientId } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.status ? { status: q.status } : {}),
      // Beyond their own notices, an overseer sees those of orders in their subtree only.
      ...(overseer && !(q.recipientId && own.includes(q.recipientId)) ? { scope: principal.organisationId } : {}),
    };
    // `total` counts every matching record; `items` is the first page of them.
    const [items, total] = await Promise.all([model.find(filter).sort({ createdAt: 1, _id: 1 }).limit(q.limit).lean<DeliveryRecord[]>(), model.countDocuments(filter)]);
    res.json(NotificationPage.parse({ items: items.map(notificationView), total }));
  });

  router.post('/api/v1/notifications/:id/retry', async (req: Request, res) => {
    const principal = requireRole(req, res, 'dispatchQueue', options.recordDenied);
    const { id } = parseOrProblem(NotificationIdParams, req.params, '路径参数');
    const found = await model.findById(id).lean<DeliveryRecord>();
    if (!found || !principal.organisationId || !found.scope.includes(principal.organisationId)) {
      if (found) throw outOfScope(req, principal, req.path, options.recordDenied, '该通知的工单不在您的管辖范围内');
      throw new HttpProblem(404, 'not-found', '通知不存在', id);
    }
    const retried = await model.findOneAndUpdate(
      { _id: id, status: { $in: ['failed', 'dead_lettered'] } },
      { $set: { status: 'queued', dueAt: new Date(), attempts: 0 }, $unset: { heldFor: 1, lastError: 1 }, $push: { history: { at: new Date(), status: 'queued', note: `${principal.id} 重新发送` } } },
      { returnDocument: 'after' },
    ).lean<DeliveryRecord>();
    if (!retried) throw new HttpProblem(409, 'not-failed', '只能重新发送失败的通知', `当前状态：${found.status}`);
    await options.audit.append({
      kind: 'command',
      actor: { id: principal.id, role: principal.roles[0]!, ...(principal.organisationId ? { organisationId: principal.organisationId } : {}) },
      action: 'retryNotification',
      outcome: 'allowed',
      target: `notification:${id}`,
      details: { channel: found.channel, orderId: found.orderId },
      ...(currentTraceId() ? { traceId: currentTraceId() } : {}),
    });
    options.wakeEngine();
    res.json(NotificationView.parse(notificationView(retried)));
  });
  return router;
}
