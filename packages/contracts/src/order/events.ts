import { z } from 'zod';
import { Actor } from '../actor';
import { SealedOrderView } from './personal';
import type { OrderView } from './view';

/**
 * Facts, past tense (STYLE §3). Exactly one per state change of an order; the escalation
 * steps (warning … escalated) are facts too. zh-CN summaries for timelines and notifications.
 */
export const orderEventLabels = {
  'order.received': '已点单',
  'order.accepted': '已受理',
  'order.rejected': '不予受理',
  'order.merged': '已合并',
  'order.dispatched': '已派单',
  'order.opened_for_claim': '待认领',
  'order.claimed': '已认领',
  'order.claim_fell_back': '认领超时，转交下一级',
  'order.signed': '已签收',
  'order.returned': '已退单',
  'order.contacted': '已联系群众',
  'order.diary_entry_added': '民情日记',
  'order.resolved': '已办结',
  'order.explained': '已解释说明',
  'order.follow_up_due': '整改时限已到，跟进办理',
  'order.extension_requested': '申请延期',
  'order.extension_approved': '延期已批准',
  'order.extension_denied': '延期未批准',
  'order.paused': '已挂起',
  'order.resumed': '已恢复办理',
  'order.reassigned': '已改派',
  'order.reminded': '催办',
  'order.cancelled': '已撤单',
  'order.checked_back': '已回访',
  'order.reopened': '重办',
  'order.awaiting_supervisor': '重办次数已满，提交督办决定',
  'order.closed': '已销号',
  'order.warning': '预警：即将超期',
  'order.overdue': '已超期',
  'order.supervised': '督办',
  'order.escalated': '挂牌督办',
} as const;

export type OrderEventType = keyof typeof orderEventLabels;
export const OrderEventType = z.enum(Object.keys(orderEventLabels) as [OrderEventType, ...OrderEventType[]]);

/**
 * The data of every order event: what happened, who did it, and the order as it now stands,
 * its personal data masked and sealed (no phone number or address in clear on the topic).
 */
export const OrderEventData = z.strictObject({
  orderId: z.string().min(1),
  sequence: z.number().int().positive(),
  type: OrderEventType,
  occurredAt: z.iso.datetime({ offset: true }),
  actor: Actor,
  details: z.record(z.string(), z.unknown()),
  order: SealedOrderView,
});
export type OrderEventData = z.infer<typeof OrderEventData>;

/** Deterministic event id: a retried publish carries the same id, so consumers drop it. */
export function orderEventId(orderId: string, sequence: number): string {
  return `${orderId}:${sequence}`;
}

/**
 * An event as the order workflow records it before publishing: the order in clear. It lives only
 * inside Temporal (whose payloads the codec encrypts); the publishing activity masks and seals it.
 */
export type RecordedOrderEvent = Omit<OrderEventData, 'order'> & { order: OrderView };
