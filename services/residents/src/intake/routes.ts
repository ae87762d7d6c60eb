import { Router, type RequestHandler } from 'express';
import { IntakeOrder, orderStatusLabels, routeAccess } from '@lianxin/contracts';
import { actorOf, HttpProblem, idempotencyKeyOf, parseOrProblem, principalOf, requireRole, type AccessDeniedRecorder } from '@lianxin/platform';
import { openOrder, type IntakeDependencies } from './open-order';
import { IntakeReceipt } from './receipt';

/**
 * 点单: validate (shape, then references to the catalogue and the register), then start the
 * order's workflow. Staff open orders signed in (agents for callers, grid workers from visits…);
 * a resident opens their own without an account (rate-limited per address). Either way the
 * answer carries the order number and its tracking code (查询码), which is how the resident
 * follows, cancels and rates it. Opening itself is `openOrder`, shared with the Open311 door.
 */
export function intakeRoutes(
  options: IntakeDependencies & {
    rateLimit: RequestHandler;
    recordDenied: AccessDeniedRecorder;
  },
): Router {
  const router = Router();
  router.post('/api/v1/orders', options.rateLimit, async (req, res) => {
    if (req.body === undefined) throw new HttpProblem(415, 'unsupported-media-type', '请求体必须是 JSON', 'Content-Type 应为 application/json');
    const staff = principalOf(res) ? requireRole(req, res, 'openOrder', options.recordDenied) : undefined;
    const intake = parseOrProblem(IntakeOrder, req.body);
    const staffActor = staff ? actorOf(staff, routeAccess.openOrder) : undefined;
    const key = idempotencyKeyOf(req);
    const { orderId, trackingCode, replay } = await openOrder(options, {
      intake,
      ...(staffActor ? { staff: staffActor } : {}),
      ...(key ? { idempotency: { key, request: { intake, openedBy: staffActor ?? 'resident' } } } : {}),
    });
    res
      .status(replay ? 200 : 201)
      .location(`/api/v1/orders/${orderId}`)
      .set('Cache-Control', 'no-store')
      .json(
        // Parsed, not only typed: the answer is checked by the schema the API document shows.
        IntakeReceipt.parse({
          id: orderId,
          trackingCode,
          status: 'received',
          statusLabel: orderStatusLabels.received,
          links: { self: `/api/v1/orders/${orderId}`, timeline: `/api/v1/orders/${orderId}/timeline` },
        }),
      );
  });
  return router;
}
