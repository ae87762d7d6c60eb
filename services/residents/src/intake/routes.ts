import { Router, type RequestHandler } from 'express';
import type { Client } from '@temporalio/client';
import { IntakeOrder, orderStatusLabels, residentActor, routeAccess, type Actor } from '@lianxin/contracts';
import { actorOf, currentTraceContext, currentTraceId, HttpProblem, idempotencyKeyOf, parseOrProblem, principalOf, requireRole, requestHash, type AccessDeniedRecorder, type AuditSink } from '@lianxin/platform';
import { startOrder } from '@lianxin/order-client';
import { issueTrackingCode, type CodeSealer, type TrackingCodes } from '../tracking-codes/tracking-codes';
import { claimIdempotencyKey, type idempotencyModel } from './idempotency';
import { newOrderId } from './order-id';
import { checkReferences } from './references';
import type { RegisterLookup } from './register-client';

/**
 * 点单: validate (shape, then references to the catalogue and the register), then start the
 * order's workflow. Staff open orders signed in (agents for callers, grid workers from visits…);
 * a resident opens their own without an account (rate-limited per address). Either way the
 * answer carries the order number and its tracking code (查询码), which is how the resident
 * follows, cancels and rates it.
 */
export function intakeRoutes(options: {
  temporal: Client;
  taskQueue: string;
  keys: ReturnType<typeof idempotencyModel>;
  register: RegisterLookup;
  codes: TrackingCodes;
  sealer: CodeSealer;
  rateLimit: RequestHandler;
  recordDenied: AccessDeniedRecorder;
  audit: AuditSink;
}): Router {
  const router = Router();
  router.post('/api/v1/orders', options.rateLimit, async (req, res) => {
    if (req.body === undefined) throw new HttpProblem(415, 'unsupported-media-type', '请求体必须是 JSON', 'Content-Type 应为 application/json');
    const staff = principalOf(res) ? requireRole(req, res, 'openOrder', options.recordDenied) : undefined;
    const intake = parseOrProblem(IntakeOrder, req.body);
    const staffActor = staff ? actorOf(staff, routeAccess.openOrder) : undefined;
    await checkReferences(intake, options.register);
    const key = idempotencyKeyOf(req);
    const { orderId, replay } = key
      ? await claimIdempotencyKey(options.keys, key, requestHash({ intake, openedBy: staffActor ?? 'resident' }), newOrderId())
      : { orderId: newOrderId(), replay: false };
    const openedBy: Actor = staffActor ?? residentActor(orderId);
    const trackingCode = await issueTrackingCode(options.codes, options.sealer, orderId);
    await startOrder(options.temporal, { taskQueue: options.taskQueue, orderId, intake, openedBy, trace: currentTraceContext() });
    if (!replay) {
      await options.audit.append({
        kind: 'command',
        actor: { id: openedBy.id, role: openedBy.role, ...(openedBy.organisationId ? { organisationId: openedBy.organisationId } : {}) },
        action: 'open',
        outcome: 'allowed',
        target: orderId,
        details: { channel: intake.channel, kind: intake.kind },
        ...(currentTraceId() ? { traceId: currentTraceId() } : {}),
      });
    }
    res
      .status(replay ? 200 : 201)
      .location(`/api/v1/orders/${orderId}`)
      .set('Cache-Control', 'no-store')
      .json({
        id: orderId,
        trackingCode,
        status: 'received',
        statusLabel: orderStatusLabels.received,
        links: { self: `/api/v1/orders/${orderId}`, timeline: `/api/v1/orders/${orderId}/timeline` },
      });
  });
  return router;
}
