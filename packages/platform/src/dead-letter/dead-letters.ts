import { randomUUID } from 'node:crypto';
import type { Admin, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { PlatformConfig } from '../config';
import { connectProducer, consumerCommitPolicy, createKafka, deadLetterHeaders, resolveTopic } from '../kafka';
import { createLogger, type Logger } from '../logger';

/**
 * Looking at and replaying the order-event dead letters (`<prefix>order.events.dead-letter`,
 * written by `deadLetterTo`): `npm run dlq -- list | replay` (cli.ts).
 *
 * Replay republishes a dead letter onto its source topic — its key, value and headers, minus
 * the dead-letter headers, plus `lianxin-replayed-from: <dlq partition>/<offset>` — so that every
 * consumer group reads it again (consumers drop what they already applied, by event id). Bytes
 * are copied as they are: nothing is decoded or decrypted, so sealed personal data stays sealed.
 *
 * Where replay stands is kept in Kafka, as the committed offsets of consumer groups of the tool on
 * the dead-letter topic, committed after each record:
 *
 * - `replay` (every group's dead letters) keeps its place in `<prefix>dlq-replay`;
 * - `replay --group G` (only the dead letters consumer group G refused) keeps its own place in
 *   `<prefix>dlq-replay.<G>` (G with the topic prefix, as in the `lianxin-dead-letter-group`
 *   header). Records of other groups are passed over and committed past: for G's place they are
 *   none of its business, and they stay where they are for `replay` or `replay --group <theirs>`.
 *
 * Either way a dead letter is republished once: each kind of run also passes over a record that
 * the other kind has already replayed (a `replay` over what a `replay --group` of its group
 * replayed, a `replay --group` over what `replay` replayed). A run cut short resumes after the
 * last record it committed; a crash between republishing a record and committing it republishes
 * that record again on the next run (at least once, like every producer here).
 *
 * A record refused by several groups lies in the dead-letter topic once per group, but one copy
 * on the source topic reaches them all: within a run, a record whose source (topic/partition/
 * offset) was already republished is passed over. (A group that refuses the record after a run
 * has replayed it adds a dead letter the next run replays again; consumers drop the duplicate.)
 *
 * `--from-offset` moves the run's own place (and, in a real run, its committed offsets) on the
 * given partitions — back to replay again on purpose, or forward to give up on old records; on
 * those partitions the other kind of run's bookkeeping is not consulted.
 *
 * A run reads up to the end the dead-letter topic had when it started; Ctrl-C (`signal`) stops it
 * after the record in hand. Run one replay at a time: a run that finds a partition it needs held
 * by another member of its consumer group stops with an error (what it committed stays
 * committed), and a record in hand during such a handover may be republished twice; a `replay`
 * and a `replay --group` side by side read each other's place only as they start, so they may
 * both republish the same record.
 */

/** The header a replayed record carries: where, in the dead-letter topic, it was replayed from. */
export const replayedFromHeader = 'lianxin-replayed-from';

/** How much of a value `list` shows. */
export const valuePreviewChars = 200;

/** A record of the dead-letter topic, as far as its headers tell. */
export interface DeadLetterEntry {
  /** Where it lies in the dead-letter topic. */
  partition: number;
  offset: number;
  /** Where the refused record was (`lianxin-dead-letter-source`); undefined if the header is missing or malformed. */
  source: { topic: string; partition: number; offset: number } | undefined;
  /** The consumer group that refused it (with the topic prefix). */
  group: string | undefined;
  reason: string | undefined;
  /** When it was dead-lettered (ISO 8601): the header, else the record's timestamp. */
  at: string;
  /** The key as text (order ids). */
  key: string | null;
  /** The first `valuePreviewChars` characters of the value, as UTF-8 text; nothing is decoded. */
  value: string | null;
  /** The value's length in bytes. */
  valueBytes: number;
}

export interface ListedDeadLetter extends DeadLetterEntry {
  /** Whether a replay has dealt with it (republished it, or its source record). */
  replayed: boolean;
}

export interface ListOptions {
  /** Only the dead letters of this consumer group (with or without the topic prefix). */
  group?: string;
  /** Show at most this many (the oldest); counts cover them all. */
  limit?: number;
  log?: Logger;
  /** Give up when the topic yields nothing for this long (default 30 s). */
  idleTimeoutMs?: number;
}

export interface DeadLetterList {
  topic: string;
  /** How many dead letters (of `group`, if given) there are. */
  total: number;
  /** The oldest `limit` of them, oldest first. */
  shown: ListedDeadLetter[];
  /** How many per refusing group and reason, most first. */
  counts: Array<{ group: string; reason: string; count: number }>;
}

/** Where a run starts: `offset` on `partition`, or on every partition without one (a partition's own entry wins). */
export interface FromOffset {
  partition?: number;
  offset: number;
}

export interface ReplayOptions {
  /** Only the dead letters of this consumer group (with or without the topic prefix); see the module comment. */
  group?: string;
  /** Start here instead of where the last run stopped. */
  fromOffset?: FromOffset[];
  /** Say what would be replayed; republish and commit nothing. */
  dryRun?: boolean;
  log?: Logger;
  /** Told of each record as it is dealt with (e.g. to print it). */
  onOutcome?: (outcome: ReplayOutcome) => void;
  /** Stops the run once the record in hand is republished and committed (e.g. on Ctrl-C); the next run goes on from there. */
  signal?: AbortSignal;
  /** Give up when the topic yields nothing for this long (default 30 s). */
  idleTimeoutMs?: number;
}

export type SkipReason =
  /** `--group` was given and another group refused it. */
  | 'other group'
  /** The other kind of run (`replay` / `replay --group`) has replayed it. */
  | 'already replayed'
  /** Its source record was republished earlier in this run (it was refused by several groups). */
  | 'source already replayed'
  /** It has no readable `lianxin-dead-letter-source` header: there is nowhere to replay it to. */
  | 'no source';

export interface ReplayOutcome {
  entry: DeadLetterEntry;
  action: 'replayed' | 'would replay' | 'skipped';
  skipReason?: SkipReason;
}

export interface ReplayResult {
  topic: string;
  /** The consumer group that keeps this kind of run's place. */
  consumerGroup: string;
  dryRun: boolean;
  /** Republished (0 in a dry run). */
  replayed: number;
  /** Picked for replay: as `replayed` in a real run, what would be republished in a dry run. */
  toReplay: number;
  skipped: number;
  outcomes: ReplayOutcome[];
  /** Stopped by `signal` before the end: a later run goes on. */
  interrupted: boolean;
}

const defaultIdleTimeoutMs = 30_000;

export function deadLetterTopic(config: PlatformConfig): string {
  return resolveTopic(config, 'orderEventsDeadLetter');
}

/** A consumer group as the dead-letter header names it: with the topic prefix. */
export function refusingGroupId(config: PlatformConfig, group: string): string {
  const prefix = config.kafka.topicPrefix;
  return group.startsWith(prefix) ? group : `${prefix}${group}`;
}

/** The consumer group keeping the place of `replay` (no group) or of `replay --group <refusingGroup>`. */
export function replayGroupId(config: PlatformConfig, refusingGroup?: string): string {
  const base = `${config.kafka.topicPrefix}dlq-replay`;
  return refusingGroup === undefined ? base : `${base}.${refusingGroupId(config, refusingGroup)}`;
}

/** Lists the dead letters (of `options.group`), the oldest `options.limit` in full, and counts them per group and reason. */
export async function listDeadLetters(config: PlatformConfig, options: ListOptions = {}): Promise<DeadLetterList> {
  const log = options.log ?? createLogger('dead-letters', config.logLevel);
  const topic = deadLetterTopic(config);
  const filter = options.group === undefined ? undefined : refusingGroupId(config, options.group);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const kafka = createKafka(config, 'lianxin-dead-letters', log);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const list: DeadLetterList = { topic, total: 0, shown: [], counts: [] };
    if (!(await topicExists(admin, topic))) return list;
    const ranges = await wholeTopic(admin, topic);
    const positions = new ReplayPositions(admin, config, topic);
    // Each partition is read in order: its first `limit` records are the only ones that can be among the oldest `limit`.
    const firstPerPartition = new Map<number, ListedDeadLetter[]>();
    const counts = new Map<string, { group: string; reason: string; count: number }>();
    const groupId = `${config.kafka.topicPrefix}dlq-list.${randomUUID()}`;
    await readToEnd(kafka, topic, { groupId, ranges, commit: false, idleTimeoutMs: options.idleTimeoutMs ?? defaultIdleTimeoutMs }, log, async (message, partition) => {
      const entry = readEntry(message, partition);
      if (filter !== undefined && entry.group !== filter) return;
      list.total += 1;
      const group = entry.group ?? '(unknown)';
      const reason = oneLine(entry.reason ?? '(none)');
      const key = JSON.stringify([group, reason]);
      const count = counts.get(key) ?? { group, reason, count: 0 };
      count.count += 1;
      counts.set(key, count);
      const kept = firstPerPartition.get(partition) ?? [];
      if (kept.length < limit) {
        kept.push({ ...entry, replayed: await positions.replayed(entry) });
        firstPerPartition.set(partition, kept);
      }
    });
    await deleteGroup(admin, groupId, log);
    list.shown = [...firstPerPartition.values()]
      .flat()
      .sort((a, b) => a.at.localeCompare(b.at) || a.partition - b.partition || a.offset - b.offset)
      .slice(0, limit);
    list.counts = [...counts.values()].sort((a, b) => b.count - a.count || a.group.localeCompare(b.group) || a.reason.localeCompare(b.reason));
    return list;
  } finally {
    await admin.disconnect();
  }
}

/** Republishes the dead letters not replayed yet (of `options.group`) onto their source topics; see the module comment. */
export async function replayDeadLetters(config: PlatformConfig, options: ReplayOptions = {}): Promise<ReplayResult> {
  const log = options.log ?? createLogger('dead-letters', config.logLevel);
  const topic = deadLetterTopic(config);
  const filter = options.group === undefined ? undefined : refusingGroupId(config, options.group);
  const dryRun = options.dryRun ?? false;
  const consumerGroup = replayGroupId(config, filter);
  const result: ReplayResult = { topic, consumerGroup, dryRun, replayed: 0, toReplay: 0, skipped: 0, outcomes: [], interrupted: false };
  const kafka = createKafka(config, 'lianxin-dead-letters', log);
  const admin = kafka.admin();
  await admin.connect();
  let producer: Producer | undefined;
  try {
    if (!(await topicExists(admin, topic))) return result;
    const ranges = await wholeTopic(admin, topic);
    const own = await committedOffsets(admin, consumerGroup, topic);
    const explicit = explicitStarts(options.fromOffset ?? [], [...ranges.keys()]);
    for (const [partition, range] of ranges) {
      const start = explicit.get(partition) ?? own.get(partition) ?? range.start;
      range.start = Math.min(Math.max(start, range.start), range.end);
    }
    if (!dryRun && explicit.size > 0) {
      // Fails while a member is in the group: another replay of this kind is running.
      await admin.setOffsets({
        groupId: consumerGroup,
        topic,
        partitions: [...explicit.keys()].map((partition) => ({ partition, offset: String(ranges.get(partition)!.start) })),
      });
    }
    const positions = new ReplayPositions(admin, config, topic);
    const republished = new Set<string>();
    const readGroup = dryRun ? `${config.kafka.topicPrefix}dlq-dry-run.${randomUUID()}` : consumerGroup;
    const record = (outcome: ReplayOutcome) => {
      result.outcomes.push(outcome);
      if (outcome.action === 'skipped') result.skipped += 1;
      else result.toReplay += 1;
      if (outcome.action === 'replayed') result.replayed += 1;
      options.onOutcome?.(outcome);
    };
    const plan: ReadPlan = { groupId: readGroup, ranges, commit: !dryRun, idleTimeoutMs: options.idleTimeoutMs ?? defaultIdleTimeoutMs };
    if (options.signal) plan.signal = options.signal;
    result.interrupted = !(await readToEnd(kafka, topic, plan, log, async (message, partition) => {
      const entry = readEntry(message, partition);
      const skip = (skipReason: SkipReason) => record({ entry, action: 'skipped', skipReason });
      if (filter !== undefined && entry.group !== filter) return skip('other group');
      if (!entry.source) return skip('no source');
      if (!explicit.has(partition) && (filter !== undefined ? await positions.replayedByAll(entry) : await positions.replayedByGroup(entry))) {
        return skip('already replayed');
      }
      const source = `${entry.source.topic}/${entry.source.partition}/${entry.source.offset}`;
      if (republished.has(source)) return skip('source already replayed');
      republished.add(source);
      if (dryRun) return record({ entry, action: 'would replay' });
      producer ??= await connectProducer(kafka);
      await producer.send({
        topic: entry.source.topic,
        acks: -1,
        messages: [{ key: message.key, value: message.value, headers: replayHeaders(message, partition) }],
      });
      record({ entry, action: 'replayed' });
    }));
    if (dryRun) await deleteGroup(admin, readGroup, log);
    return result;
  } finally {
    await producer?.disconnect();
    await admin.disconnect();
  }
}

/** The line ending a replay: `replayed N, skipped M`. */
export function replaySummary(result: Pick<ReplayResult, 'replayed' | 'toReplay' | 'skipped' | 'dryRun' | 'interrupted'>): string {
  const notes = [
    ...(result.dryRun ? [`dry run: would replay ${result.toReplay}`] : []),
    ...(result.interrupted ? ['interrupted: run it again to go on'] : []),
  ];
  return `replayed ${result.replayed}, skipped ${result.skipped}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/** One line per record a replay dealt with. */
export function formatReplayOutcome({ entry, action, skipReason }: ReplayOutcome): string {
  const where = `dlq ${entry.partition}/${entry.offset}`;
  const from = entry.source ? `${entry.source.topic}/${entry.source.partition}/${entry.source.offset}` : '(no source)';
  const line = `${where}  group ${entry.group ?? '(unknown)'}  from ${from}`;
  if (action === 'skipped') return `skipped       ${line}: ${skipReason ?? ''}`;
  return `${action === 'replayed' ? 'replayed     ' : 'would replay '} ${line}`;
}

/** `list`'s output: each shown dead letter, the counts per group and reason, a summary line. */
export function formatDeadLetterList(list: DeadLetterList): string[] {
  const lines: string[] = [];
  for (const entry of list.shown) {
    const from = entry.source ? `${entry.source.topic}/${entry.source.partition}/${entry.source.offset}` : '(no source)';
    lines.push(`dlq ${entry.partition}/${entry.offset}  ${entry.at}  group ${entry.group ?? '(unknown)'}  from ${from}${entry.replayed ? '  [replayed]' : ''}`);
    lines.push(`  reason: ${oneLine(entry.reason ?? '(none)')}`);
    lines.push(`  key:    ${entry.key === null ? '(none)' : JSON.stringify(entry.key)}`);
    const more = entry.value !== null && Buffer.byteLength(entry.value) < entry.valueBytes ? '…' : '';
    lines.push(`  value:  ${entry.value === null ? '(none)' : `${JSON.stringify(entry.value)}${more}`} (${entry.valueBytes} bytes)`);
  }
  if (list.counts.length > 0) {
    lines.push('per group and reason:');
    for (const { group, reason, count } of list.counts) lines.push(`  ${String(count).padStart(5)}  ${group}  ${reason}`);
  }
  const shown = list.shown.length < list.total ? ` (showing the oldest ${list.shown.length})` : '';
  lines.push(`${list.total} dead letter${list.total === 1 ? '' : 's'} in ${list.topic}${shown}`);
  return lines;
}

function readEntry(message: KafkaMessage, partition: number): DeadLetterEntry {
  const header = (name: string): string | undefined => {
    const value = message.headers?.[name];
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    return last === undefined ? undefined : last.toString();
  };
  const source = /^(.+)\/(\d+)\/(\d+)$/.exec(header(deadLetterHeaders.source) ?? '');
  const timestamp = Number(message.timestamp);
  return {
    partition,
    offset: Number(message.offset),
    source: source ? { topic: source[1]!, partition: Number(source[2]), offset: Number(source[3]) } : undefined,
    group: header(deadLetterHeaders.group),
    reason: header(deadLetterHeaders.reason),
    at: header(deadLetterHeaders.at) ?? (Number.isFinite(timestamp) ? new Date(timestamp).toISOString() : ''),
    key: message.key === null ? null : message.key.toString('utf8'),
    value: message.value === null ? null : preview(message.value),
    valueBytes: message.value?.length ?? 0,
  };
}

/** The first `valuePreviewChars` characters: 4 bytes per character at most, so that many bytes decode them whole. */
function preview(value: Buffer): string {
  return Array.from(value.subarray(0, valuePreviewChars * 4).toString('utf8')).slice(0, valuePreviewChars).join('');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The record's own headers, without the dead-letter ones (nor an earlier replay's mark), marked with where it is replayed from. */
function replayHeaders(message: KafkaMessage, partition: number): IHeaders {
  const dropped = new Set<string>([...Object.values(deadLetterHeaders), replayedFromHeader]);
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined && !dropped.has(name)) headers[name] = value;
  }
  headers[replayedFromHeader] = `${partition}/${message.offset}`;
  return headers;
}

async function topicExists(admin: Admin, topic: string): Promise<boolean> {
  return (await admin.listTopics()).includes(topic);
}

/** Per partition: from the first offset still there to the end the topic has now. */
async function wholeTopic(admin: Admin, topic: string): Promise<Map<number, { start: number; end: number }>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map(({ partition, low, high }) => [partition, { start: Number(low), end: Number(high) }]));
}

/** A consumer group's committed offsets on `topic` (partitions without one are left out). */
async function committedOffsets(admin: Admin, groupId: string, topic: string): Promise<Map<number, number>> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const offsets = new Map<number, number>();
  for (const { partition, offset } of committed?.partitions ?? []) {
    if (Number(offset) >= 0) offsets.set(partition, Number(offset));
  }
  return offsets;
}

function explicitStarts(from: FromOffset[], partitions: number[]): Map<number, number> {
  const starts = new Map<number, number>();
  const everywhere = from.filter((f) => f.partition === undefined).at(-1);
  if (everywhere) for (const partition of partitions) starts.set(partition, everywhere.offset);
  for (const { partition, offset } of from) {
    if (partition === undefined) continue;
    if (!partitions.includes(partition)) throw new Error(`--from-offset: the dead-letter topic has no partition ${partition} (it has ${partitions.join(', ')})`);
    starts.set(partition, offset);
  }
  return starts;
}

/** How far `replay` and each `replay --group` have got, read once per group and kept. */
class ReplayPositions {
  private readonly cache = new Map<string, Promise<Map<number, number>>>();
  constructor(
    private readonly admin: Admin,
    private readonly config: PlatformConfig,
    private readonly topic: string,
  ) {}

  private async isBefore(groupId: string, entry: DeadLetterEntry): Promise<boolean> {
    let offsets = this.cache.get(groupId);
    if (!offsets) this.cache.set(groupId, (offsets = committedOffsets(this.admin, groupId, this.topic)));
    return entry.offset < ((await offsets).get(entry.partition) ?? -1);
  }

  /** `replay` (all groups) is past it. */
  replayedByAll(entry: DeadLetterEntry): Promise<boolean> {
    return this.isBefore(replayGroupId(this.config), entry);
  }

  /** `replay --group <the group that refused it>` is past it. */
  async replayedByGroup(entry: DeadLetterEntry): Promise<boolean> {
    return entry.group !== undefined && (await this.isBefore(replayGroupId(this.config, entry.group), entry));
  }

  async replayed(entry: DeadLetterEntry): Promise<boolean> {
    return (await this.replayedByAll(entry)) || (await this.replayedByGroup(entry));
  }
}

interface ReadPlan {
  groupId: string;
  /** Per partition: the first offset to hand over (earlier ones are passed by) and the end to read to. */
  ranges: Map<number, { start: number; end: number }>;
  /** Commit each record's offset once `handle` is done with it. */
  commit: boolean;
  idleTimeoutMs: number;
  /** Stop once the record in hand is handled (and committed). */
  signal?: AbortSignal;
}

/**
 * Hands each record of `plan.ranges` to `handle`, partition by partition in order, as a member of
 * `plan.groupId`; true once every partition is read to its end, false when `plan.signal` stopped
 * it first (after the record in hand). The first error (of `handle`, of a commit, or no record for
 * `idleTimeoutMs`) stops the reading and is thrown; what was committed stays committed.
 */
async function readToEnd(
  kafka: Kafka,
  topic: string,
  plan: ReadPlan,
  log: Logger,
  handle: (message: KafkaMessage, partition: number) => Promise<void>,
): Promise<boolean> {
  const pending = new Set([...plan.ranges].filter(([, range]) => range.start < range.end).map(([partition]) => partition));
  if (pending.size === 0) return true;
  if (plan.signal?.aborted) return false;
  let settled = false;
  let settle: (error?: unknown) => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => {
    settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      if (error === undefined) resolve();
      else reject(error instanceof Error ? error : new Error(String(error)));
    };
  });
  finished.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
  // The record being handled and committed. kafkajs drops a commit silently once the consumer is
  // stopping, so the consumer leaves only after this is done.
  let inHand: Promise<void> | undefined;
  let idle: NodeJS.Timeout | undefined;
  const stillWaiting = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      if (inHand) stillWaiting(); // a slow handler fails by itself
      else settle(new Error(`${topic}: nothing read for ${plan.idleTimeoutMs} ms, partitions ${[...pending].join(', ')} not read to the end`));
    }, plan.idleTimeoutMs);
  };
  const consumer = kafka.consumer({
    groupId: plan.groupId,
    allowAutoTopicCreation: false,
    maxBytesPerPartition: consumerCommitPolicy.maxBytesPerPartition,
  });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const assigned = new Set(payload.memberAssignment[topic] ?? []);
    const elsewhere = [...pending].filter((partition) => !assigned.has(partition));
    if (elsewhere.length > 0) {
      settle(new Error(`consumer group ${plan.groupId} has another member (is another replay running?): it holds partitions ${elsewhere.join(', ')}`));
    }
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) settle(payload.error);
  });
  // Settles at once; a record in hand is still handled and committed before the consumer leaves.
  const stop = () => settle();
  plan.signal?.addEventListener('abort', stop, { once: true });
  try {
    stillWaiting();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (settled) return;
        stillWaiting();
        const range = plan.ranges.get(partition);
        const offset = Number(message.offset);
        if (!range || !pending.has(partition) || offset < range.start || offset >= range.end) return;
        inHand = (async () => {
          try {
            await handle(message, partition);
            if (plan.commit) await consumer.commitOffsets([{ topic, partition, offset: String(offset + 1) }]);
          } catch (error) {
            settle(error);
            return;
          }
          if (offset + 1 >= range.end) {
            pending.delete(partition);
            if (pending.size === 0) settle();
          }
          if (plan.signal?.aborted) settle();
        })();
        await inHand;
        inHand = undefined;
      },
    });
    await finished;
  } finally {
    plan.signal?.removeEventListener('abort', stop);
    await inHand;
    clearTimeout(idle);
    await consumer.disconnect().catch((error: unknown) => log.warn({ err: error, groupId: plan.groupId }, 'leaving the consumer group failed'));
  }
  return pending.size === 0;
}

/** Removes a reading group of the tool's own (list, dry run); one left behind expires by itself. */
async function deleteGroup(admin: Admin, groupId: string, log: Logger): Promise<void> {
  try {
    await admin.deleteGroups([groupId]);
  } catch (error) {
    log.debug({ err: error, groupId }, 'could not delete the reading group');
  }
}
