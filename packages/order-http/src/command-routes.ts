import { Router, type Request, type Response } from 'express';
import type { Client } from '@temporalio/client';
import {
  commandAccess,
  maskOrderView,
  OrderCommand,
  OrderIdParams,
  type Actor,
  type OrderCommandType,
  type SealedOrderView,
} from '@lianxin/contracts';
import { sendOrderCommand } from '@lianxin/order-client';
import {
  actorOf,
  currentTraceId,
  HttpProblem,
  idempotencyKeyOf,
  parseOrProblem,
  principalOf,
  requestHash,
  type AccessDeniedRecorder,
  type AuditSink,
} from '@lianxin/platform';
import { sendOnce, type CommandKeys } from './command-keys';
import { orOrderProblem } from './problems';

export interface OrderCommandRouteOptions {
  /** The commands this service takes; others answer 404 `command-not-here`. */
  allowed: readonly OrderCommandType[];
  /** Checks a command against the service's own data (e.g. a dispatch target in the register and in scope); throws a problem to refuse. */
  check?: (command: OrderCommand, actor: Actor, req: Request) => Promise<void>;
  /** Where Idempotency-Keys of commands are kept (the service's own database). */
  keys: CommandKeys;
  audit: AuditSink;
  recordDenied: AccessDeniedRecorder;
  /** How a resident acts on their own order without signing in (the residents service: its tracking code); undefined when the request carries none. */
  residentActor?: (req: Request, orderId: string) => Promise<Actor | undefined>;
}

/**
 * POST /api/v1/orders/:id/commands — one command (body `{ type, ... }`) from the signed-in
 * caller (or a resident with the order's tracking code), acting in the first of their roles the
 * role × command table allows; answers the order as it now stands, personal data masked.
 * Scope, involvement and state are the workflow's checks (the same table), so a refusal comes
 * back as the workflow gives it. Every command and refusal goes to the audit trail. A retry with
 * the same Idempotency-Key is applied once and answered the same, for the life of the order; the
 * key with another request is a 422.
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
    const actor = await actingActor(req, res, id, command.type, options);
    const traceId = currentTraceId();
    const record = (outcome: 'allowed' | 'refused', reason?: string) =>
      options.audit.append({
        kind: outcome === 'allowed' ? 'command' : 'refusal',
        actor: { id: actor.id, role: actor.role, ...(actor.organisationId ? { organisationId: actor.organisationId } : {}) },
        action: command.type,
        outcome,
        target: id,
        ...(reason ? { reason } : {}),
        ...(traceId ? { traceId } : {}),
      });
    try {
      await options.check?.(command, actor, req);
      const key = idempotencyKeyOf(req);
      const send = async (): Promise<SealedOrderView> => maskOrderView(await orOrderProblem(id, () => sendOrderCommand(temporal, id, command, actor, key)));
      const answer = key ? await sendOnce(options.keys, id, key, requestHash({ command, actor }), send) : await send();
      await record('allowed');
      res.json(answer);
    } catch (error) {
      if (error instanceof HttpProblem && error.status >= 400 && error.status < 500) await record('refused', error.code);
      throw error;
    }
  });
  return router;
}

async function actingActor(req: Request, res: Response, orderId: string, type: OrderCommandType, options: OrderCommandRouteOptions): Promise<Actor> {
  const roles = commandAccess[type].roles;
  const principal = principalOf(res);
  if (principal) {
    if (!principal.roles.some((role) => roles.includes(role))) {
      options.recordDenied({ principal, route: `${req.path} ${type}`, reason: `role not allowed for ${type}`, status: 403, req });
    }
    return actorOf(principal, roles);
  }
  const resident = roles.includes('resident') ? await options.residentActor?.(req, orderId) : undefined;
  if (resident) return resident;
  throw new HttpProblem(401, 'unauthorized', '请先登录', roles.includes('resident') ? '请登录，或提供工单查询码' : '此操作需要登录', {}, { 'WWW-Authenticate': 'Bearer realm="lianxin"' });
}
