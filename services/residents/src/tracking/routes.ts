import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Model } from 'mongoose';
import { OrderIdParams, type OrderView } from '@lianxin/contracts';
import { findTrackedOrder, type TrackedOrder } from '@lianxin/order-views';
import { HttpProblem, parseOrProblem } from '@lianxin/platform';
import { queryTimeline } from '@lianxin/order-client';
import { orOrderProblem } from '@lianxin/order-http';

/** Residents see their contact details masked: 138****5678. */
export function maskedForResidents(view: OrderView): OrderView {
  const phone = view.resident.phone;
  return {
    ...view,
    resident: { ...view.resident, ...(phone ? { phone: `${phone.slice(0, 3)}****${phone.slice(-4)}` } : {}) },
  };
}

/** 工单跟踪: read an order from the read model, and its timeline from the workflow. */
export function trackingRoutes(orders: Model<TrackedOrder>, temporal: Client): Router {
  const router = Router();
  router.get('/api/v1/orders/:id', async (req, res) => {
    const { id } = parseOrProblem(OrderIdParams, req.params, '路径参数');
    const view = await findTrackedOrder(orders, id);
    if (!view) throw new HttpProblem(404, 'order-not-found', '工单不存在', `未找到工单 ${id}（新建工单可能需要一两秒才能查到）`);
    res.json(maskedForResidents(view));
  });
  router.get('/api/v1/orders/:id/timeline', async (req, res) => {
    const { id } = parseOrProblem(OrderIdParams, req.params, '路径参数');
    res.json({ orderId: id, entries: await orOrderProblem(id, () => queryTimeline(temporal, id)) });
  });
  return router;
}
