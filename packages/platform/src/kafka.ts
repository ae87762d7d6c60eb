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
  handle: (message: KafkaMessage, topic: string, partition: number) => Promise<void>;
}

/**
 * A consumer group member that commits an offset only after its handler succeeded. A failing
 * handler makes kafkajs retry the message (handlers must therefore be idempotent, by event id).
 */
export async function runConsumer(kafka: Kafka, options: ConsumerOptions): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  for (const topic of options.topics) {
    await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
  }
  await consumer.run({
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
