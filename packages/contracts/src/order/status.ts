import { z } from 'zod';

/** The states people name (DOMAIN.md "Lifecycle"), with their zh-CN labels. */
export const orderStatusLabels = {
  received: '待受理',
  rejected: '不予受理',
  merged: '已合并',
  accepted: '待派单',
  open_for_claim: '待认领',
  dispatched: '待签收',
  returned: '已退单',
  signed: '已签收',
  in_progress: '办理中',
  paused: '已挂起',
  explained: '已解释说明',
  resolved: '已办结',
  awaiting_supervisor: '待督办决定',
  closed: '已销号',
  cancelled: '已撤单',
} as const;

export type OrderStatus = keyof typeof orderStatusLabels;
export const OrderStatus = z.enum(Object.keys(orderStatusLabels) as [OrderStatus, ...OrderStatus[]]);

export const finalOrderStatuses: readonly OrderStatus[] = ['rejected', 'merged', 'closed', 'cancelled'];

/** 预警 → 超期 → 催办 → 督办 → 挂牌督办 */
export const escalationLevels = ['none', 'warning', 'overdue', 'reminded', 'supervised', 'escalated'] as const;
export const EscalationLevel = z.enum(escalationLevels);
export type EscalationLevel = z.infer<typeof EscalationLevel>;

/** A level's place on the ladder (none 0 … escalated 5): "at least `warning`" is `rank >= 1`. */
export function escalationRank(level: EscalationLevel): number {
  return escalationLevels.indexOf(level);
}

/** The clocks an order can run. Each carries one time limit from policy. */
export const clockNames = ['accept', 'sign', 'contact', 'resolve', 'claim', 'checkBack', 'followUp', 'extensionDecision', 'pauseLimit'] as const;
export const ClockName = z.enum(clockNames);
export type ClockName = z.infer<typeof ClockName>;
