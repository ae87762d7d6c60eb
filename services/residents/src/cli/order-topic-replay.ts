import { randomBytes } from 'node:crypto';
import { fromOrderEventRecord, type ReceivedOrderEvent } from '@lianxin/contracts';
import { createKafka, createLogger, readConsumerLag, resolveTopic, runConsumer, type PlatformConfig } from '@lianxin/platform';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface OrderTopicReplay {
  /** Order events handed to `handle`. */
  read: number;
  /** Records that are not order events (the services dead-letter them). */
  skipped: number;
}

/**
 * Reads the order-event topic from its beginning, as far back as Kafka keeps it, and stops once
 * it has read to where the topic ended when it started: for a read model that needs what happened
 * before it existed. It reads in a consumer group of its own (deleted at the end), so it may run
 * beside the services; `handle` must be safe to apply twice (a redelivery) — and so, the replay
 * safe to run again.
 */
export async function replayOrderTopic(
  config: PlatformConfig,
  name: string,
  handle: (event: ReceivedOrderEvent) => Promise<void>,
  options: { timeoutMs?: number } = {},
): Promise<OrderTopicReplay> {
  const log = createLogger(name, process.env.LOG_LEVEL ?? 'warn');
  const kafka = createKafka(config, `lianxin-${name}`);
  const admin = kafka.admin();
  await admin.connect();
  const topic = resolveTopic(config, 'orderEvents');
  const groupId = `${config.kafka.topicPrefix}residents.${name}.${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const result: OrderTopicReplay = { read: 0, skipped: 0 };
  try {
    // Where the topic ends now: done once the group's committed offsets reach these.
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
    const consumer = await runConsumer(kafka, {
      groupId,
      topics: [topic],
      fromBeginning: true,
      log,
      partitionsConsumedConcurrently: config.kafka.partitions,
      handle: async (message) => {
        let event: ReceivedOrderEvent;
        try {
          event = fromOrderEventRecord(message);
        } catch {
          result.skipped += 1;
          return;
        }
        await handle(event);
        result.read += 1;
      },
    });
    try {
      const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
      for (;;) {
        const lags = await readConsumerLag(admin, groupId, [topic]);
        if (lags.every((p) => p.committed >= (ends.get(p.partition) ?? 0) || p.end === 0)) return result;
        if (Date.now() > deadline) throw new Error(`回填未在时限内完成 (backfill timed out after ${result.read} events)`);
        await sleep(500);
      }
    } finally {
      await consumer.disconnect();
    }
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

/** Runs a backfill as a command: its one-line report, exit code 0; or its error, exit code 1. */
export function runBackfillCommand(command: string, backfill: () => Promise<string>): void {
  const started = Date.now();
  backfill().then(
    (report) => {
      process.stdout.write(`${report} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(`${command}: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
