import { OrderCommand, OrderIdParams, SealedOrderView, type OrderCommandType } from '@lianxin/contracts';
import { IdempotencyKeyHeaders, problem, type RouteDoc, type RouteSecurity } from '@lianxin/platform';

/**
 * The OpenAPI declaration of `orderCommandRoutes` (POST /api/v1/orders/:id/commands) as a
 * service mounts it: the commands it takes and who may send them. The body is the one
 * `OrderCommand` schema the route validates with; a command of another service is a 404.
 */
export function orderCommandRouteDoc(options: { allowed: readonly OrderCommandType[]; security: readonly RouteSecurity[]; tags?: readonly string[] }): RouteDoc {
  return {
    method: 'post',
    path: '/api/v1/orders/:id/commands',
    summary: '工单命令 · Send a command to an order',
    description: [
      `This service takes: ${options.allowed.map((type) => `\`${type}\``).join(', ')}; other commands answer 404 \`command-not-here\`.`,
      'The caller acts in the first of their roles the role × command table allows; scope, involvement and state are checked by the order workflow.',
      'The answer is the order as it now stands, personal data masked. Every command and refusal is audited.',
    ].join(' '),
    ...(options.tags ? { tags: options.tags } : {}),
    security: options.security,
    params: OrderIdParams,
    headers: IdempotencyKeyHeaders,
    body: OrderCommand,
    responses: {
      200: { description: '工单当前状态 · The order after the command (personal data masked)', schema: SealedOrderView },
      404: problem('工单不存在，或此服务不受理该命令 · No such order, or the command belongs to another service'),
      409: problem('工单当前状态不允许此操作 · Wrong state, order ended or deadline passed (`refusal`)'),
      415: problem('请求体必须是 JSON · The body must be JSON'),
      422: problem('命令参数不正确，派单对象不在名册中，或 Idempotency-Key 已用于另一个请求 · Bad arguments, unknown target, or a reused Idempotency-Key'),
    },
  };
}
