import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { fromOrderEventRecord } from '@lianxin/contracts';
import { ensureTopics, resolveTopic, runConsumer, type BaseServiceResources, type PlatformConfig } from '@lianxin/platform';
import type { WorkQueueHub } from './hub';

/** Asks again while the cluster is settling (a topic just created has no leader for a moment). */
async function whileSettling<T>(ask: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ask();
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/**
 * This instance's own reading of the order-event topic for its live streams: a consumer group of
 * its own (unique per instance, so every instance sees every event — a broadcast, not a share),
 * starting from the end of the topic as it stood at start. Nothing is stored; an unreadable record
 * is skipped (the read-model consumer dead-letters it). The group is deleted on close.
 */
export async function startWorkQueueBroadcast(resources: BaseServiceResources, config: PlatformConfig, hub: WorkQueueHub): Promise<void> {
  const { kafka, admin, closer, log } = resources;
  const instance = `${hostname().replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 40)}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const groupId = `${config.kafka.topicPrefix}cadres.work-queue-stream.${instance}`;
  const topic = resolveTopic(config, 'orderEvents');
  await ensureTopics(kafka, config, ['orderEvents']);
  // Where the topic ends now: read from here, even if the first fetch comes a moment later.
  const start = await whileSettling(() => admin.fetchTopicOffsets(topic));
  const consumer = await runConsumer(kafka, {
    groupId,
    topics: [topic],
    fromBeginning: false,
    log,
    partitionsConsumedConcurrently: config.kafka.partitions,
    handle: async (message) => {
      let event: ReturnType<typeof fromOrderEventRecord>;
      try {
        event = fromOrderEventRecord(message);
      } catch (error) {
        log.debug({ offset: message.offset, reason: (error as Error).message }, 'work-queue stream: skipped a record that is not an order event');
        return;
      }
      try {
        hub.publish(event);
      } catch (error) {
        // A live hint is not worth stopping the reading for: the lists themselves are right.
        log.error({ err: error, orderId: event.data.orderId }, 'work-queue stream: could not fan an event out');
      }
    },
  });
  for (const { partition, offset } of start) consumer.seek({ topic, partition, offset });
  closer.add(async () => {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch((error: unknown) => log.warn({ err: error, groupId }, 'work-queue stream: could not delete its consumer group'));
  });
  log.info({ groupId }, 'work-queue stream: reading order events');
}
