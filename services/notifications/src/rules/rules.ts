import { z } from 'zod';
import type { OrderEventData, OrderEventType } from '@lianxin/contracts';

export const Channel = z.enum(['sms', 'app']);
export type Channel = z.infer<typeof Channel>;

export const Recipient = z.strictObject({
  kind: z.enum(['resident', 'handler', 'dispatcher', 'supervisor', 'social_org', 'organisation']),
  /** Member/organisation id; for residents, the order id (residents have no account). */
  id: z.string(),
  channel: Channel,
});
export type Recipient = z.infer<typeof Recipient>;

export interface PlannedNotification {
  recipient: Recipient;
  text: string;
}

const handlerOf = (data: OrderEventData): Recipient[] =>
  data.order.handler ? [{ kind: 'handler', id: data.order.handler.id, channel: 'app' }] : [];
const residentOf = (data: OrderEventData): Recipient[] =>
  data.order.resident.phone ? [{ kind: 'resident', id: data.orderId, channel: 'sms' }] : [];
const dispatcherOf = (data: OrderEventData): Recipient[] => [
  { kind: 'dispatcher', id: data.order.location.organisationId ?? 'dispatch-desk', channel: 'app' },
];
const supervisorOf = (data: OrderEventData): Recipient[] => [
  { kind: 'supervisor', id: data.order.location.organisationId ?? 'supervision-desk', channel: 'app' },
];

const t = (data: OrderEventData) => `【连心桥】工单${data.orderId}「${data.order.title}」`;

/** Who hears about which event, and what they are told (zh-CN). Events not listed notify nobody. */
const rules: Partial<Record<OrderEventType, (d: OrderEventData) => PlannedNotification[]>> = {
  'order.received': (d) => residentOf(d).map((r) => ({ recipient: r, text: `${t(d)}已收到，我们会尽快受理。` })),
  'order.rejected': (d) =>
    residentOf(d).map((r) => ({ recipient: r, text: `${t(d)}不予受理，原因：${String(d.details['reason'] ?? '见工单说明')}。` })),
  'order.dispatched': (d) => handlerOf(d).map((r) => ({ recipient: r, text: `${t(d)}已派给您，请及时签收。` })),
  // Open to every member: announced to the members of the place's organisation (claim board).
  'order.opened_for_claim': (d) => [
    {
      recipient: { kind: 'organisation', id: d.order.location.organisationId ?? 'claim-board', channel: 'app' },
      text: `${t(d)}已发布到认领栏，欢迎党员认领。`,
    },
  ],
  'order.claim_fell_back': (d) =>
    (d.order.claim?.offeredTo ?? []).map((o) => ({
      recipient: { kind: o.kind === 'social_org' ? 'social_org' : 'handler', id: o.id, channel: 'app' },
      text: `${t(d)}无人认领，现请您认领。`,
    })),
  'order.signed': (d) => residentOf(d).map((r) => ({ recipient: r, text: `${t(d)}已由${d.order.handler?.name ?? '经办人'}签收办理。` })),
  'order.returned': (d) => dispatcherOf(d).map((r) => ({ recipient: r, text: `${t(d)}被退单：${String(d.details['reason'] ?? '')}，请重新派单。` })),
  'order.resolved': (d) => residentOf(d).map((r) => ({ recipient: r, text: `${t(d)}已办结，稍后将回访您的满意度。` })),
  'order.explained': (d) => residentOf(d).map((r) => ({ recipient: r, text: `${t(d)}暂不能立即办结，已作解释说明并明确整改时限。` })),
  'order.reopened': (d) => handlerOf(d).map((r) => ({ recipient: r, text: `${t(d)}回访不满意，已重办，请再次办理。` })),
  'order.reassigned': (d) => handlerOf(d).map((r) => ({ recipient: r, text: `${t(d)}已改派给您，请及时签收。` })),
  'order.warning': (d) => handlerOf(d).map((r) => ({ recipient: r, text: `${t(d)}即将超期，请抓紧办理。` })),
  'order.overdue': (d) => handlerOf(d).map((r) => ({ recipient: r, text: `${t(d)}已超期。` })),
  'order.reminded': (d) => handlerOf(d).map((r) => ({ recipient: r, text: `${t(d)}催办：请尽快办理。` })),
  'order.supervised': (d) => supervisorOf(d).map((r) => ({ recipient: r, text: `${t(d)}超期未办，已转督办。` })),
  'order.escalated': (d) => supervisorOf(d).map((r) => ({ recipient: r, text: `${t(d)}已挂牌督办，提交上级党组织。` })),
  'order.extension_requested': (d) => dispatcherOf(d).map((r) => ({ recipient: r, text: `${t(d)}申请延期，请审批。` })),
  'order.awaiting_supervisor': (d) => supervisorOf(d).map((r) => ({ recipient: r, text: `${t(d)}多次重办仍不满意，请督办决定。` })),
  'order.closed': (d) => residentOf(d).map((r) => ({ recipient: r, text: `${t(d)}已销号，感谢您的反馈。` })),
};

export function planNotifications(data: OrderEventData): PlannedNotification[] {
  return rules[data.type]?.(data) ?? [];
}
