import { randomUUID } from 'node:crypto';
import { toOrderCloudEvent, toOrderEventRecord } from '@lianxin/contracts';
import { sampleEventData, sampleOrderView } from '@lianxin/order-views/samples';
import { connectProducer, createKafka, deadLetterHeaders, resolveTopic } from '@lianxin/platform';
import { eventually, startSystem, type RunningSystem } from './harness';
import { bearerFor } from './tokens';

/**
 * A record on the order-event topic that is not an order event (garbage, or a shape no consumer
 * knows) neither blocks its partition nor vanishes: every consumer group moves it to the
 * dead-letter topic with the reason and goes on with the events behind it.
 */
let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem('deadletter', { expectErrors: true });
});
afterAll(async () => {
  await system?.close();
});

describe('unreadable order events', () => {
  it('go to the dead-letter topic with the reason; the events behind them are applied', async () => {
    const kafka = createKafka(system.config, 'dead-letter-test');
    const producer = await connectProducer(kafka);
    const key = 'LXDEAD0001'; // one key: one partition, so the valid event queues behind the bad ones
    const valid = toOrderEventRecord(toOrderCloudEvent(sampleEventData(sampleOrderView({ id: key, status: 'received', organisationId: 'org-yeshan' }))));
    const unknownShape = { ...valid, value: valid.value.replace('"orderId"', '"orderNumber"') };
    await producer.send({
      topic: resolveTopic(system.config, 'orderEvents'),
      messages: [{ key, value: 'not json at all', headers: { 'content-type': 'application/cloudevents+json' } }, unknownShape, valid],
    });
    await producer.disconnect();

    const tracked = await eventually(async () => {
      // The sample order lies in 冶山镇's scope: its dispatcher may read it.
      const response = await fetch(`${system.residents.url}/api/v1/orders/${key}`, { headers: await bearerFor('mem-yeshan-dispatcher') });
      return response.ok ? response : undefined;
    }, 30_000, 'the valid event behind the unreadable ones in tracking');
    expect(tracked.status).toBe(200);

    const dead: { reason: string; group: string; source: string; value: string }[] = [];
    const reader = kafka.consumer({ groupId: `dead-letter-reader-${randomUUID()}` });
    await reader.connect();
    await reader.subscribe({ topic: resolveTopic(system.config, 'orderEventsDeadLetter'), fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const header = (name: string) => String(message.headers?.[name] ?? '');
        dead.push({ reason: header(deadLetterHeaders.reason), group: header(deadLetterHeaders.group), source: header(deadLetterHeaders.source), value: String(message.value) });
      },
    });
    try {
      // Two unreadable records, dead-lettered once by each of the three consumer groups.
      await eventually(async () => (dead.length >= 6 ? true : undefined), 30_000, 'six dead letters');
      const groups = new Set(dead.map((d) => d.group.replace(system.config.kafka.topicPrefix, '')));
      expect(groups).toEqual(new Set(['residents.tracking', 'cadres.work-queues', 'notifications.rules']));
      expect(dead.filter((d) => d.value === 'not json at all')).toHaveLength(3);
      expect(dead.every((d) => d.reason.startsWith('not an order event') && /order\.events\/\d+\/\d+$/.test(d.source))).toBe(true);
    } finally {
      await reader.disconnect();
    }
  });
});
