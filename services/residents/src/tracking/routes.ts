import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Model } from 'mongoose';
import { z } from 'zod';
import { mayReadOrder, mayRevealContact, OrderIdParams, TimelineEntry, withoutSealed, type PersonalData, type SealedOrderView } from '@lianxin/contracts';
import { findTimeline, findTrackedOrder, type OrderTimelineDocument, type TrackedOrder } from '@lianxin/order-views';
import { currentTraceId, HttpProblem, outOfScope, parseOrProblem, principalOf, requireRole, unavailableProblem, type AccessDeniedRecorder, type AuditSink } from '@lianxin/platform';
import type { residentByTrackingCode } from '../tracking-codes/resident-access';

export interface TrackingOptions {
  orders: Model<TrackedOrder>;
  timelines: Model<OrderTimelineDocument>;
  residentActor: ReturnType<typeof residentByTrackingCode>;
  openPersonalData: (sealed: string, orderId: string) => PersonalData;
  audit: AuditSink;
  recordDenied: AccessDeniedRecorder;
  rateLimit: RequestHandler;
}

/** GET /api/v1/orders/:id/timeline: the order's history, oldest first. */
export const OrderTimeline = z.strictObject({ orderId: z.string(), entries: z.array(TimelineEntry) });
export type OrderTimeline = z.infer<typeof OrderTimeline>;

/** POST /api/v1/orders/:id/contact-reveal: the resident's full contact (查看完整号码), audited before it is shown. */
export const RevealedContact = z.strictObject({
  orderId: z.string(),
  resident: z.strictObject({ name: z.string(), phone: z.string().optional() }),
  address: z.string().optional(),
});
export type RevealedContact = z.infer<typeof RevealedContact>;

const notFound = (id: string) => new HttpProblem(404, 'order-not-found', '工单不存在', `未找到工单 ${id}（新建工单可能需要一两秒才能查到）`);

/**
 * 工单跟踪: an order and its timeline from the read models (personal data masked), for the
 * resident with the order's tracking code, or for staff who may see it (in their organisation's
 * subtree, or involved in it); and 查看完整号码, the audited reveal of the
 * resident's full contact for the handler or a dispatcher in scope.
 */
export function trackingRoutes(options: TrackingOptions): Router {
  const router = Router();

  /** The order, if the caller may read it: 401 with neither token nor code, 403 outside their reach. */
  async function readableOrder(req: Request, res: Response): Promise<SealedOrderView> {
    const { id } = parseOrProblem(OrderIdParams, req.params, '路径参数');
    if (principalOf(res)) {
      const principal = requireRole(req, res, 'readOrder', options.recordDenied);
      const view = await findTrackedOrder(options.orders, id);
      if (!view) throw notFound(id);
      if (!mayReadOrder(principal, view)) throw outOfScope(req, principal, req.path, options.recordDenied);
      return view;
    }
    if (!(await options.residentActor(req, id))) {
      throw new HttpProblem(401, 'unauthorized', '请先登录', '请登录，或在 X-Tracking-Code 头中提供工单查询码', {}, { 'WWW-Authenticate': 'Bearer realm="lianxin"' });
    }
    const view = await findTrackedOrder(options.orders, id);
    if (!view) throw notFound(id);
    return view;
  }

  router.get('/api/v1/orders/:id', options.rateLimit, async (req, res) => {
    res.json(withoutSealed(await readableOrder(req, res)));
  });
  router.get('/api/v1/orders/:id/timeline', options.rateLimit, async (req, res) => {
    const view = await readableOrder(req, res);
    const timeline: OrderTimeline = { orderId: view.id, entries: await findTimeline(options.timelines, view.id) };
    res.json(timeline);
  });
  router.post('/api/v1/orders/:id/contact-reveal', async (req, res) => {
    const principal = requireRole(req, res, 'revealContact', options.recordDenied);
    const { id } = parseOrProblem(OrderIdParams, req.params, '路径参数');
    const view = await findTrackedOrder(options.orders, id);
    if (!view) throw notFound(id);
    if (!mayRevealContact(principal, view)) throw outOfScope(req, principal, req.path, options.recordDenied, '只有经办人或管辖范围内的派单员可以查看完整号码');
    if (!view.personal) throw new HttpProblem(404, 'no-personal-data', '没有可查看的联系方式', `工单 ${id} 没有保存群众的联系方式`);
    // Recorded before anything is shown: no record, no reveal.
    try {
      await options.audit.append({
        kind: 'reveal',
        actor: { id: principal.id, ...(principal.organisationId ? { organisationId: principal.organisationId } : {}) },
        action: 'revealContact',
        outcome: 'allowed',
        target: id,
        ...(currentTraceId() ? { traceId: currentTraceId() } : {}),
      });
    } catch {
      throw unavailableProblem('audit-unavailable', '审计记录暂不可用', '暂时无法记录查看操作，请稍后重试');
    }
    const personal = options.openPersonalData(view.personal, id);
    const revealed = RevealedContact.parse({ orderId: id, resident: { name: personal.name, ...(personal.phone ? { phone: personal.phone } : {}) }, ...(personal.address ? { address: personal.address } : {}) });
    res.set('Cache-Control', 'no-store').json(revealed);
  });
  return router;
}
