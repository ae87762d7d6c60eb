import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { fromOrderEventRecord, type IntakeOrderInput, type ReceivedOrderEvent } from '@lianxin/contracts';
import { startCadres } from '@lianxin/cadres';
import { connectMongo, connectTemporal, createKafka, createLogger, resolveTopic } from '@lianxin/platform';
import { eventually, isolatedConfig, startSystem, type RunningSystem } from './harness';
import { bearerFor } from './tokens';

const wish: IntakeOrderInput = {
  kind: 'wish',
  category: '必需物资',
  urgency: 'general',
  title: '独居老人冬季取暖需要一台电暖器',
  description: '冶山镇东王村独居老人王奶奶，今年82岁，家中取暖困难，希望得到一台电暖器。',
  channel: 'hotline',
  resident: { name: '王秀英', phone: '13912345678', keyPopulations: ['独居老人', '60岁以上老人'] },
  location: { address: '冶山镇东王村3组12号' },
};

let system: RunningSystem;
let consumer: Consumer;
const seen: ReceivedOrderEvent[] = [];
const raw: { key: string; contentType: string }[] = [];

beforeAll(async () => {
  system = await startSystem('skeleton');
  const kafka = createKafka(system.config, 'skeleton-test-reader');
  consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: resolveTopic(system.config, 'orderEvents'), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      raw.push({ key: String(message.key), contentType: String(message.headers?.['content-type'] ?? '') });
      seen.push(fromOrderEventRecord(message));
    },
  });
});

afterAll(async () => {
  await consumer?.disconnect();
  await system?.close();
});

async function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${system.residents.url}/api/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('walking skeleton over the real Temporal, Kafka and MongoDB-compatible servers', () => {
  it('answers health and readiness on every service', async () => {
    const everything = { temporal: true, worker: true, kafka: true, mongo: true };
    const expected = [
      [system.residents, everything],
      [system.cadres, everything],
      [system.notifications, { kafka: true, mongo: true }], // notifications does not use Temporal
    ] as const;
    for (const [service, checks] of expected) {
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${service.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { checks: unknown }).checks).toEqual(checks);
    }
  });

  it('is not ready while no worker polls the order task queue', async () => {
    const config = isolatedConfig('noworker'); // a task queue of its own, which no worker polls
    const cadres = await startCadres({ config, log: createLogger('noworker', 'silent') }, 0);
    try {
      const ready = await fetch(`${cadres.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'not-ready', checks: { temporal: true, worker: false, kafka: true, mongo: true } });
    } finally {
      await cadres.close();
    }
  });

  it('takes a Chinese-language order end to end: workflow, Kafka event, read models, notification', async () => {
    const response = await post(wish);
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; status: string; trackingCode: string };
    expect(created).toMatchObject({ status: 'received' });
    expect(created.id).toMatch(/^LX\d{8}-[2-9A-Z]{8}$/);

    const event = await eventually(async () => seen.find((e) => e.subject === created.id && e.type === 'order.received'), 20_000, 'order.received on Kafka');
    expect(event.id).toBe(`${created.id}:1`);
    expect(event.sequence).toBe(1);
    expect(event.data.order.title).toBe(wish.title);
    expect(raw.find((r) => r.key === created.id)?.contentType).toContain('application/cloudevents+json');

    const tracked = await eventually(async () => {
      const r = await fetch(`${system.residents.url}/api/v1/orders/${created.id}`, { headers: { 'x-tracking-code': created.trackingCode } });
      return r.status === 200 ? ((await r.json()) as { status: string; resident: { phone: string }; title: string }) : undefined;
    }, 20_000, 'GET /api/v1/orders/:id');
    expect(tracked).toMatchObject({ status: 'received', title: wish.title, resident: { phone: '139****5678' } });

    const notifications = await connectMongo(system.config, 'notifications');
    try {
      const record = await eventually(
        async () => (await notifications.collection('notification_deliveries').findOne({ orderId: created.id })) ?? undefined,
        20_000,
        'notification record in MongoDB',
      );
      // The resident's SMS: a delivery record, sent to the run's SMS gateway by the engine.
      expect(record).toMatchObject({ eventType: 'order.received', channel: 'sms', recipient: { id: `resident:${created.id}` } });
      expect(['queued', 'sending', 'sent', 'delivered']).toContain(record['status']);
      expect(String(record['text'])).toContain('已收到');
    } finally {
      await notifications.close();
    }

    const queue = await eventually(async () => {
      const r = await fetch(`${system.cadres.url}/api/v1/dispatch-queue`, { headers: await bearerFor('agent-hotline-1') });
      const body = (await r.json()) as { items: { id: string }[] };
      return body.items.some((i) => i.id === created.id) ? body : undefined;
    }, 20_000, 'order in the dispatch queue');
    expect(queue.items.length).toBeGreaterThan(0);

    const { client, connection } = await connectTemporal(system.config);
    try {
      const description = await client.workflow.getHandle(created.id).describe();
      expect(description.status.name).toBe('RUNNING');
      expect(description.taskQueue).toBe(system.config.temporal.taskQueue);
    } finally {
      await connection.close();
    }
  });

  it('applies a retried intake once (Idempotency-Key) and refuses the key for a different body', async () => {
    const key = `retry-${randomUUID()}`;
    const first = await post(wish, { 'idempotency-key': key });
    const second = await post(wish, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    const a = (await first.json()) as { id: string };
    const b = (await second.json()) as { id: string };
    expect(b.id).toBe(a.id);
    const other = await post({ ...wish, title: '另一个诉求' }, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
  });

  describe('refuses bad bodies with problem+json and starts no workflow', () => {
    const cases: [string, unknown, number, string][] = [
      ['wrong types', { ...wish, title: 42, urgency: 'soon' }, 400, 'title'],
      ['missing fields', { kind: 'wish', title: '缺少字段' }, 400, 'description'],
      ['unknown fields', { ...wish, priority: 'high' }, 400, 'priority'],
      ['bad phone', { ...wish, resident: { name: '张三', phone: '12345' } }, 400, 'resident.phone'],
      ['malformed JSON', '{"kind": "wish",', 400, 'JSON'],
      ['a 2 MB body', { ...wish, description: '很'.repeat(700_000) }, 413, '过大'],
    ];
    it.each(cases)('%s', async (_name, body, status, mentions) => {
      const before = seen.length;
      const response = await post(body);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await response.json()) as { type: string; title: string; detail?: string; status: number };
      expect(problem.status).toBe(status);
      expect(problem.type).toMatch(/^urn:lianxin:problem:/);
      expect(`${problem.title} ${problem.detail ?? ''}`).toContain(mentions);
      await new Promise((r) => setTimeout(r, 300));
      expect(seen.slice(before).filter((e) => e.type === 'order.received' && e.data.order.title !== wish.title)).toHaveLength(0);
    });

    it('started no workflow for any of them', async () => {
      const { client, connection } = await connectTemporal(system.config);
      try {
        const titles: string[] = [];
        for await (const execution of client.workflow.list({ query: `TaskQueue = "${system.config.temporal.taskQueue}"` })) {
          titles.push(execution.workflowId);
        }
        // Exactly the two orders the tests above opened with valid bodies (one of them retried).
        expect(titles).toHaveLength(2);
      } finally {
        await connection.close();
      }
    });
  });
});
