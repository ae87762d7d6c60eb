import { Router } from 'express';
import type { Model } from 'mongoose';
import { z } from 'zod';
import { OrderStatus, OrderSummary } from '@lianxin/contracts';
import { listWorkQueue, workQueueFilters, type QueuedOrder } from '@lianxin/order-views';
import { HttpProblem, outOfScope, parseOrProblem, requireRole, type AccessDeniedRecorder } from '@lianxin/platform';

const Paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
};
const id = z.string().min(1).max(64);
export const InboxQuery = z.strictObject({ handlerId: id.optional(), status: OrderStatus.optional(), ...Paging });
export const ClaimBoardQuery = z.strictObject({ ...Paging });
export const DispatchQueueQuery = z.strictObject({ organisationId: id.optional(), ...Paging });

/** What every work list answers: a page of summaries, newest change first, and how many the list holds. */
export const OrderSummaryPage = z.strictObject({ items: z.array(OrderSummary), total: z.number().int().nonnegative() });
type OrderSummaryPage = z.infer<typeof OrderSummaryPage>;
/** The list as the read model gives it, typed by the page schema (stored summaries are not parsed again). */
const page = (list: OrderSummaryPage): OrderSummaryPage => list;

/**
 * 待办: a handler's inbox, the claim board (待认领) and the dispatcher's queue — summaries, newest
 * change first, each limited to what the signed-in caller may see: their own and their
 * organisation's orders, the offers they may claim, the orders of their organisation's subtree.
 */
export function inboxRoutes(orders: Model<QueuedOrder>, recordDenied: AccessDeniedRecorder): Router {
  const router = Router();
  router.get('/api/v1/inbox', async (req, res) => {
    const principal = requireRole(req, res, 'inbox', recordDenied);
    const q = parseOrProblem(InboxQuery, req.query, '查询参数');
    const own = [principal.id, ...(principal.organisationId ? [principal.organisationId] : [])];
    if (q.handlerId && !own.includes(q.handlerId)) throw outOfScope(req, principal, req.path, recordDenied, '只能查看本人或本组织的待办');
    res.json(page(await listWorkQueue(orders, workQueueFilters.inbox(q.handlerId ? [q.handlerId] : own, q.status), q)));
  });
  router.get('/api/v1/claim-board', async (req, res) => {
    const principal = requireRole(req, res, 'claimBoard', recordDenied);
    const q = parseOrProblem(ClaimBoardQuery, req.query, '查询参数');
    const holder = {
      id: principal.id,
      ...(principal.organisationId ? { organisationId: principal.organisationId } : {}),
      isMember: principal.roles.includes('member'),
    };
    res.json(page(await listWorkQueue(orders, workQueueFilters.claimBoard(holder), q)));
  });
  router.get('/api/v1/dispatch-queue', async (req, res) => {
    const principal = requireRole(req, res, 'dispatchQueue', recordDenied);
    const q = parseOrProblem(DispatchQueueQuery, req.query, '查询参数');
    if (!principal.organisationId) throw new HttpProblem(403, 'OutOfScope', '不在管辖范围内', '您的账号没有所属党组织');
    res.json(page(await listWorkQueue(orders, workQueueFilters.dispatchQueue(principal.organisationId, q.organisationId), q)));
  });
  return router;
}
