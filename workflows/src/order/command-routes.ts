import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { OrderCommand, OrderIdParams, type OrderCommandType } from '@lianxin/contracts';
import { actorFromHeaders, HttpProblem, idempotencyKeyOf, parseOrProblem } from '@lianxin/platform';
import { orderProblem, sendOrderCommand } from './client';


/**
 * POST /api/v1/orders/:id/commands — one command (body `{ type, ... }`) from the actor named in
 * the X-Actor-* headers; answers the order as it now stands. A retry with the same
 * Idempotency-Key is applied once. Each service mounts it with the commands its users give.
 */
export function orderCommandRoutes(temporal: Client, allowed: readonly OrderCommandType[]): Router {
  const router = Router();
  router.post('/api/v1/orders/:id/commands', async (req, res) => {
    const { id } = parseOrProblem(OrderIdParams, req.params, '路径参数');
    if (req.body === undefined) throw new HttpProblem(415, 'unsupported-media-type', '请求体必须是 JSON');
    const command = parseOrProblem(OrderCommand, req.body);
    if (!allowed.includes(command.type)) {
      throw new HttpProblem(404, 'command-not-here', '此服务不受理该命令', `命令 ${command.type} 不在本服务受理范围内`);
    }
    const actor = actorFromHeaders(req);
    const key = idempotencyKeyOf(req);
    try {
      res.json(await sendOrderCommand(temporal, id, command, actor, key));
    } catch (error) {
      throw orderProblem(error, id) ?? error;
    }
  });
  return router;
}
