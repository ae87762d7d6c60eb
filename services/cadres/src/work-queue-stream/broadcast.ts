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

/** The consumer groups of the cadres instances' broadcasts: `<prefix>cadres.work-queue-stream.<instance>`. */
export const broadcastGroupPrefix = (config: PlatformConfig): string => `${config.kafka.topicPrefix}cadres.work-queue-stream.`;

/**
 * Deletes the broadcast groups no instance reads any more: a killed instance never deletes its
 * own, and Kafka would keep it (with its offsets) for its retention, a week by default. A group
 * with members, or one in a rebalance, belongs to a running instance and is left alone.
 */
export async function sweepAbandonedBroadcastGroups(admin: BaseServiceResources['admin'], prefix: string): Promise<string[]> {
  const { groups } = await admin.listGroups();
  const ours = groups.map((group) => group.groupId).filter((id) => id.startsWith(prefix));
  if (ours.length === 0) return [];
  const described = await admin.describeGroups(ours);
  const abandoned = described.groups.filter((group) => group.state === 'Empty' || group.state === 'Dead').map((group) => group.groupId);
  if (abandoned.length > 0) await admin.deleteGroups(abandoned);
  return abandoned;
}

/**
 * This instance's own reading of the order-event topic for its live streams: a consumer group of
 * its own (unique per instance, so every instance sees every event — a broadcast, not a share),
 * starting from the end of the topic as it stood at start. Nothing is stored; an unreadable record
 * is skipped (the read-model consumer dead-letters it). The group is deleted on close, and the
 * groups of instances that died without closing are swept at start.
 */
export async function startWorkQueueBroadcast(resources: BaseServiceResources, config: PlatformConfig, hub: WorkQueueHub): Promise<void> {
  const { kafka, admin, closer, log } = resources;
  const instance = `${hostname().replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 40)}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const groupId = `${broadcastGroupPrefix(config)}${instance}`;
  const topic = resolveTopic(config, 'orderEvents');
  await ensureTopics(kafka, config, ['orderEvents']);
  const swept = await sweepAbandonedBroadcastGroups(admin, broadcastGroupPrefix(config)).catch((error: unknown) => {
    log.warn({ err: error }, 'work-queue stream: could not sweep the groups of instances gone');
    return [];
  });
  if (swept.length > 0) log.info({ groups: swept }, 'work-queue stream: deleted the broadcast groups of instances gone');
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
