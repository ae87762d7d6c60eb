import { Router } from 'express';
import type { Connection, Model } from 'mongoose';
import { z } from 'zod';
import { EscalationLevel, OrderSummary, escalationRank } from '@lianxin/contracts';
import { listOverdueBoard, overdueBoardFilter, type QueuedOrder } from '@lianxin/order-views';
import { HttpProblem, outOfScope, parseOrProblem, requireRole, type AccessDeniedRecorder } from '@lianxin/platform';
import { placeInSubtree } from '../routing/subtree';
import { jurisdictionOfCaller } from './jurisdiction';

export const overdueBoardPath = '/api/v1/overdue-board';

/** What else the board may hold besides escalated orders: 待督办决定 and 延期审批. */
export const BoardExtra = z.enum(['decisions', 'extensions']);

export const OverdueBoardQuery = z.strictObject({
  organisationId: z.string().trim().min(1).max(64).optional(),
  minLevel: EscalationLevel.default('warning'),
  /** Comma-separated: `decisions` (awaiting a supervisor), `extensions` (an extension request to decide). */
  include: z
    .string()
    .max(40)
    .transform((list) => list.split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(BoardExtra))
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

export const OverdueBoardPage = z.strictObject({
  items: z.array(OrderSummary),
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
});
type OverdueBoardPage = z.infer<typeof OverdueBoardPage>;

/**
 * 超期看板/督办: open orders of the caller's subtree (or of one organisation within it) at
 * `minLevel` or above, with `include=decisions` also those awaiting a supervisor's decision and
 * with `include=extensions` those with an extension request to decide — most overdue first.
 * Orders whose work-queue document predates the board's fields join it with their next event.
 */
export function overdueBoardRoutes(db: Connection, orders: Model<QueuedOrder>, recordDenied: AccessDeniedRecorder): Router {
  const router = Router();
  router.get(overdueBoardPath, async (req, res) => {
    const principal = requireRole(req, res, 'overdueBoard', recordDenied);
    const q = parseOrProblem(OverdueBoardQuery, req.query, '查询参数');
    const scopeOrganisationId = jurisdictionOfCaller(principal);
    if (q.organisationId && q.organisationId !== scopeOrganisationId) {
      const place = await placeInSubtree(db, scopeOrganisationId, q.organisationId);
      if (place === 'unknown') throw new HttpProblem(404, 'not-found', '党组织不存在', q.organisationId);
      if (place === 'outside') throw outOfScope(req, principal, req.path, recordDenied, '该党组织不在您的管辖范围内');
    }
    const include = new Set(q.include ?? []);
    const filter = overdueBoardFilter({
      scopeOrganisationId,
      ...(q.organisationId ? { organisationId: q.organisationId } : {}),
      minRank: escalationRank(q.minLevel),
      decisions: include.has('decisions'),
      extensions: include.has('extensions'),
    });
    const page: OverdueBoardPage = { ...(await listOverdueBoard(orders, filter, q)), offset: q.offset, limit: q.limit };
    res.json(page);
  });
  return router;
}
