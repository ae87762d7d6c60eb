import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type KafkaMessage, type Producer } from 'kafkajs';
import { topicName, type TopicName } from '@lianxin/contracts';
import type { PlatformConfig } from './config';
import type { Logger } from './logger';

export function createKafka(config: PlatformConfig, clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: config.kafka.brokers,
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 200 },
  });
}

export function resolveTopic(config: PlatformConfig, name: TopicName): string {
  return topicName(config.kafka.topicPrefix, name);
}

/** Creates the topics that do not exist yet; safe to call from every process at start. */
export async function ensureTopics(kafka: Kafka, config: PlatformConfig, names: TopicName[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = names.map((n) => resolveTopic(config, n)).filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: config.kafka.partitions,
          replicationFactor: config.kafka.replicationFactor,
        })),
      });
    } catch (error) {
      // Another process may have created it between list and create.
      if (!String((error as Error).message).includes('already exists')) throw error;
    }
  } finally {
    await admin.disconnect();
  }
}

/** An idempotent producer: the broker drops a retried batch it already has (acks=all). */
export async function connectProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
}

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  log: Logger;
  /** Partitions handled side by side (each partition stays in order). Default 1. */
  partitionsConsumedConcurrently?: number;
  handle: (message: KafkaMessage, topic: string, partition: number) => Promise<void>;
}

/**
 * How far a consumer may get before its progress is committed: at most this many messages or
 * this many milliseconds, whichever comes first — never a whole fetched batch. Fetches are kept
 * small so one partition's backlog does not hold the others, and a stop loses little.
 */
export const consumerCommitPolicy = {
  autoCommitInterval: 1_000,
  autoCommitThreshold: 20,
  maxBytesPerPartition: 64 * 1024,
} as const;

/**
 * A consumer group member that commits an offset only after its handler succeeded, and commits
 * as it goes (see consumerCommitPolicy). A failing handler makes kafkajs retry the message
 * (handlers must therefore be idempotent, by event id). `disconnect()` finishes the message in
 * hand, commits, and leaves the group, so the partitions move to another member at once.
 */
export async function runConsumer(kafka: Kafka, options: ConsumerOptions): Promise<Consumer> {
  const consumer = kafka.consumer({
    groupId: options.groupId,
    allowAutoTopicCreation: false,
    maxBytesPerPartition: consumerCommitPolicy.maxBytesPerPartition,
  });
  await consumer.connect();
  for (const topic of options.topics) {
    await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
  }
  await consumer.run({
    autoCommitInterval: consumerCommitPolicy.autoCommitInterval,
    autoCommitThreshold: consumerCommitPolicy.autoCommitThreshold,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    eachMessage: async ({ message, topic, partition }) => {
      try {
        await options.handle(message, topic, partition);
      } catch (error) {
        options.log.error({ err: error, topic, partition, offset: message.offset }, 'event handler failed; will retry');
        throw error;
      }
    },
  });
  return consumer;
}

export async function kafkaReady(admin: Admin): Promise<boolean> {
  try {
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  }
}
