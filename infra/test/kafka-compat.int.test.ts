import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type EachMessagePayload } from 'kafkajs';
import { versions } from '../src/paths';

/**
 * Proves that kafkajs 2.2.4 works with the broker version pinned in infra/versions.json: admin
 * (create, describe, delete topics), an idempotent producer of keyed messages, a consumer group
 * reading them all back, and the group's committed offsets. KAFKA_BROKERS comes from the test
 * runner, which has started (or reused) the broker.
 */
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const kafka = new Kafka({ clientId: 'kafka-compat-test', brokers, logLevel: logLevel.NOTHING });
const suffix = randomBytes(4).toString('hex');
const topic = `${process.env.KAFKA_TOPIC_PREFIX ?? 'test.'}compat-${suffix}`;
const groupId = `${topic}.group`;

const keys = ['LX-A', 'LX-B', 'LX-C', 'LX-D', 'LX-E', 'LX-F'];
const messages = keys.flatMap((key) => [1, 2, 3].map((n) => ({ key, value: JSON.stringify({ key, n, text: `工单${key}第${n}条` }) })));

describe(`kafkajs 2.2.4 against Kafka ${versions.kafka}`, () => {
  const admin = kafka.admin();
  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates a 3-partition topic and describes it', async () => {
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true })).toBe(true);
    expect(await admin.listTopics()).toContain(topic);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics).toHaveLength(1);
    expect(metadata.topics[0]!.name).toBe(topic);
    expect(metadata.topics[0]!.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
    for (const partition of metadata.topics[0]!.partitions) expect(partition.leader).toBeGreaterThanOrEqual(0);
  });

  it('sends keyed messages with an idempotent producer; a consumer group reads them all, same key → same partition, offsets committed', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    // two sends, so the producer's sequence numbers advance across requests
    const sent = [
      ...(await producer.send({ topic, acks: -1, messages: messages.slice(0, 9) })),
      ...(await producer.send({ topic, acks: -1, messages: messages.slice(9) })),
    ];
    await producer.disconnect();
    for (const record of sent) expect(record.errorCode).toBe(0);

    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    const received: EachMessagePayload[] = [];
    let allReceived!: () => void;
    const done = new Promise<void>((resolve) => (allReceived = resolve));
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async (payload) => {
        received.push(payload);
        if (received.length === messages.length) allReceived();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise((resolve) => (timer = setTimeout(resolve, 60_000)))]);
    clearTimeout(timer);
    await consumer.disconnect(); // commits what was consumed

    expect(received).toHaveLength(messages.length);
    const got = received.map((p) => ({ key: p.message.key?.toString(), value: p.message.value?.toString() }));
    expect(got.sort((a, b) => `${a.key}${a.value}`.localeCompare(`${b.key}${b.value}`))).toEqual(
      [...messages].sort((a, b) => `${a.key}${a.value}`.localeCompare(`${b.key}${b.value}`)),
    );
    const partitionsUsed = new Set<number>();
    for (const key of keys) {
      const ofKey = received.filter((p) => p.message.key?.toString() === key);
      expect(new Set(ofKey.map((p) => p.partition)).size).toBe(1); // same key → same partition
      expect(ofKey.map((p) => (JSON.parse(p.message.value!.toString()) as { n: number }).n)).toEqual([1, 2, 3]); // in order
      partitionsUsed.add(ofKey[0]!.partition);
    }
    expect(partitionsUsed.size).toBeGreaterThan(1); // the keys really were spread over partitions

    // the committed offsets equal each partition's end
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed!.topic).toBe(topic);
    for (const { partition, high } of ends) {
      expect(committed!.partitions.find((p) => p.partition === partition)?.offset).toBe(high);
    }
    expect(ends.reduce((sum, p) => sum + Number(p.high), 0)).toBe(messages.length);
  });

  it('lists and deletes the consumer group', async () => {
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).toContain(groupId);
    await admin.deleteGroups([groupId]);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain(groupId);
  });

  it('deletes the topic', async () => {
    await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
    const deadline = Date.now() + 10_000;
    while ((await admin.listTopics()).includes(topic) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await admin.listTopics()).not.toContain(topic);
  });
});
