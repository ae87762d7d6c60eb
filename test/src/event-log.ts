import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { fromOrderEventRecord, type ReceivedOrderEvent } from '@lianxin/contracts';
import { createKafka, resolveTopic, type PlatformConfig } from '@lianxin/platform';

/** Everything on the order-event topic, as read back from Kafka (duplicates included). */
export interface EventLog {
  all: ReceivedOrderEvent[];
  of(orderId: string): ReceivedOrderEvent[];
  close(): Promise<void>;
}

export async function readEventLog(config: PlatformConfig): Promise<EventLog> {
  const all: ReceivedOrderEvent[] = [];
  const consumer: Consumer = createKafka(config, 'event-log-reader').consumer({ groupId: `reader-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: resolveTopic(config, 'orderEvents'), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      all.push(fromOrderEventRecord(message));
    },
  });
  return {
    all,
    of: (orderId) => all.filter((e) => e.subject === orderId),
    close: () => consumer.disconnect(),
  };
}
