import { Actor, HandlerTarget, IntakeOrder, OrderCommand, OrderIdParams, OrderSummary, SealedOrderView, TimelineEntry } from '@lianxin/contracts';
import { orderCommandRouteDoc } from '@lianxin/order-http';
import { IdempotencyKeyHeaders, problem, type ApiDescription, type RouteDoc } from '@lianxin/platform';
import { IntakeReceipt } from './intake/receipt';
import { open311RouteDocs, open311Schemas, open311TagDocs } from './open311/api-docs';
import { attachmentRouteDocs, attachmentSchemas, attachmentsTag } from './attachments/api-docs';
import { OrderTimeline, RevealedContact } from './tracking/routes';
import { residentOrdersRouteDocs, residentOrdersTag } from './resident-orders/api-docs';
import { EarlierOrders, PhoneSearch } from './resident-orders/schemas';

const tags = {
  intake: '点单 Intake',
  tracking: '跟踪 Tracking',
  commands: '命令 Commands',
};

const rateLimited = problem('请求过于频繁 · Too many requests from this address (the public limits; signed-in staff are not held to them)', {
  'Retry-After': 'Seconds to wait',
});
const noOrder = problem('工单不存在 · No such order (a new order may take a second or two to appear)');

/** The residents service's routes, declared with the schemas they validate and answer with. */
export const residentsRouteDocs: readonly RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/orders',
    summary: '点单 · Open an order',
    description:
      'Staff (agents, grid workers …) open orders signed in; a resident opens their own without an account (rate-limited per address). ' +
      'The category must be in the catalogue of its kind and the grid/organisation in the register (else 422 with the allowed values). ' +
      'The answer carries the order number and its tracking code (查询码).',
    tags: [tags.intake],
    security: ['bearer', 'none'],
    headers: IdempotencyKeyHeaders,
    body: IntakeOrder,
    responses: {
      201: { description: '已受理 · Opened: the order number and its tracking code', schema: IntakeReceipt, headers: { Location: 'The order: `/api/v1/orders/{id}`' } },
      200: { description: '重试 · A retry with the same Idempotency-Key: the same order and code', schema: IntakeReceipt, headers: { Location: 'The order' } },
      415: problem('请求体必须是 JSON · The body must be JSON'),
      422: problem('分类、网格或党组织不存在，或 Idempotency-Key 已用于另一个请求 · Unknown category, grid or organisation (allowed values in `errors`), or a reused Idempotency-Key'),
      429: rateLimited,
    },
  },
  {
    method: 'get',
    path: '/api/v1/orders/:id',
    summary: '工单跟踪 · Read an order',
    description: 'For the resident with the order\'s tracking code, or staff who may see it (their subtree, or involved). Personal data masked (王*英, 139****5678).',
    tags: [tags.tracking],
    security: ['bearer', 'trackingCode'],
    params: OrderIdParams,
    responses: { 200: { description: '工单 · The order, personal data masked', schema: SealedOrderView }, 404: noOrder, 429: rateLimited },
  },
  {
    method: 'get',
    path: '/api/v1/orders/:id/timeline',
    summary: '办理过程 · The order\'s timeline',
    tags: [tags.tracking],
    security: ['bearer', 'trackingCode'],
    params: OrderIdParams,
    responses: { 200: OrderTimeline, 404: noOrder, 429: rateLimited },
  },
  {
    method: 'post',
    path: '/api/v1/orders/:id/contact-reveal',
    summary: '查看完整号码 · Reveal the resident\'s contact (audited)',
    description: 'For the order\'s handler, or a dispatcher or agent in scope. Recorded in the audit trail before anything is shown: no record, no reveal (503).',
    tags: [tags.tracking],
    params: OrderIdParams,
    responses: {
      200: { description: '完整联系方式 · The full name, phone and address', schema: RevealedContact, headers: { 'Cache-Control': '`no-store`' } },
      404: problem('工单不存在，或没有保存联系方式 · No such order, or it holds no contact'),
    },
  },
  // 撤单 and 回访 (the list mounted in service.ts): by the resident with the tracking code, or an agent.
  orderCommandRouteDoc({ allowed: ['cancel', 'checkBack'], security: ['bearer', 'trackingCode'], tags: [tags.commands] }),
];

/**
 * The residents service's API document (`openapi` in its definition): its own routes and the
 * Open311 door (`open311/api-docs.ts`), and any `more`; every route the service mounts must be
 * described (the test `test/src/openapi.int.test.ts` checks it).
 */
export function residentsApiDocs(more: readonly RouteDoc[] = []): ApiDescription {
  return {
    title: '连心桥 residents service · 点单与跟踪',
    version: '1.0.0',
    description:
      '群众点单、工单跟踪、撤单与回访、查看完整号码、历史工单 (a caller\'s earlier orders by phone)、附件 (photos and evidence). Residents act on their own order with the tracking code (`X-Tracking-Code`); staff sign in (bearer JWT). ' +
      'Errors are RFC 9457 problems (`application/problem+json`). ' +
      'Open311 GeoReport v2 under `/open311/v2` (client systems submit with an API key an admin issues): JSON or XML, errors in its own list.',
    routes: [...residentsRouteDocs, ...residentOrdersRouteDocs, ...attachmentRouteDocs, ...open311RouteDocs, ...more],
    schemas: { IntakeOrder, IntakeReceipt, SealedOrderView, OrderTimeline, TimelineEntry, RevealedContact, PhoneSearch, EarlierOrders, OrderSummary, OrderCommand, HandlerTarget, Actor, ...attachmentSchemas, ...open311Schemas },
    tags: [
      { name: tags.intake, description: '群众点单: residents, call-centre agents and grid workers open orders' },
      { name: tags.tracking, description: '工单跟踪: the order and its history, with the tracking code or signed in' },
      { name: tags.commands, description: '撤单 (`cancel`) and 回访 (`checkBack`)' },
      residentOrdersTag,
      attachmentsTag,
      ...open311TagDocs,
    ],
  };
}
