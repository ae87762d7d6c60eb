import { problem, type RouteDoc } from '@lianxin/platform';
import { EarlierOrders, PhoneSearch } from './schemas';

export const residentOrdersTag = { name: '历史工单 Earlier orders', description: '坐席受理时按来电号码查看群众的历史工单 · A caller\'s earlier orders, by phone number (audited)' };

/** `routes.ts`, declared with the schemas it validates and answers with. */
export const residentOrdersRouteDocs: readonly RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/orders/search-by-phone',
    summary: '历史工单 · A caller\'s earlier orders by phone number (audited)',
    description:
      'For agents, dispatchers and supervisors. The number goes in the body (never in a URL) and is not stored: orders are found by its keyed hash (HMAC-SHA256 under `LIANXIN_INDEX_KEY`), noted at intake by either door. ' +
      'Only orders the caller may read (their subtree, or involved) are answered or counted, newest first, personal data masked. ' +
      'Every search is recorded in the audit trail (with the hash) before the answer; no record, no answer (503). ' +
      'At most `LIANXIN_RATE_LIMIT_PHONE_SEARCH` (30 per 60 s) per person.',
    tags: [residentOrdersTag.name],
    body: PhoneSearch,
    responses: {
      200: { description: '历史工单 · `{ items, total }`, newest first', schema: EarlierOrders, headers: { 'Cache-Control': '`no-store`' } },
      400: problem('手机号格式不正确 · Not a mainland mobile number'),
      415: problem('请求体必须是 JSON · The body must be JSON'),
      429: problem('查询过于频繁 · Too many searches by this person', { 'Retry-After': 'Seconds to wait' }),
      503: problem('审计记录暂不可用 · The audit trail cannot record the search'),
    },
  },
];
