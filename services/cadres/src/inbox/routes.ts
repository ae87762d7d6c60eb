import { Router } from 'express';
import type { Model } from 'mongoose';
import { z } from 'zod';
import { OrderStatus } from '@lianxin/contracts';
import { parseOrProblem, type StoredOrderView } from '@lianxin/platform';

const Paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};
const InboxQuery = z.strictObject({ handlerId: z.string().min(1).max(64), status: OrderStatus.optional(), ...Paging });
const ClaimBoardQuery = z.strictObject({ candidateId: z.string().min(1).max(64).optional(), ...Paging });
const DispatchQueueQuery = z.strictObject({ organisationId: z.string().min(1).max(64).optional(), ...Paging });

/** Statuses waiting on a dispatcher: to accept, to dispatch (again), or for a supervisor's decision. */
const dispatcherStatuses = ['received', 'accepted', 'returned', 'awaiting_supervisor'];
const finalStatuses = ['rejected', 'merged', 'closed', 'cancelled'];

async function page(model: Model<StoredOrderView>, filter: Record<string, unknown>, limit: number, offset: number) {
  const [items, total] = await Promise.all([
    model.find(filter).sort({ updatedAt: -1 }).skip(offset).limit(limit).lean(),
    model.countDocuments(filter),
  ]);
  return { items: items.map((i) => i.view), total };
}

/** 待办: a handler's inbox, the claim board (待认领) and the dispatcher's queue. */
export function inboxRoutes(orders: Model<StoredOrderView>): Router {
  const router = Router();
  router.get('/api/v1/inbox', async (req, res) => {
    const q = parseOrProblem(InboxQuery, req.query, '查询参数');
    const filter = { handlerIds: q.handlerId, status: q.status ?? { $nin: finalStatuses } };
    res.json(await page(orders, filter, q.limit, q.offset));
  });
  router.get('/api/v1/claim-board', async (req, res) => {
    const q = parseOrProblem(ClaimBoardQuery, req.query, '查询参数');
    const filter = { status: 'open_for_claim', ...(q.candidateId ? { offeredToIds: q.candidateId } : {}) };
    res.json(await page(orders, filter, q.limit, q.offset));
  });
  router.get('/api/v1/dispatch-queue', async (req, res) => {
    const q = parseOrProblem(DispatchQueueQuery, req.query, '查询参数');
    const filter = { status: { $in: dispatcherStatuses }, ...(q.organisationId ? { organisationId: q.organisationId } : {}) };
    res.json(await page(orders, filter, q.limit, q.offset));
  });
  return router;
}
