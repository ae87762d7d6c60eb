import { metrics } from '@opentelemetry/api';
import type { Admin } from 'kafkajs';
import type { Logger } from './logger';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** The group's committed offset (the next message it will read). */
  committed: number;
  /** The partition's end offset (high watermark). */
  end: number;
  lag: number;
}

export interface ConsumerLagReport {
  groupId: string;
  /** Messages on the topics not yet committed by the group. */
  lag: number;
  /** Lag that has not moved for `stuckAfterMs` while the group commits nothing. */
  stuck: boolean;
  partitions: PartitionLag[];
  /** When the offsets were last read; undefined until the first reading. */
  checkedAt?: string;
}

export interface LagWatchOptions {
  groupId: string;
  topics: string[];
  log: Logger;
  intervalMs?: number;
  /** Progress-free time with lag > 0 after which the consumer counts as stuck. */
  stuckAfterMs?: number;
}

export interface LagWatch {
  report(): ConsumerLagReport;
  stop(): void;
}

interface PartitionProgress {
  committed: number;
  movedAt: number;
}

/** Offsets as Kafka reports them: strings; '-1' when the group has committed nothing yet. */
function offsetNumber(raw: string): number {
  const value = Number(raw);
  return Number.isFinite(value) ? value : -1;
}

/** Reads the group's committed offsets against the partitions' end offsets: lag per partition. */
export async function readConsumerLag(admin: Admin, groupId: string, topics: string[]): Promise<PartitionLag[]> {
  const lags: PartitionLag[] = [];
  const committedByTopic = await admin.fetchOffsets({ groupId, topics });
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const committed = new Map(
      (committedByTopic.find((t) => t.topic === topic)?.partitions ?? []).map((p) => [p.partition, offsetNumber(p.offset)]),
    );
    for (const { partition, offset, low } of ends) {
      const end = offsetNumber(offset);
      const from = Math.max(committed.get(partition) ?? -1, offsetNumber(low));
      lags.push({ topic, partition, committed: from, end, lag: Math.max(0, end - from) });
    }
  }
  return lags.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

/**
 * Watches a consumer group's lag every few seconds: the latest reading for /readyz and the
 * `lianxin.consumer.lag` gauge, and an error log when the lag stops moving (a stuck consumer),
 * once per episode, with a log when it moves again.
 */
export function watchConsumerLag(admin: Admin, options: LagWatchOptions): LagWatch {
  const intervalMs = options.intervalMs ?? 5_000;
  const stuckAfterMs = options.stuckAfterMs ?? 60_000;
  const progress = new Map<string, PartitionProgress>();
  let latest: ConsumerLagReport = { groupId: options.groupId, lag: 0, stuck: false, partitions: [] };
  let reading = false;

  const gauge = metrics.getMeter('lianxin').createObservableGauge('lianxin.consumer.lag', {
    description: 'Messages on a topic partition not yet committed by a consumer group',
  });
  const observe = (result: { observe(value: number, attributes: Record<string, string | number>): void }) => {
    for (const p of latest.partitions) result.observe(p.lag, { group: options.groupId, topic: p.topic, partition: p.partition });
  };
  gauge.addCallback(observe);

  const check = async () => {
    if (reading) return;
    reading = true;
    try {
      const now = Date.now();
      const partitions = await readConsumerLag(admin, options.groupId, options.topics);
      let stuck = false;
      for (const p of partitions) {
        const key = `${p.topic}/${p.partition}`;
        const before = progress.get(key);
        if (!before || before.committed !== p.committed || p.lag === 0) progress.set(key, { committed: p.committed, movedAt: now });
        else if (now - before.movedAt >= stuckAfterMs) stuck = true;
      }
      const lag = partitions.reduce((sum, p) => sum + p.lag, 0);
      if (stuck && !latest.stuck) {
        options.log.error({ groupId: options.groupId, lag, partitions: partitions.filter((p) => p.lag > 0) }, 'consumer stuck: lag is not shrinking');
      } else if (!stuck && latest.stuck) {
        options.log.info({ groupId: options.groupId, lag }, 'consumer moving again');
      }
      latest = { groupId: options.groupId, lag, stuck, partitions, checkedAt: new Date(now).toISOString() };
    } catch (error) {
      options.log.warn({ err: error, groupId: options.groupId }, 'could not read consumer lag');
    } finally {
      reading = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return {
    report: () => latest,
    stop: () => {
      clearInterval(timer);
      gauge.removeCallback(observe);
    },
  };
}
