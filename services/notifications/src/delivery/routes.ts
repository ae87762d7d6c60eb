import { Router } from 'express';
import type { Model } from 'mongoose';
import { z } from 'zod';
import { parseOrProblem } from '@lianxin/platform';
import type { NotificationRecord } from './log';

const NotificationQuery = z
  .strictObject({
    orderId: z.string().min(1).max(64).optional(),
    recipientId: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => q.orderId || q.recipientId, { message: '需要 orderId 或 recipientId' });

export function notificationRoutes(model: Model<NotificationRecord>): Router {
  const router = Router();
  router.get('/api/v1/notifications', async (req, res) => {
    const q = parseOrProblem(NotificationQuery, req.query, '查询参数');
    const filter = { ...(q.orderId ? { orderId: q.orderId } : {}), ...(q.recipientId ? { 'recipient.id': q.recipientId } : {}) };
    // `total` counts every matching record; `items` is the first page of them.
    const [items, total] = await Promise.all([
      model.find(filter).sort({ createdAt: 1 }).limit(q.limit).lean(),
      model.countDocuments(filter),
    ]);
    res.json({ items, total });
  });
  return router;
}
