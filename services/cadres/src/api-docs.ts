import { z } from 'zod';
import { Actor, ClaimChain, ContactPoint, Grid, HandlerTarget, Member, OrderCommand, OrderRouting, OrderRoutingQuery, OrderSummary, Organisation, SealedOrderView, SocialOrg, type OrderCommandType } from '@lianxin/contracts';
import { CodecBody } from '@lianxin/data-protection';
import { orderCommandRouteDoc } from '@lianxin/order-http';
import { problem, type ApiDescription, type RouteDoc } from '@lianxin/platform';
import { ClaimBoardQuery, DispatchQueueQuery, InboxQuery, OrderSummaryPage } from './inbox/routes';
import { codecEndpointPath } from './operations/codec-routes';
import { OverdueBoardPage, OverdueBoardQuery, overdueBoardPath } from './oversight/overdue-board-routes';
import { MemberWorkloadList, WorkloadQuery, workloadPath } from './oversight/workload-routes';
import { workQueueStreamPath } from './work-queue-stream/routes';
import { GridPage, GridQuery, MemberPage, MemberQuery, OrganisationPage, OrganisationQuery, RegisterIdParams, SocialOrgPage, SocialOrgQuery } from './register/routes';

const tags = {
  register: '名册 Register',
  routing: '路由 Routing',
  work: '待办 Work lists',
  commands: '命令 Commands',
  operations: '运维 Operations',
};

/** The four register collections: a list with its filters and one item by id. */
function registerDocs(path: string, what: string, query: z.ZodType, page: z.ZodType, item: z.ZodType): RouteDoc[] {
  return [
    {
      method: 'get',
      path,
      summary: `${what}列表 · List (sorted by id, paged)`,
      tags: [tags.register],
      query,
      responses: { 200: { description: '`{ items, total }`', schema: page } },
    },
    {
      method: 'get',
      path: `${path}/:id`,
      summary: `${what} · One by id`,
      tags: [tags.register],
      params: RegisterIdParams,
      responses: { 200: item, 404: problem(`${what}不存在 · Not in the register`) },
    },
  ];
}

const workList = (path: string, summary: string, description: string, query: z.ZodType): RouteDoc => ({
  method: 'get',
  path,
  summary,
  description,
  tags: [tags.work],
  query,
  responses: { 200: { description: '`{ items, total }`, newest change first', schema: OrderSummaryPage } },
});

const codec = (direction: 'encode' | 'decode'): RouteDoc => ({
  method: 'post',
  path: `${codecEndpointPath}/${direction}`,
  summary: direction === 'decode' ? 'Temporal 解码 · Decode payloads (Temporal UI/CLI codec endpoint)' : 'Temporal 编码 · Encode payloads',
  description:
    'Temporal\'s remote codec protocol, for the Temporal UI and `temporal … --codec-endpoint`: operators (role admin) only, every use audited. ' +
    'Browsers at the Temporal UI\'s origins may call it (CORS). Header `X-Namespace` names the namespace.',
  tags: [tags.operations],
  headers: z.object({ 'X-Namespace': z.string().optional() }),
  body: CodecBody,
  responses: {
    200: { description: 'The payloads, encoded or decoded', schema: CodecBody, headers: { 'Cache-Control': '`no-store`' } },
    413: problem('请求体过大 · Body too large (4 MB)'),
    422: problem('无法解码 · Cannot encode/decode the payloads (unknown key …)'),
  },
});

/**
 * The cadres service's routes: the register, routing, the work lists, the cadres' commands
 * (`commands`: the list service.ts mounts) and the Temporal codec endpoint.
 */
export function cadresRouteDocs(commands: readonly OrderCommandType[]): RouteDoc[] {
  return [
    ...registerDocs('/api/v1/organisations', '党组织', OrganisationQuery, OrganisationPage, Organisation),
    ...registerDocs('/api/v1/grids', '网格', GridQuery, GridPage, Grid),
    ...registerDocs('/api/v1/members', '党员', MemberQuery, MemberPage, Member),
    {
      method: 'get',
      path: workloadPath,
      summary: '在办负荷 · Members\' current load',
      description:
        'For each member of `organisationId` (an organisation in the caller\'s subtree), sorted by id: `open`, the open orders they handle (or signed for their organisation) or co-handle, ' +
        'and `overdue`, those of them at 超期 or above (催办, 督办, 挂牌督办) — counted from the work-queue read model over all their open orders. ' +
        'Roles dispatcher, supervisor, leader, admin.',
      tags: [tags.register],
      query: WorkloadQuery,
      responses: {
        200: { description: '`[{ memberId, open, overdue }]`', schema: MemberWorkloadList },
        403: problem('不在管辖范围内 · The organisation is outside your subtree'),
        404: problem('党组织不存在 · Not in the register'),
      },
    },
    ...registerDocs('/api/v1/social-orgs', '社会组织', SocialOrgQuery, SocialOrgPage, SocialOrg),
    {
      method: 'get',
      path: '/api/v1/contact-points/:id',
      summary: '通讯录 · How to reach a member or social organisation',
      description: 'Work phone and email of one member or social organisation, for the services that send notices (role `service`) only.',
      tags: [tags.register],
      params: RegisterIdParams,
      responses: { 200: ContactPoint, 404: problem('通讯录中没有此人 · Not in the contact list') },
    },
    {
      method: 'get',
      path: '/api/v1/routing',
      summary: '工单路由 · Where an order of a place goes',
      description: 'The organisation path (scope) of a grid or organisation and its claim fallback chain (网格责任党员 → 社会力量 → 兜底). The order worker asks it with a service token.',
      tags: [tags.routing],
      query: OrderRoutingQuery,
      responses: { 200: OrderRouting },
    },
    workList('/api/v1/inbox', '我的待办 · Inbox', "The caller's and their organisation's open orders (`handlerId` one of them).", InboxQuery),
    workList('/api/v1/claim-board', '待认领 · Claim board', 'What is offered to the caller or their organisation, and, for members, what is open to all members.', ClaimBoardQuery),
    workList('/api/v1/dispatch-queue', '待派单 · Dispatch queue', "Orders waiting on a dispatcher in the caller's subtree (optionally one organisation of it).", DispatchQueueQuery),
    {
      method: 'get',
      path: overdueBoardPath,
      summary: '超期看板 · Overdue board',
      description:
        "Open orders of the caller's subtree (or of `organisationId`'s, within it) whose escalation level is at least `minLevel` (default `warning`; none < warning < overdue < reminded < supervised < escalated); " +
        '`include=decisions` adds those awaiting a supervisor\'s decision (待督办决定), `include=extensions` those with an extension request to decide (comma-separated, both allowed). ' +
        'Sorted by the next running clock\'s due time, most overdue first; orders with no running clock follow, newest change first. ' +
        'Orders whose read-model document was written before the board existed join it with their next event. Roles as the dispatch queue.',
      tags: [tags.work],
      query: OverdueBoardQuery,
      responses: {
        200: { description: '`{ items, total, offset, limit }`, most overdue first', schema: OverdueBoardPage },
        403: problem('不在管辖范围内 · The organisation is outside your subtree'),
        404: problem('党组织不存在 · Not in the register'),
      },
    },
    {
      method: 'get',
      path: workQueueStreamPath,
      summary: '待办实时更新 · Live changes of the work lists (Server-Sent Events)',
      description:
        '`text/event-stream`: `event: ready` once live, then an `event: order` whenever an order on one of the caller\'s lists changes — their inbox, their claim board, ' +
        'and for dispatch-queue roles any order of their subtree — or leaves it. `data` is `{ id, sequence, status, type, organisationId?, scope }` (no personal data; `id:` is `<order>:<sequence>`): ' +
        'refetch the lists. A comment every 20 s keeps it open. Bearer token only; at most 5 streams per person on one instance (429 beyond). ' +
          'It ends with `event: expired` when the token that opened it expires: reconnect with a fresh token.',
      tags: [tags.work],
      responses: {
        200: { description: 'text/event-stream of order changes', schema: z.string(), contentType: 'text/event-stream' },
        429: problem('实时连接过多 · Too many open streams for this person', { 'Retry-After': 'Seconds to wait' }),
      },
    },
    orderCommandRouteDoc({ allowed: commands, security: ['bearer'], tags: [tags.commands] }),
    codec('encode'),
    codec('decode'),
  ];
}

/** The cadres service's API document (`openapi` in its definition). */
export function cadresApiDocs(commands: readonly OrderCommandType[]): ApiDescription {
  return {
    title: '连心桥 cadres service · 名册、待办与派单',
    version: '1.0.0',
    description:
      '名册 (organisations, grids, members, social organisations), routing, work lists, the cadres\' order commands (accept … supervisorDecide) and the Temporal codec endpoint. ' +
      'Every route needs a signed-in token (bearer JWT); lists and commands reach the caller\'s subtree or involvement only. Errors are RFC 9457 problems.',
    routes: cadresRouteDocs(commands),
    schemas: { Organisation, Grid, Member, SocialOrg, OrderRouting, ClaimChain, OrderSummary, OrderCommand, SealedOrderView, HandlerTarget, Actor, CodecBody },
    tags: [
      { name: tags.register, description: '名册: read-only, for staff and the platform\'s services' },
      { name: tags.routing, description: 'Where orders go' },
      { name: tags.work, description: '待办、待认领、待派单: `{ items: OrderSummary[], total }`, and their live changes (SSE)' },
      { name: tags.commands, description: '受理、派单、认领、签收、办结 … as Temporal Updates' },
      { name: tags.operations, description: 'Health, this document, the Temporal codec endpoint' },
    ],
  };
}
