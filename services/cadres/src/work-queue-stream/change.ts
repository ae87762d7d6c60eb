import { z } from 'zod';
import { OrderEventType, OrderStatus, type ReceivedOrderEvent } from '@lianxin/contracts';
import type { OrderPlacement } from './audience';

/**
 * One `order` event of the work-queue stream: which order changed, to what, by which event, and
 * where it lies. No personal data: a console refetches its lists (or the order) to show it.
 */
export const WorkQueueChange = z.strictObject({
  id: z.string(),
  sequence: z.number().int().positive(),
  status: OrderStatus,
  type: OrderEventType,
  organisationId: z.string().optional(),
  scope: z.array(z.string()),
});
export type WorkQueueChange = z.infer<typeof WorkQueueChange>;

export function changeOf(event: ReceivedOrderEvent, placement: OrderPlacement): WorkQueueChange {
  return {
    id: event.data.orderId,
    sequence: placement.sequence,
    status: placement.status,
    type: event.data.type,
    ...(placement.organisationId ? { organisationId: placement.organisationId } : {}),
    scope: placement.scope,
  };
}
