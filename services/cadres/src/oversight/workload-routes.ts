import { Router } from 'express';
import type { Connection, Model } from 'mongoose';
import { z } from 'zod';
import { memberWorkload, type QueuedOrder } from '@lianxin/order-views';
import { HttpProblem, outOfScope, parseOrProblem, requireRole, type AccessDeniedRecorder } from '@lianxin/platform';
import { registerCollections } from '../register/collections';
import { placeInSubtree } from '../routing/subtree';
import { jurisdictionOfCaller } from './jurisdiction';

export const workloadPath = '/api/v1/members/workload';

export const WorkloadQuery = z.strictObject({ organisationId: z.string().trim().min(1).max(64) });

export const MemberWorkloadList = z.array(
  z.strictObject({
    memberId: z.string(),
    /** Open orders the member handles (or signed for their organisation) or co-handles. */
    open: z.number().int().nonnegative(),
    /** Of those, the ones at 超期 or above (催办, 督办, 挂牌督办). */
    overdue: z.number().int().nonnegative(),
  }),
);
type MemberWorkloadList = z.infer<typeof MemberWorkloadList>;

/** Members of one organisation at most (a larger one is cut, by id). */
const maxMembers = 500;

/**
 * 在办负荷: for each member of an organisation in the caller's subtree (sorted by id), how many
 * open orders they handle or co-handle and how many of those are overdue — counted over all
 * their open orders, from the work-queue read model. Dispatchers weigh it when they pick whom
 * to send work to. Mounted before the register's `/api/v1/members/:id`.
 */
export function workloadRoutes(db: Connection, orders: Model<QueuedOrder>, recordDenied: AccessDeniedRecorder): Router {
  const router = Router();
  router.get(workloadPath, async (req, res) => {
    const principal = requireRole(req, res, 'memberWorkload', recordDenied);
    const q = parseOrProblem(WorkloadQuery, req.query, '查询参数');
    const holder = jurisdictionOfCaller(principal);
    const place = await placeInSubtree(db, holder, q.organisationId);
    if (place === 'unknown') throw new HttpProblem(404, 'not-found', '党组织不存在', q.organisationId);
    if (place === 'outside') throw outOfScope(req, principal, req.path, recordDenied, '该党组织不在您的管辖范围内');
    const members = await db
      .collection(registerCollections.members)
      .find({ organisationId: q.organisationId })
      .project<{ _id: string }>({ _id: 1 })
      .sort({ _id: 1 })
      .limit(maxMembers)
      .toArray();
    const list: MemberWorkloadList = await memberWorkload(orders, members.map((m) => String(m._id)));
    res.json(list);
  });
  return router;
}
