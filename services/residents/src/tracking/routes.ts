import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Model } from 'mongoose';
import { z } from 'zod';
import { mayRevealContact, OrderIdParams, TimelineEntry, withoutSealed, type PersonalData, type SealedOrderView } from '@lianxin/contracts';
import { findTimeline, findTrackedOrder, type OrderTimelineDocument, type TrackedOrder } from '@lianxin/order-views';
import { currentTraceId, HttpProblem, outOfScope, parseOrProblem, requireRole, unavailableProblem, type AccessDeniedRecorder, type AuditSink } from '@lianxin/platform';
import type { residentByTrackingCode } from '../tracking-codes/resident-access';
import { orderNotFound, readableOrder } from '../order-access/readable-order';

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


/**
 * 工单跟踪: an order and its timeline from the read models (personal data masked), for the
 * resident with the order's tracking code, or for staff who may see it (in their organisation's
 * subtree, or involved in it); and 查看完整号码, the audited reveal of the
 * resident's full contact for the handler or a dispatcher in scope.
 */
export function trackingRoutes(options: TrackingOptions): Router {
  const router = Router();

  const readable = readableOrder(options);
  const readableView = async (req: Request, res: Response): Promise<SealedOrderView> => (await readable(req, res)).view;

  router.get('/api/v1/orders/:id', options.rateLimit, async (req, res) => {
    res.json(withoutSealed(await readableView(req, res)));
  });
  router.get('/api/v1/orders/:id/timeline', options.rateLimit, async (req, res) => {
    const view = await readableView(req, res);
    const timeline: OrderTimeline = { orderId: view.id, entries: await findTimeline(options.timelines, view.id) };
    res.json(timeline);
  });
  router.post('/api/v1/orders/:id/contact-reveal', async (req, res) => {
    const principal = requireRole(req, res, 'revealContact', options.recordDenied);
    const { id } = parseOrProblem(OrderIdParams, req.params, '路径参数');
    const view = await findTrackedOrder(options.orders, id);
    if (!view) throw orderNotFound(id);
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
