import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type KafkaMessage, type LogEntry, type Producer } from 'kafkajs';
import type { Level } from 'pino';
import { topicName, type TopicName } from '@lianxin/contracts';
import type { PlatformConfig } from './config';
import { createLogger, type Logger } from './logger';

/**
 * A Kafka client whose kafkajs logs go through `log` (default: a `kafkajs` logger at the
 * configured level) as structured lines instead of kafkajs's console output.
 */
export function createKafka(config: PlatformConfig, clientId: string, log: Logger = defaultKafkaLogger(config)): Kafka {
  return new Kafka({
    clientId,
    brokers: config.kafka.brokers,
    logLevel: kafkaLevelOf(log),
    logCreator: kafkaLogCreator(log),
    retry: { retries: 8, initialRetryTime: 200 },
  });
}

const defaultKafkaLoggers = new Map<string, Logger>();
function defaultKafkaLogger(config: PlatformConfig): Logger {
  let log = defaultKafkaLoggers.get(config.logLevel);
  if (!log) defaultKafkaLoggers.set(config.logLevel, (log = createLogger('kafkajs', config.logLevel)));
  return log;
}

/** The kafkajs level matching `log`'s, so kafkajs builds no entry pino would drop. */
function kafkaLevelOf(log: Logger): logLevel {
  if (log.isLevelEnabled('debug')) return logLevel.DEBUG;
  if (log.isLevelEnabled('info')) return logLevel.INFO;
  if (log.isLevelEnabled('warn')) return logLevel.WARN;
  if (log.isLevelEnabled('error')) return logLevel.ERROR;
  return logLevel.NOTHING;
}

/**
 * Broker answers that mean the cluster is still settling (a new topic, a group coordinator
 * loading or moving, a leader election): kafkajs logs each failed response as an error and
 * retries it; if the retries run out, the call itself fails and its caller reports that.
 */
const settlingAnswers = [
  'This server does not host this topic-partition', // UNKNOWN_TOPIC_OR_PARTITION (3)
  'There is no leader for this topic-partition', // LEADER_NOT_AVAILABLE (5)
  'This server is not the leader for that topic-partition', // NOT_LEADER_FOR_PARTITION (6)
  "The coordinator is loading and hence can't process requests", // GROUP_LOAD_IN_PROGRESS (14)
  'The group coordinator is not available', // GROUP_COORDINATOR_NOT_AVAILABLE (15)
  'This is not the correct coordinator for this group', // NOT_COORDINATOR_FOR_GROUP (16)
  // A member joined or left (a deploy, a scale-out, an instance that died): the heartbeat says so
  // and the consumer rejoins, as designed.
  'The group is rebalancing, so a rejoin is needed', // REBALANCE_IN_PROGRESS (27)
];

/** The pino level of a kafkajs entry: kafkajs's own, except for what is known to be harmless. */
export function levelOfKafkaEntry({ namespace, level, log: { message, error } }: LogEntry): Level {
  // Said once per idempotent producer because `retry.retries` is capped: a send that runs out
  // of retries fails and its caller retries it (the publish activity); consumers drop duplicates by event id.
  if (message === 'Limiting retries for the idempotent producer may invalidate EoS guarantees') return 'debug';
  if (namespace === 'Connection' && typeof error === 'string' && settlingAnswers.some((answer) => error.startsWith(answer))) return 'info';
  if (namespace === 'Runner' && message === 'The group is rebalancing, re-joining') return 'info';
  // What a handler threw: runConsumer has logged it already, with the record's place.
  if (namespace === 'Runner' && message === 'Error when calling eachMessage') return 'debug';
  switch (level) {
    case logLevel.ERROR:
      return 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'info';
    default:
      return 'debug';
  }
}

/** kafkajs entries as pino lines: the message, kafkajs's namespace, and its fields (broker, clientId, error …). */
function kafkaLogCreator(log: Logger): () => (entry: LogEntry) => void {
  const kafkaLog = log.child({ component: 'kafkajs' });
  return () => (entry) => {
    const at = levelOfKafkaEntry(entry);
    if (!kafkaLog.isLevelEnabled(at)) return;
    const { message, timestamp: _timestamp, logger: _logger, ...fields } = entry.log;
    kafkaLog[at]({ namespace: entry.namespace, ...fields }, message);
  };
}

export function resolveTopic(config: PlatformConfig, name: TopicName): string {
  return topicName(config.kafka.topicPrefix, name);
}

/** Creates the topics that do not exist yet; safe to call from every process at start. */
export async function ensureTopics(kafka: Kafka, config: PlatformConfig, names: TopicName[]): Promise<void> {
  // A topic just created (here or by another process) can be missing from a broker's metadata
  // for a moment ("does not host this topic-partition"): a retriable answer, so ask again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await createMissingTopics(kafka, config, names);
      return;
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

async function createMissingTopics(kafka: Kafka, config: PlatformConfig, names: TopicName[]): Promise<void> {
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

/** The headers a dead-lettered record carries besides its own. */
export const deadLetterHeaders = {
  reason: 'lianxin-dead-letter-reason',
  group: 'lianxin-dead-letter-group',
  source: 'lianxin-dead-letter-source',
  at: 'lianxin-dead-letter-at',
} as const;

/**
 * A DeadLetter that copies the record (key, value, headers) to `topic`, adding why, which
 * consumer group gave up on it and where it came from (`topic/partition/offset`), so it can be
 * read, fixed and replayed.
 */
export function deadLetterTo(producer: Producer, topic: string, groupId: string): DeadLetter {
  return async (message, source, reason) => {
    const headers: Record<string, string | Buffer> = {};
    for (const [name, value] of Object.entries(message.headers ?? {})) {
      if (typeof value === 'string' || Buffer.isBuffer(value)) headers[name] = value;
    }
    headers[deadLetterHeaders.reason] = reason.slice(0, 2_000);
    headers[deadLetterHeaders.group] = groupId;
    headers[deadLetterHeaders.source] = `${source.topic}/${source.partition}/${message.offset}`;
    headers[deadLetterHeaders.at] = new Date().toISOString();
    await producer.send({ topic, acks: -1, messages: [{ key: message.key, value: message.value, headers }] });
  };
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

/**
 * Thrown by a handler for a record that no retry can ever handle (unparsable, or of a shape it
 * does not know): the consumer hands it to its dead-letter function and moves on, instead of
 * blocking the partition or dropping it silently.
 */
export class UnreadableMessage extends Error {
  override name = 'UnreadableMessage';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Where an unreadable record goes (e.g. a dead-letter topic), with the reason. */
export type DeadLetter = (message: KafkaMessage, source: { topic: string; partition: number }, reason: string) => Promise<void>;

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  log: Logger;
  /** Partitions handled side by side (each partition stays in order). Default 1. */
  partitionsConsumedConcurrently?: number;
  handle: (message: KafkaMessage, topic: string, partition: number) => Promise<void>;
  /** Takes records the handler declares unreadable (UnreadableMessage); without it they are retried like any failure. */
  deadLetter?: DeadLetter;
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
    // A fetch with nothing to read waits this long at the broker; disconnect() waits for the fetch
    // in hand, so a service stops within about a second instead of kafkajs's five. (A record
    // arriving ends the wait at once: no effect on latency.)
    maxWaitTimeInMs: 1_000,
    // Whatever made it crash (a broker gone, a handler failing past kafkajs's retries), the member
    // starts again and resumes from its last commit: a consumer that stays down is a read model
    // or a notifier that silently stops.
    retry: { restartOnFailure: async (error) => {
      options.log.error({ err: error, groupId: options.groupId }, 'consumer crashed; restarting it');
      return true;
    } },
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
        if (error instanceof UnreadableMessage && options.deadLetter) {
          await options.deadLetter(message, { topic, partition }, error.reason);
          options.log.error({ topic, partition, offset: message.offset, reason: error.reason }, 'unreadable record moved to the dead-letter topic');
          return;
        }
        options.log.error({ err: error, topic, partition, offset: message.offset }, 'event handler failed; will retry');
        // kafkajs handles what a handler throws as an Error it may extend; a DOMException (fetch's
        // TimeoutError, AbortError) breaks that and used to stop the consumer for good.
        throw error instanceof Error && !(error instanceof DOMException) ? error : new Error(`event handler failed: ${String((error as { message?: unknown })?.message ?? error)}`, { cause: error });
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
