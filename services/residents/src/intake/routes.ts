import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { IntakeOrder, orderStatusLabels, type Actor } from '@lianxin/contracts';
import { actorFromHeaders, currentTraceContext, HttpProblem, idempotencyKeyOf, parseOrProblem, requestHash } from '@lianxin/platform';
import { startOrder } from '@lianxin/order-client';
import { claimIdempotencyKey, type idempotencyModel } from './idempotency';
import { newOrderId } from './order-id';
import { checkReferences } from './references';
import type { RegisterLookup } from './register-client';

/** Who opens an order when no actor header is sent: the resident themself (web/H5). */
const selfService: Actor = { id: 'resident-self-service', role: 'resident', name: '群众自助' };

/** 点单: validate (shape, then references to the catalogue and the register), then start the order's workflow. */
export function intakeRoutes(options: {
  temporal: Client;
  taskQueue: string;
  keys: ReturnType<typeof idempotencyModel>;
  register: RegisterLookup;
}): Router {
  const router = Router();
  router.post('/api/v1/orders', async (req, res) => {
    if (req.body === undefined) throw new HttpProblem(415, 'unsupported-media-type', '请求体必须是 JSON', 'Content-Type 应为 application/json');
    const intake = parseOrProblem(IntakeOrder, req.body);
    const openedBy = actorFromHeaders(req, selfService);
    if (!['resident', 'agent', 'grid_worker', 'member', 'dispatcher'].includes(openedBy.role)) {
      throw new HttpProblem(403, 'NotAllowed', '无权点单', `角色 ${openedBy.role} 不能新建工单`);
    }
    await checkReferences(intake, options.register);
    const key = idempotencyKeyOf(req);
    const { orderId, replay } = key
      ? await claimIdempotencyKey(options.keys, key, requestHash({ intake, openedBy }), newOrderId())
      : { orderId: newOrderId(), replay: false };
    await startOrder(options.temporal, { taskQueue: options.taskQueue, orderId, intake, openedBy, trace: currentTraceContext() });
    res
      .status(replay ? 200 : 201)
      .location(`/api/v1/orders/${orderId}`)
      .json({
        id: orderId,
        status: 'received',
        statusLabel: orderStatusLabels.received,
        links: { self: `/api/v1/orders/${orderId}`, timeline: `/api/v1/orders/${orderId}/timeline` },
      });
  });
  return router;
}
