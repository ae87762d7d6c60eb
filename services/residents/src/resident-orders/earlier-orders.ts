import type { Model } from 'mongoose';
import { mayReadOrder, summarizeOrder, withoutSealed, type AccessHolder, type SealedOrderView } from '@lianxin/contracts';
import type { TrackedOrder } from '@lianxin/order-views';
import type { PhoneIndex } from './phone-index';
import { earlierOrdersShown, type EarlierOrders } from './schemas';

/**
 * 历史工单: the orders opened with the phone whose hash is `hash`, from the tracking read model
 * (masked), only those `reader` may read (`mayReadOrder`: their subtree, or involved), newest
 * first. An order noted in the index but not (yet) in the read model is left out, and so is one
 * outside the reader's reach: `total` counts only what they may see.
 */
export async function earlierOrders(index: Pick<PhoneIndex, 'orderIds'>, orders: Model<TrackedOrder>, reader: AccessHolder, hash: string): Promise<EarlierOrders> {
  const ids = await index.orderIds(hash);
  if (ids.length === 0) return { items: [], total: 0 };
  const tracked = await orders.find({ _id: { $in: ids } }, { view: 1 }).lean<Array<{ view: SealedOrderView }>>();
  const readable = tracked
    .map((t) => t.view)
    .filter((view) => mayReadOrder(reader, view))
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id.localeCompare(a.id));
  return { items: readable.slice(0, earlierOrdersShown).map((view) => summarizeOrder(withoutSealed(view))), total: readable.length };
}
