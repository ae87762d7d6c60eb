import { applyToTimeline, orderTimelineModel } from '@lianxin/order-views';
import { connectMongo, loadConfig, type PlatformConfig } from '@lianxin/platform';
import { replayOrderTopic, runBackfillCommand } from './order-topic-replay';

export interface TimelineBackfill {
  /** Lines added (events the timelines did not hold). */
  added: number;
  /** Events whose line was there already. */
  present: number;
  /** Records that are not order events (the services dead-letter them). */
  skipped: number;
}

/**
 * Reads the order-event topic from its beginning into the residents' timelines (`order_timelines`)
 * and stops once it has read to the end: for orders that ran before the timeline left the
 * workflow's state, as far back as the topic keeps its events. A line already there is left as it
 * is, so it may run at any time, beside the running services, and again.
 */
export async function backfillTimelines(config: PlatformConfig, options: { timeoutMs?: number } = {}): Promise<TimelineBackfill> {
  const db = await connectMongo(config, 'residents');
  try {
    const timelines = orderTimelineModel(db);
    let added = 0;
    let present = 0;
    const { skipped } = await replayOrderTopic(
      config,
      'timelines-backfill',
      async (event) => {
        if ((await applyToTimeline(timelines, event)) === 'written') added += 1;
        else present += 1;
      },
      options,
    );
    return { added, present, skipped };
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  runBackfillCommand('timelines:backfill', async () => {
    const { added, present, skipped } = await backfillTimelines(loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }));
    return `timelines: ${added} line(s) added, ${present} already there, ${skipped} record(s) not order events`;
  });
}
