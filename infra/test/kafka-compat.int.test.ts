import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type EachMessagePayload } from 'kafkajs';
import { versions } from '../src/paths';

/**
 * Proves that kafkajs 2.2.4 works with the broker version pinned in infra/versions.json:
 * admin, an idempotent keyed producer, a consumer group, committed offsets.
 */
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const kafka = new Kafka({ clientId: 'kafka-compat-test', brokers, logLevel: logLevel.NOTHING });
const topic = `${process.env.KAFKA_TOPIC_PREFIX ?? 'test.'}compat-${randomUUID().slice(0, 8)}`;
const groupId = `${topic}.group`;

describe(`kafkajs against Kafka ${versions.kafka}`, () => {
  const admin = kafka.admin();
  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates and describes a 3-partition topic', async () => {
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true })).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]!.partitions).toHaveLength(3);
  });

  it('produces keyed messages idempotently and a consumer group reads them all, same key → same partition', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const keys = ['LX-A', 'LX-B', 'LX-C', 'LX-D'];
    const messages = keys.flatMap((key) => [1, 2, 3].map((n) => ({ key, value: JSON.stringify({ key, n, text: `第${n}条` }) })));
    await producer.send({ topic, acks: -1, messages });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId });
    const received: EachMessagePayload[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async (payload) => void received.push(payload) });
    const deadline = Date.now() + 30_000;
    while (received.length < messages.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await consumer.disconnect();

    expect(received).toHaveLength(messages.length);
    for (const key of keys) {
      const ofKey = received.filter((p) => String(p.message.key) === key);
      expect(new Set(ofKey.map((p) => p.partition)).size).toBe(1);
      expect(ofKey.map((p) => JSON.parse(String(p.message.value)).n)).toEqual([1, 2, 3]);
    }
    expect(received.find((p) => String(p.message.key) === 'LX-A')!.message.value!.toString()).toContain('第1条');

    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committed = offsets[0]!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    expect(committed).toBe(messages.length);
  });

  it('lists and deletes the consumer group', async () => {
    const { groups } = await admin.listGroups();
    expect(groups.map((g) => g.groupId)).toContain(groupId);
    await admin.deleteGroups([groupId]);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain(groupId);
  });
});
