import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { OrderCommand, OrderIdParams, type Actor, type OrderCommandType } from '@lianxin/contracts';
import { sendOrderCommand } from '@lianxin/order-client';
import { actorFromHeaders, HttpProblem, idempotencyKeyOf, parseOrProblem, requestHash } from '@lianxin/platform';
import { sendOnce, type CommandKeys } from './command-keys';
import { orOrderProblem } from './problems';

export interface OrderCommandRouteOptions {
  /** The commands this service takes; others answer 404 `command-not-here`. */
  allowed: readonly OrderCommandType[];
  /** Checks a command against the service's own data (e.g. a dispatch target in the register); throws a problem to refuse. */
  check?: (command: OrderCommand, actor: Actor) => Promise<void>;
  /** Where Idempotency-Keys of commands are kept (the service's own database). */
  keys: CommandKeys;
}

/**
 * POST /api/v1/orders/:id/commands — one command (body `{ type, ... }`) from the actor named in
 * the X-Actor-* headers; answers the order as it now stands. A retry with the same
 * Idempotency-Key is applied once and answered the same, for the life of the order; the key with
 * another request is a 422. Each service mounts it with the commands its users give.
 */
export function orderCommandRoutes(temporal: Client, options: OrderCommandRouteOptions): Router {
  const router = Router();
  router.post('/api/v1/orders/:id/commands', async (req, res) => {
    const { id } = parseOrProblem(OrderIdParams, req.params, '路径参数');
    if (req.body === undefined) throw new HttpProblem(415, 'unsupported-media-type', '请求体必须是 JSON');
    const command = parseOrProblem(OrderCommand, req.body);
    if (!options.allowed.includes(command.type)) {
      throw new HttpProblem(404, 'command-not-here', '此服务不受理该命令', `命令 ${command.type} 不在本服务受理范围内`);
    }
    const actor = actorFromHeaders(req);
    await options.check?.(command, actor);
    const key = idempotencyKeyOf(req);
    const send = () => orOrderProblem(id, () => sendOrderCommand(temporal, id, command, actor, key));
    res.json(key ? await sendOnce(options.keys, id, key, requestHash({ command, actor }), send) : await send());
  });
  return router;
}
