import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { orderEventConsumer } from '@lianxin/order-views';
import {
  connectProducer,
  createKafka,
  createLogger,
  deadLetterHeaders,
  deadLetterTo,
  ensureTopics,
  resolveTopic,
  runConsumer,
  type PlatformConfig,
  type ServiceResources,
} from '@lianxin/platform';
import {
  listDeadLetters,
  replayDeadLetters,
  replayedFromHeader,
  type DeadLetterEntry,
  type ReplayResult,
} from '@lianxin/platform/src/dead-letter/dead-letters';
import { eventually, isolatedConfig } from './harness';

/**
 * `npm run dlq -- list | replay`: the dead letters consumer groups leave behind can be looked at,
 * and republished onto their source topic once each — a second replay republishes nothing — and
 * only those of one group when asked (packages/platform/src/dead-letter).
 */

const repoRoot = path.resolve(__dirname, '..', '..');
const cli = path.join(repoRoot, 'packages', 'platform', 'src', 'dead-letter', 'cli.ts');
const quiet = createLogger('test-dlq', 'silent');

let config: PlatformConfig;
let kafka: Kafka;
let admin: Admin;
let orderTopic: string;
let deadLetterTopic: string;

beforeAll(async () => {
  config = isolatedConfig('dlqreplay');
  kafka = createKafka(config, 'dead-letter-replay-test', quiet);
  admin = kafka.admin();
  await admin.connect();
  await ensureTopics(kafka, config, ['orderEvents', 'orderEventsDeadLetter']);
  orderTopic = resolveTopic(config, 'orderEvents');
  deadLetterTopic = resolveTopic(config, 'orderEventsDeadLetter');
});
afterAll(async () => {
  await admin?.disconnect();
});

/**
 * A consumer group wired as a service wires its order-event consumer (startConsumers): the
 * order-views consumer, its unreadable records to the dead-letter topic. Only unreadable records
 * reach it here, and those are refused before the handler would touch any resource.
 */
async function runRefusingGroup(name: string): Promise<{ stop(): Promise<void> }> {
  const definition = orderEventConsumer(name, async () => undefined);
  const groupId = `${config.kafka.topicPrefix}${definition.groupId}`;
  const producer = await connectProducer(kafka);
  const noResources = {} as ServiceResources;
  const consumer = await runConsumer(kafka, {
    groupId,
    topics: [orderTopic],
    log: quiet,
    handle: (message) => definition.handle(message, noResources),
    deadLetter: deadLetterTo(producer, deadLetterTopic, groupId),
  });
  return {
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}

async function recordCount(topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
}

async function waitForCount(topic: string, count: number): Promise<void> {
  await eventually(async () => ((await recordCount(topic)) >= count ? true : undefined), 30_000, `${count} records on ${topic}`);
  expect(await recordCount(topic)).toBe(count);
}

async function readTopic(topic: string, count: number): Promise<Array<{ partition: number; message: KafkaMessage }>> {
  const seen: Array<{ partition: number; message: KafkaMessage }> = [];
  const reader = kafka.consumer({ groupId: `dead-letter-replay-reader-${randomUUID()}` });
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  await reader.run({
    eachMessage: async ({ partition, message }) => {
      seen.push({ partition, message });
    },
  });
  try {
    await eventually(async () => (seen.length >= count ? true : undefined), 30_000, `reading ${count} records of ${topic}`);
  } finally {
    await reader.disconnect();
  }
  return seen;
}

function header(message: KafkaMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  return value === undefined ? undefined : String(value);
}

const at = (entry: DeadLetterEntry) => `${entry.partition}/${entry.offset}`;
const replayedEntries = (result: ReplayResult) => result.outcomes.filter((o) => o.action === 'replayed').map((o) => o.entry);
const skipReasons = (result: ReplayResult) => result.outcomes.flatMap((o) => (o.skipReason ? [o.skipReason] : [])).sort();

function runCli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: repoRoot,
    env: { ...process.env, KAFKA_TOPIC_PREFIX: config.kafka.topicPrefix, LOG_LEVEL: 'error' },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('the dead-letter tool', () => {
  it('lists dead letters, replays each once onto its source topic, and by group', async () => {
    const alpha = `${config.kafka.topicPrefix}replay-test.alpha`;
    const beta = `${config.kafka.topicPrefix}replay-test.beta`;
    const originals = [
      { key: 'LXDLQ00001', value: 'not json at all', headers: { 'content-type': 'application/cloudevents+json', 'x-test': 'one' } },
      { key: 'LXDLQ00002', value: '{"specversion":"1.0","type":"nonsense"}', headers: { 'content-type': 'application/cloudevents+json', 'x-test': 'two' } },
    ];
    const producer = await connectProducer(kafka);
    await producer.send({ topic: orderTopic, messages: originals });
    await producer.disconnect();

    // Two unreadable records, refused by one consumer group: two dead letters.
    const alphaGroup = await runRefusingGroup('replay-test.alpha');
    try {
      await waitForCount(deadLetterTopic, 2);
    } finally {
      await alphaGroup.stop();
    }

    const list = await listDeadLetters(config, { log: quiet });
    expect(list.total).toBe(2);
    expect(list.shown.map((e) => e.key).sort()).toEqual(['LXDLQ00001', 'LXDLQ00002']);
    for (const entry of list.shown) {
      const original = originals.find((o) => o.key === entry.key)!;
      expect(entry).toMatchObject({ group: alpha, value: original.value, valueBytes: Buffer.byteLength(original.value), replayed: false });
      expect(entry.source).toMatchObject({ topic: orderTopic });
      expect(entry.reason).toMatch(/^not an order event/);
      expect(Number.isNaN(Date.parse(entry.at))).toBe(false);
    }
    expect(list.counts.every((c) => c.group === alpha && c.reason.startsWith('not an order event'))).toBe(true);
    expect(list.counts.reduce((sum, c) => sum + c.count, 0)).toBe(2);
    const limited = await listDeadLetters(config, { log: quiet, limit: 1, group: 'replay-test.alpha' });
    expect([limited.total, limited.shown.length]).toEqual([2, 1]);
    expect((await listDeadLetters(config, { log: quiet, group: 'replay-test.beta' })).total).toBe(0);

    // A dry run says what it would do, and does nothing.
    const dryRun = await replayDeadLetters(config, { log: quiet, dryRun: true });
    expect(dryRun).toMatchObject({ dryRun: true, replayed: 0, toReplay: 2, skipped: 0 });
    expect(await recordCount(orderTopic)).toBe(2);

    // The replay republishes both onto the order topic, as they were, marked with where they came
    // from; one cut short after its first record goes on from there.
    const interruption = new AbortController();
    const cutShort = await replayDeadLetters(config, {
      log: quiet,
      signal: interruption.signal,
      onOutcome: (outcome) => outcome.action === 'replayed' && interruption.abort(),
    });
    expect(cutShort).toMatchObject({ replayed: 1, skipped: 0, interrupted: true });
    expect(await recordCount(orderTopic)).toBe(3);
    const resumed = await replayDeadLetters(config, { log: quiet });
    expect(resumed).toMatchObject({ replayed: 1, skipped: 0, interrupted: false });
    expect([...replayedEntries(cutShort), ...replayedEntries(resumed)].map(at).sort()).toEqual(list.shown.map(at).sort());
    await waitForCount(orderTopic, 4);
    const replayedCopies = (await readTopic(orderTopic, 4)).filter(({ message }) => header(message, replayedFromHeader) !== undefined);
    expect(replayedCopies.map(({ message }) => header(message, replayedFromHeader)).sort()).toEqual(list.shown.map(at).sort());
    for (const { message } of replayedCopies) {
      const original = originals.find((o) => o.key === String(message.key))!;
      expect(String(message.value)).toBe(original.value);
      expect(header(message, 'content-type')).toBe('application/cloudevents+json');
      expect(header(message, 'x-test')).toBe(original.headers['x-test']);
      for (const name of Object.values(deadLetterHeaders)) expect(header(message, name)).toBeUndefined();
    }

    // Once each: a second replay finds nothing new.
    expect(await replayDeadLetters(config, { log: quiet })).toMatchObject({ replayed: 0, skipped: 0 });
    expect(await recordCount(orderTopic)).toBe(4);
    expect((await listDeadLetters(config, { log: quiet })).shown.every((e) => e.replayed)).toBe(true);

    // Another group refuses all four records of the order topic (the replayed copies too): four more dead letters.
    const betaGroup = await runRefusingGroup('replay-test.beta');
    try {
      await waitForCount(deadLetterTopic, 6);
    } finally {
      await betaGroup.stop();
    }
    const betaDeadLetters = (await listDeadLetters(config, { log: quiet, group: beta })).shown;
    expect(betaDeadLetters).toHaveLength(4);

    // --group alpha: alpha's are already replayed, beta's are not alpha's.
    const alphaOnly = await replayDeadLetters(config, { log: quiet, group: alpha });
    expect(alphaOnly).toMatchObject({ replayed: 0, skipped: 6 });
    expect(skipReasons(alphaOnly)).toEqual(['already replayed', 'already replayed', 'other group', 'other group', 'other group', 'other group']);

    const betaDryRun = await replayDeadLetters(config, { log: quiet, group: 'replay-test.beta', dryRun: true });
    expect(betaDryRun).toMatchObject({ replayed: 0, toReplay: 4, skipped: 2 });
    expect(await recordCount(orderTopic)).toBe(4);

    // --group beta, through the command line: beta's four, each marked anew (an earlier mark is replaced).
    const betaRun = runCli('replay', '--group', 'replay-test.beta');
    expect(betaRun.status === 0 ? 0 : betaRun.stderr).toBe(0);
    expect(betaRun.stdout.trim().split('\n').at(-1)).toBe('replayed 4, skipped 2');
    await waitForCount(orderTopic, 8);
    const marks = (await readTopic(orderTopic, 8)).flatMap(({ message }) => header(message, replayedFromHeader) ?? []);
    expect(marks.sort()).toEqual([...list.shown.map(at), ...betaDeadLetters.map(at)].sort());

    // …which a replay of every group then knows, and a second run of beta's too.
    const all = await replayDeadLetters(config, { log: quiet });
    expect(all).toMatchObject({ replayed: 0, skipped: 4 });
    expect(skipReasons(all)).toEqual(['already replayed', 'already replayed', 'already replayed', 'already replayed']);
    expect(await replayDeadLetters(config, { log: quiet, group: beta })).toMatchObject({ replayed: 0, skipped: 0 });
    expect(await recordCount(orderTopic)).toBe(8);

    // --from-offset goes back on purpose. From the start, every source record once: alpha's two
    // dead letters have the same sources as beta's first two.
    const again = await replayDeadLetters(config, { log: quiet, dryRun: true, fromOffset: [{ offset: 0 }] });
    expect(again).toMatchObject({ replayed: 0, toReplay: 4, skipped: 2 });
    expect(skipReasons(again)).toEqual(['source already replayed', 'source already replayed']);
    const last = betaDeadLetters.reduce((a, b) => (b.offset > a.offset ? b : a));
    const one = await replayDeadLetters(config, { log: quiet, group: beta, fromOffset: [{ partition: last.partition, offset: last.offset }] });
    expect(replayedEntries(one).map(at)).toEqual([at(last)]);
    expect(await replayDeadLetters(config, { log: quiet, group: beta })).toMatchObject({ replayed: 0, skipped: 0 });
    expect(await recordCount(orderTopic)).toBe(9);

    const listed = runCli('list', '--limit', '1');
    expect(listed.status === 0 ? 0 : listed.stderr).toBe(0);
    expect(listed.stdout.trim().split('\n').at(-1)).toBe(`6 dead letters in ${deadLetterTopic} (showing the oldest 1)`);

    // A mistaken command line fails with exit 1 and says how to use it.
    const wrong = runCli('replay', '--from-offset', 'soon');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('usage:');
  }, 300_000);
});
