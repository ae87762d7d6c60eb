import { Router } from 'express';
import type { Model } from 'mongoose';
import { z } from 'zod';
import { OrderStatus } from '@lianxin/contracts';
import { listWorkQueue, workQueueFilters, type QueuedOrder } from '@lianxin/order-views';
import { parseOrProblem } from '@lianxin/platform';

const Paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
};
const InboxQuery = z.strictObject({ handlerId: z.string().min(1).max(64), status: OrderStatus.optional(), ...Paging });
const ClaimBoardQuery = z.strictObject({ candidateId: z.string().min(1).max(64).optional(), ...Paging });
const DispatchQueueQuery = z.strictObject({ organisationId: z.string().min(1).max(64).optional(), ...Paging });

/** 待办: a handler's inbox, the claim board (待认领) and the dispatcher's queue — summaries, newest change first. */
export function inboxRoutes(orders: Model<QueuedOrder>): Router {
  const router = Router();
  router.get('/api/v1/inbox', async (req, res) => {
    const q = parseOrProblem(InboxQuery, req.query, '查询参数');
    res.json(await listWorkQueue(orders, workQueueFilters.inbox(q.handlerId, q.status), q));
  });
  router.get('/api/v1/claim-board', async (req, res) => {
    const q = parseOrProblem(ClaimBoardQuery, req.query, '查询参数');
    res.json(await listWorkQueue(orders, workQueueFilters.claimBoard(q.candidateId), q));
  });
  router.get('/api/v1/dispatch-queue', async (req, res) => {
    const q = parseOrProblem(DispatchQueueQuery, req.query, '查询参数');
    res.json(await listWorkQueue(orders, workQueueFilters.dispatchQueue(q.organisationId), q));
  });
  return router;
}
