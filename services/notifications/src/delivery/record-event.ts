import type { Connection, Model } from 'mongoose';
import type { ReceivedOrderEvent } from '@lianxin/contracts';
import type { InboxHub } from '../inbox/hub';
import { planDeliveries, type PlanningDeps } from './plan';
import { reserveSequence, type DeliveryRecord } from './records';
import { isDuplicateKey } from '@lianxin/platform';

/**
 * Consumes one order event: plans its deliveries and stores each once (a redelivered event finds
 * them stored and adds nothing), pushes the new in-app notices to live streams and hands the
 * rest to the delivery engine. Answers how many were new.
 */
export async function recordEventNotices(
  event: ReceivedOrderEvent,
  db: Connection,
  model: Model<DeliveryRecord>,
  deps: PlanningDeps & { hub: InboxHub; submitToEngine: (deliveries: DeliveryRecord[]) => void },
): Promise<number> {
  const planned = await planDeliveries(event, deps);
  if (planned.length === 0) return 0;
  // Inserted one by one, a duplicate (a redelivered event) refused by the unique id: no look-up
  // first, which FerretDB would answer with a scan. A redelivery may skip a few in-app numbers.
  const inApp = planned.filter((d) => d.channel === 'app');
  if (inApp.length > 0) {
    const first = await reserveSequence(db, inApp.length);
    inApp.forEach((notice, i) => (notice.seq = first + i));
  }
  const stored: DeliveryRecord[] = [];
  for (const delivery of planned) {
    try {
      await model.collection.insertOne(delivery as never);
      stored.push(delivery);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  for (const notice of stored) if (notice.channel === 'app') deps.hub.publish(notice);
  deps.submitToEngine(stored.filter((d) => d.channel !== 'app'));
  return stored.length;
}
