import { randomBytes } from 'node:crypto';
import { fromOrderEventRecord } from '@lianxin/contracts';
import { applyToTimeline, orderTimelineModel } from '@lianxin/order-views';
import { connectMongo, createKafka, createLogger, loadConfig, readConsumerLag, resolveTopic, runConsumer, type PlatformConfig } from '@lianxin/platform';

export interface TimelineBackfill {
  /** Lines added (events the timelines did not hold). */
  added: number;
  /** Events whose line was there already. */
  present: number;
  /** Records that are not order events (the services dead-letter them). */
  skipped: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads the order-event topic from its beginning into the residents' timelines (`order_timelines`)
 * and stops once it has read to the end: for orders that ran before the timeline left the
 * workflow's state, as far back as the topic keeps its events. A line already there is left as it
 * is, so it may run at any time, beside the running services, and again.
 */
export async function backfillTimelines(config: PlatformConfig, options: { timeoutMs?: number } = {}): Promise<TimelineBackfill> {
  const log = createLogger('timelines-backfill', process.env.LOG_LEVEL ?? 'warn');
  const db = await connectMongo(config, 'residents');
  const kafka = createKafka(config, 'lianxin-timelines-backfill');
  const admin = kafka.admin();
  await admin.connect();
  const topic = resolveTopic(config, 'orderEvents');
  const groupId = `${config.kafka.topicPrefix}residents.timelines-backfill.${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const result: TimelineBackfill = { added: 0, present: 0, skipped: 0 };
  const timelines = orderTimelineModel(db);
  const consumer = await runConsumer(kafka, {
    groupId,
    topics: [topic],
    fromBeginning: true,
    log,
    partitionsConsumedConcurrently: config.kafka.partitions,
    handle: async (message) => {
      let event;
      try {
        event = fromOrderEventRecord(message);
      } catch {
        result.skipped += 1;
        return;
      }
      if ((await applyToTimeline(timelines, event)) === 'written') result.added += 1;
      else result.present += 1;
    },
  });
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
    // Done when the group's committed offsets reach the ends the topic had when it started.
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
    for (;;) {
      const lags = await readConsumerLag(admin, groupId, [topic]);
      if (lags.every((p) => p.committed >= (ends.get(p.partition) ?? 0) || p.end === 0)) return result;
      if (Date.now() > deadline) throw new Error(`回填未在时限内完成 (backfill timed out; ${result.added} lines added so far)`);
      await sleep(500);
    }
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
    await db.close();
  }
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const started = Date.now();
  const { added, present, skipped } = await backfillTimelines(config);
  process.stdout.write(`timelines: ${added} line(s) added, ${present} already there, ${skipped} record(s) not order events (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`timelines:backfill: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
