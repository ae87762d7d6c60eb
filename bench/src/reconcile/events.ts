import { randomBytes } from 'node:crypto';
import { fromOrderEventRecord, topicName } from '@lianxin/contracts';
import { createKafka, createLogger, type PlatformConfig } from '@lianxin/platform';
import type { Problem } from './report';
import type { WorkflowState } from './workflows';

/** One record of an order's event, as much as the checks need. */
export interface SeenEvent {
  id: string;
  sequence: number;
  type: string;
  occurredAt: string;
  /** What the event says happened, without the order view: the same fact twice has the same one. */
  fact: string;
  /** The record's data but the sealed personal copy: the same id with another content is a conflict. */
  content: string;
  partition: number;
  offset: string;
}

/** The events of one order on the topic, in the order they were read (per partition: topic order). */
export interface OrderEvents {
  records: SeenEvent[];
}

export interface EventIndex {
  topic: string;
  totalRecords: number;
  unreadable: number;
  /** False when reading stopped on the idle timeout before reaching every high watermark. */
  complete: boolean;
  orders: Map<string, OrderEvents>;
}

/** Stop waiting for records after this long without one (a partition that never reaches its watermark). */
const idleTimeoutMs = 20_000;

/**
 * Reads the whole order-event topic once, from the beginning to the high watermarks taken at the
 * start, with a consumer group of its own (deleted afterwards, nothing committed), and indexes
 * the events of the orders in `wanted` by order id.
 */
export async function readOrderEvents(config: PlatformConfig, wanted: ReadonlySet<string>): Promise<EventIndex> {
  const topic = topicName(config.kafka.topicPrefix, 'orderEvents');
  // kafkajs retries a broker that is away (restarting) and logs each attempt; quiet here: a
  // connection that never comes back fails the call, and a read that stalls ends on the idle timeout.
  const kafka = createKafka(config, 'lianxin-reconcile', createLogger('reconcile-kafka', 'fatal'));
  const admin = kafka.admin();
  await admin.connect();
  const index: EventIndex = { topic, totalRecords: 0, unreadable: 0, complete: true, orders: new Map() };
  const groupId = `lianxin-reconcile-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    /** Per partition, the last offset to read (high watermark − 1); partitions with nothing to read are left out. */
    const remaining = new Map<number, bigint>();
    /** Per partition, the highest offset indexed: a rejoin after a broker restart reads from the beginning again, which must not count twice. */
    const indexedUpTo = new Map<number, bigint>();
    for (const o of offsets) if (BigInt(o.high) > BigInt(o.low)) remaining.set(o.partition, BigInt(o.high) - 1n);
    if (remaining.size === 0) return index;

    const consumer = kafka.consumer({ groupId, sessionTimeout: 30_000, maxBytesPerPartition: 4 * 1024 * 1024 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        let idle: NodeJS.Timeout | undefined;
        const armIdle = () => {
          clearTimeout(idle);
          idle = setTimeout(() => {
            index.complete = false;
            resolve();
          }, idleTimeoutMs);
        };
        armIdle();
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch, heartbeat }) => {
              armIdle();
              const last = remaining.get(batch.partition);
              for (const message of batch.messages) {
                const offset = BigInt(message.offset);
                if (last === undefined || offset > last) break;
                if (offset <= (indexedUpTo.get(batch.partition) ?? -1n)) continue;
                indexedUpTo.set(batch.partition, offset);
                index.totalRecords += 1;
                let event;
                try {
                  event = fromOrderEventRecord(message);
                } catch {
                  index.unreadable += 1;
                  continue;
                }
                if (!wanted.has(event.data.orderId)) continue;
                const { order: _order, sequence: _sequence, ...fact } = event.data;
                const entry = index.orders.get(event.data.orderId) ?? { records: [] };
                entry.records.push({
                  id: event.id,
                  sequence: event.sequence,
                  type: event.type,
                  occurredAt: event.data.occurredAt,
                  fact: JSON.stringify(fact),
                  // The sealed copy of the personal data is encrypted anew (a fresh nonce) on each
                  // publish: a retried publish of the same event differs there and nowhere else.
                  content: JSON.stringify({ ...event.data, order: { ...event.data.order, personal: undefined } }),
                  partition: batch.partition,
                  offset: message.offset,
                });
                index.orders.set(event.data.orderId, entry);
              }
              const lastInBatch = batch.messages.at(-1);
              if (last !== undefined && lastInBatch && BigInt(lastInBatch.offset) >= last) remaining.delete(batch.partition);
              await heartbeat();
              if (remaining.size === 0) {
                clearTimeout(idle);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return index;
}

export interface EventCheck {
  problems: Problem[];
  duplicateRecords: number;
  /** Missing tail events of an order that changed within the grace period. */
  inFlight: number;
  /** The highest sequence seen on the topic. */
  highest: number;
}

/**
 * Sequences 1..n (n = the workflow's sequence) each present, none beyond n; the same event id
 * repeated is a duplicate record (harmless: consumers keep the newest sequence and deliveries
 * are keyed by event id) unless its content differs; the same fact under two sequences is
 * duplicated in effect (consumers would apply it twice).
 */
export function checkEvents(state: WorkflowState, events: OrderEvents | undefined, recent: boolean): EventCheck {
  const result: EventCheck = { problems: [], duplicateRecords: 0, inFlight: 0, highest: 0 };
  const view = state.view;
  if (!view) return result;
  const orderId = state.orderId;
  const records = events?.records ?? [];
  const byId = new Map<string, SeenEvent>();
  const byFact = new Map<string, number>();
  for (const r of records) {
    result.highest = Math.max(result.highest, r.sequence);
    const first = byId.get(r.id);
    if (first) {
      result.duplicateRecords += 1;
      if (first.content !== r.content) {
        result.problems.push({
          orderId,
          kind: 'events_duplicated_in_effect',
          detail: `event ${r.id} published twice with different content (${first.type} at ${first.partition}/${first.offset}, ${r.type} at ${r.partition}/${r.offset})`,
        });
      }
      continue;
    }
    byId.set(r.id, r);
    const other = byFact.get(r.fact);
    if (other !== undefined && other !== r.sequence) {
      result.problems.push({ orderId, kind: 'events_duplicated_in_effect', detail: `${r.type} at ${r.occurredAt} published as sequence ${other} and ${r.sequence}` });
    } else {
      byFact.set(r.fact, r.sequence);
    }
  }
  const present = new Set([...byId.values()].map((r) => r.sequence));
  const missing: number[] = [];
  for (let s = 1; s <= view.sequence; s += 1) if (!present.has(s)) missing.push(s);
  if (missing.length > 0) {
    const gap = missing.some((s) => s < result.highest);
    if (!gap && recent) result.inFlight += 1;
    else {
      result.problems.push({
        orderId,
        kind: 'events_missing',
        detail: `workflow at sequence ${view.sequence}, topic has ${present.size} distinct (missing ${ranges(missing)}${gap ? ', a gap' : ''})`,
      });
    }
  }
  const ahead = [...present].filter((s) => s > view.sequence).sort((a, b) => a - b);
  if (ahead.length > 0) {
    result.problems.push({ orderId, kind: 'events_ahead', detail: `workflow at sequence ${view.sequence}, topic has ${ranges(ahead)}` });
  }
  return result;
}

/** 1,2,3,5 → "1-3, 5". */
export function ranges(values: number[]): string {
  const parts: string[] = [];
  let start = values[0];
  let prev = start;
  for (const v of [...values.slice(1), Number.NaN]) {
    if (v === (prev ?? 0) + 1) {
      prev = v;
      continue;
    }
    if (start !== undefined) parts.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = v;
    prev = v;
  }
  return parts.join(', ');
}
