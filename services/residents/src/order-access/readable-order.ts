import type { Request, Response } from 'express';
import type { Model } from 'mongoose';
import { mayReadOrder, OrderIdParams, routeAccess, type SealedOrderView } from '@lianxin/contracts';
import { findTrackedOrder, type TrackedOrder } from '@lianxin/order-views';
import { actorOf, HttpProblem, outOfScope, parseOrProblem, principalOf, requireRole, type AccessDeniedRecorder } from '@lianxin/platform';
import type { residentByTrackingCode } from '../tracking-codes/resident-access';

/** Who reads (and, for attachments, adds to) an order: as the audit trail names them. */
export interface OrderReader {
  id: string;
  role: string;
  organisationId?: string;
}

export interface ReadableOrder {
  view: SealedOrderView;
  reader: OrderReader;
}

export interface OrderAccessOptions {
  orders: Model<TrackedOrder>;
  residentActor: ReturnType<typeof residentByTrackingCode>;
  recordDenied: AccessDeniedRecorder;
}

export const orderNotFound = (id: string) => new HttpProblem(404, 'order-not-found', '工单不存在', `未找到工单 ${id}（新建工单可能需要一两秒才能查到）`);

/**
 * The order of `:id`, if the caller may read it — the rule of 工单跟踪: staff with a bearer token
 * who may read it (their subtree, or involved: `mayReadOrder`), or the resident with the order's
 * tracking code (`X-Tracking-Code`). 401 with neither, 403 (recorded) outside their reach, 404
 * for an order not (yet) in the read model.
 */
export function readableOrder(options: OrderAccessOptions) {
  return async (req: Request, res: Response): Promise<ReadableOrder> => {
    const { id } = parseOrProblem(OrderIdParams, { id: req.params['id'] }, '路径参数');
    if (principalOf(res)) {
      const principal = requireRole(req, res, 'readOrder', options.recordDenied);
      const view = await findTrackedOrder(options.orders, id);
      if (!view) throw orderNotFound(id);
      if (!mayReadOrder(principal, view)) throw outOfScope(req, principal, req.path, options.recordDenied);
      const { id: readerId, role, organisationId } = actorOf(principal, routeAccess.readOrder);
      return { view, reader: { id: readerId, role, ...(organisationId ? { organisationId } : {}) } };
    }
    const resident = await options.residentActor(req, id);
    if (!resident) {
      throw new HttpProblem(401, 'unauthorized', '请先登录', '请登录，或在 X-Tracking-Code 头中提供工单查询码', {}, { 'WWW-Authenticate': 'Bearer realm="lianxin"' });
    }
    const view = await findTrackedOrder(options.orders, id);
    if (!view) throw orderNotFound(id);
    return { view, reader: { id: resident.id, role: resident.role } };
  };
}
