import { Router } from 'express';
import type { Model } from 'mongoose';
import { z } from 'zod';
import { holdsAnyRole, scopeRoles } from '@lianxin/contracts';
import { HttpProblem, outOfScope, parseOrProblem, requireRole, type AccessDeniedRecorder } from '@lianxin/platform';
import { Channel, Recipient } from '../rules/rules';
import type { NotificationRecord } from './log';

export const NotificationQuery = z
  .strictObject({
    orderId: z.string().min(1).max(64).optional(),
    recipientId: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => q.orderId || q.recipientId, { message: '需要 orderId 或 recipientId' });

/** 通知记录 as the API shows it: one per event and recipient, `createdAt` an ISO instant. */
export const NotificationView = z.strictObject({
  _id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  orderId: z.string(),
  /** The order's organisation path: who may read the record besides its recipient. */
  scope: z.array(z.string()),
  recipient: Recipient,
  channel: Channel,
  text: z.string(),
  status: z.enum(['queued', 'sent', 'failed']),
  createdAt: z.iso.datetime({ offset: true }),
});
/** GET /api/v1/notifications: the first `limit` records, oldest first, and how many match. */
export const NotificationPage = z.strictObject({ items: z.array(NotificationView), total: z.number().int().nonnegative() });

function notificationView(record: NotificationRecord): z.input<typeof NotificationView> {
  return {
    _id: record._id,
    eventId: record.eventId,
    eventType: record.eventType,
    orderId: record.orderId,
    scope: record.scope ?? [],
    recipient: record.recipient,
    channel: record.channel,
    text: record.text,
    status: record.status,
    createdAt: record.createdAt.toISOString(),
  };
}

/**
 * 通知记录 for signed-in staff: their own (or their organisation's) notices by `recipientId`,
 * and — for organisation roles — the notices of orders in their subtree.
 */
export function notificationRoutes(model: Model<NotificationRecord>, recordDenied: AccessDeniedRecorder): Router {
  const router = Router();
  router.get('/api/v1/notifications', async (req, res) => {
    const principal = requireRole(req, res, 'readOrder', recordDenied);
    const q = parseOrProblem(NotificationQuery, req.query, '查询参数');
    const own = [principal.id, ...(principal.organisationId ? [principal.organisationId] : [])];
    const overseer = holdsAnyRole({ role: principal.roles[0]!, roles: principal.roles }, scopeRoles) && principal.organisationId;
    if (q.recipientId && !own.includes(q.recipientId) && !overseer) throw outOfScope(req, principal, req.path, recordDenied, '只能查看发给本人或本组织的通知');
    if (q.orderId && !q.recipientId && !overseer) throw new HttpProblem(403, 'NotAllowed', '无权执行此操作', '按工单查看通知需要党组织管理角色');
    const filter = {
      ...(q.orderId ? { orderId: q.orderId } : {}),
      ...(q.recipientId ? { 'recipient.id': q.recipientId } : {}),
      // Beyond their own notices, an overseer sees those of orders in their subtree only.
      ...(overseer && !(q.recipientId && own.includes(q.recipientId)) ? { scope: principal.organisationId } : {}),
    };
    // `total` counts every matching record; `items` is the first page of them.
    const [items, total] = await Promise.all([model.find(filter).sort({ createdAt: 1 }).limit(q.limit).lean(), model.countDocuments(filter)]);
    res.json(NotificationPage.parse({ items: items.map(notificationView), total }));
  });
  return router;
}
