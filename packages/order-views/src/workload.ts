import type { Model } from 'mongoose';
import { escalationRank } from '@lianxin/contracts';
import type { QueuedOrder } from './work-queues';

/** A member's current load: open orders they handle or co-handle, and how many of those are overdue. */
export interface MemberWorkload {
  memberId: string;
  open: number;
  overdue: number;
}

/** Overdue for the load: 超期 or any step above it (催办, 督办, 挂牌督办). */
export const overdueRank = escalationRank('overdue');

type Placed = Pick<QueuedOrder, 'handlerIds'> & { escalationRank?: number };

/**
 * Counts each member's orders among `orders`, in the order `memberIds` gives, zero for those
 * with none. A document written before `escalationRank` was stored counts as open, not overdue.
 */
export function tallyWorkload(memberIds: readonly string[], orders: readonly Placed[]): MemberWorkload[] {
  const tally = new Map(memberIds.map((memberId) => [memberId, { memberId, open: 0, overdue: 0 }]));
  for (const order of orders) {
    for (const id of new Set(order.handlerIds)) {
      const counts = tally.get(id);
      if (!counts) continue;
      counts.open += 1;
      if ((order.escalationRank ?? 0) >= overdueRank) counts.overdue += 1;
    }
  }
  return [...tally.values()];
}

/** The load of each member, read from the work-queue documents that name them as handler or co-handler. */
export async function memberWorkload(model: Model<QueuedOrder>, memberIds: readonly string[]): Promise<MemberWorkload[]> {
  if (memberIds.length === 0) return [];
  const orders = await model.find({ handlerIds: { $in: [...memberIds] } }, { handlerIds: 1, escalationRank: 1 }).lean<Placed[]>();
  return tallyWorkload(memberIds, orders);
}
