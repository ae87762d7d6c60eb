import { toOrderCloudEvent, toOrderEventRecord, type OrderStatus } from '@lianxin/contracts';
import { sampleEventData, sampleOrderView } from '@lianxin/order-views/samples';
import { connectProducer, createKafka, ensureTopics, resolveTopic, type PlatformConfig } from '@lianxin/platform';

/** The statuses a sample order walks through, one event each: 点单 → 受理 → 派单 → 签收 → 办理. */
export const sampleWalk: OrderStatus[] = ['received', 'accepted', 'dispatched', 'signed', 'in_progress', 'resolved', 'closed'];

/**
 * Puts `orders` × `steps` order events on the order-event topic, keyed by order, each order's
 * events in sequence order, as the worker would; answers the order ids.
 */
export async function produceSampleBacklog(config: PlatformConfig, options: { orders: number; steps: number; idPrefix: string }): Promise<string[]> {
  const kafka = createKafka(config, 'sample-backlog');
  await ensureTopics(kafka, config, ['orderEvents']);
  const producer = await connectProducer(kafka);
  const ids = Array.from({ length: options.orders }, (_, i) => `${options.idPrefix}${String(i).padStart(6, '0')}`);
  try {
    const topic = resolveTopic(config, 'orderEvents');
    for (let step = 0; step < options.steps; step += 1) {
      const status = sampleWalk[step % sampleWalk.length]!;
      for (let from = 0; from < ids.length; from += 500) {
        const messages = ids.slice(from, from + 500).map((id, i) => {
          const view = sampleOrderView({ id, status, sequence: step + 1, handlerId: `member-${(from + i) % 61}`, organisationId: `org-${(from + i) % 18}` });
          return toOrderEventRecord(toOrderCloudEvent(sampleEventData(view)));
        });
        await producer.send({ topic, messages });
      }
    }
  } finally {
    await producer.disconnect();
  }
  return ids;
}
