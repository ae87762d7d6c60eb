import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import mongoose from 'mongoose';
import pino from 'pino';
import type { IntakeOrderInput, OrderView } from '@lianxin/contracts';
import { connectTemporal, createKafka, createLogger, resolveTopic } from '@lianxin/platform';
import { eventually, startSystem, type RunningSystem } from './harness';
import { bearerFor } from './tokens';

/**
 * A full run with personal data in it, then a search of everything at rest for it: the raw
 * Temporal history as the server keeps it (not through the codec), the bytes on the Kafka
 * topics, every MongoDB document of the run's databases, and every log line. None may hold the
 * phone numbers, the full name or the address in clear; the reveal and the codec prove they
 * were there to find.
 */
const phones = ['13755550101', '13755550202'];
const fullName = '欧阳明珠';
const address = '冶山镇东王村三组十二号';

const order = (phone: string, withAddress: boolean): IntakeOrderInput => ({
  kind: 'concern',
  category: '道路安全',
  title: '门前水泥路破损',
  description: '门前水泥路面塌陷，雨天积水，老人出行不便。',
  channel: 'hotline',
  resident: { name: fullName, phone, keyPopulations: ['60岁以上老人'] },
  location: { gridId: 'grid-yeshan-dongwang-1', ...(withAddress ? { address } : {}) },
});

let system: RunningSystem;
let logDir: string;
let logFile: string;
const secrets = [...phones, fullName, address];

beforeAll(async () => {
  logDir = mkdtempSync(path.join(os.tmpdir(), 'lianxin-pii-'));
  logFile = path.join(logDir, 'services.log');
  // Every service and the worker log here at debug, the most they ever say.
  const log = createLogger('pii-run', 'debug', pino.destination({ dest: logFile, sync: true }));
  system = await startSystem('pii', { log });
});
afterAll(async () => {
  await system?.close();
  rmSync(logDir, { recursive: true, force: true });
});

async function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const command = async (service: string, id: string, body: object, headers: Record<string, string>) => {
  const answer = await call(`${service}/api/v1/orders/${id}/commands`, { method: 'POST', headers, body });
  expect(answer.status).toBe(200);
  return answer.body as unknown as OrderView;
};

/** Which of the secrets `text` holds. */
const found = (text: string) => secrets.filter((secret) => text.includes(secret));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('personal data at rest', () => {
  it('is nowhere in clear after a whole run: Temporal history, Kafka, MongoDB, logs', async () => {
    const residents = system.residents.url;
    const cadres = system.cadres.url;
    const agent = await bearerFor('agent-hotline-1');
    const dispatcher = await bearerFor('mem-yeshan-dispatcher');
    const member = await bearerFor('mem-yeshan-dongwang-2');

    // An agent opens one order for a caller; a resident opens another on the web, without an account.
    const byAgent = await call(`${residents}/api/v1/orders`, { method: 'POST', headers: agent, body: order(phones[0]!, true) });
    const byResident = await call(`${residents}/api/v1/orders`, { method: 'POST', body: order(phones[1]!, false) });
    expect([byAgent.status, byResident.status]).toEqual([201, 201]);
    const first = byAgent.body as { id: string; trackingCode: string };
    const second = byResident.body as { id: string; trackingCode: string };

    await command(cadres, first.id, { type: 'accept' }, dispatcher);
    const dispatched = await command(cadres, first.id, { type: 'dispatch', target: { kind: 'member', id: 'mem-yeshan-dongwang-2', name: '李秀英' } }, dispatcher);
    expect(dispatched.resident).toMatchObject({ name: '欧**珠', phone: '137****0101' }); // replies are masked too
    expect(dispatched.location.address).toBe('冶山镇东王****');
    await command(cadres, first.id, { type: 'sign' }, member);
    await eventually(async () => ((await call(`${residents}/api/v1/orders/${first.id}`, { headers: member })).body['status'] === 'signed' ? true : undefined), 20_000, 'the signed order in tracking');
    // 查看完整号码 before the call: the one place the number is shown.
    const revealed = await call(`${residents}/api/v1/orders/${first.id}/contact-reveal`, { method: 'POST', headers: member });
    expect(revealed).toMatchObject({ status: 200, body: { resident: { name: fullName, phone: phones[0] }, address } });
    await command(cadres, first.id, { type: 'contact', method: 'phone', note: '已电话联系' }, member);
    await command(cadres, first.id, { type: 'resolve', summary: '路面已修补', evidence: ['photo://road.jpg'] }, member);
    await command(residents, first.id, { type: 'checkBack', rating: 'satisfied' }, { 'x-tracking-code': first.trackingCode });
    await command(residents, second.id, { type: 'cancel', reason: '已自行解决' }, { 'x-tracking-code': second.trackingCode });

    for (const [id, status] of [[first.id, 'closed'], [second.id, 'cancelled']] as const) {
      await eventually(async () => ((await call(`${residents}/api/v1/orders/${id}`, { headers: agent })).body['status'] === status ? true : undefined), 30_000, `${id} ${status} in tracking`);
    }
    const ids = [first.id, second.id];

    // Temporal: the history as the server keeps it, read without the codec …
    const raw = await Connection.connect({ address: system.config.temporal.address });
    const { connection, client: decoding } = await connectTemporal(system.config);
    try {
      const plain = new Client({ connection: raw, namespace: system.config.temporal.namespace });
      for (const id of ids) {
        const history = await plain.workflow.getHandle(id).fetchHistory();
        const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('latin1');
        expect({ id, found: secrets.filter((s) => bytes.includes(Buffer.from(s).toString('latin1'))) }).toEqual({ id, found: [] });
      }
      // … while the codec, with the keys, reads them back: they were there to find.
      const state = await decoding.workflow.getHandle(first.id).query<OrderView>('getOrderState');
      expect(state.resident.phone).toBe(phones[0]);
    } finally {
      await raw.close();
      await connection.close();
    }

    // Kafka: every record of the run's topics, as bytes.
    const kafka = createKafka(system.config, `pii-${randomUUID()}`);
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(system.config.kafka.topicPrefix));
    expect(topics).toContain(resolveTopic(system.config, 'orderEvents'));
    const ends = new Map<string, number>();
    for (const topic of topics) for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${p.partition}`, Number(p.high));
    await admin.disconnect();
    const records: string[] = [];
    const seen = new Map<string, number>();
    const consumer = kafka.consumer({ groupId: `pii-reader-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        records.push(`${message.key?.toString('latin1') ?? ''}|${message.value?.toString('latin1') ?? ''}|${JSON.stringify(message.headers ?? {})}`);
        seen.set(`${topic}/${partition}`, Number(message.offset) + 1);
      },
    });
    await eventually(async () => ([...ends].every(([k, end]) => (seen.get(k) ?? 0) >= end) ? true : undefined), 30_000, 'every record read back');
    await consumer.disconnect();
    expect(records.some((r) => r.includes(first.id))).toBe(true);
    const latin = secrets.map((s) => Buffer.from(s).toString('latin1'));
    expect(records.filter((r) => latin.some((s) => r.includes(s)))).toEqual([]);

    // MongoDB: every document of every database of this run.
    const mongo = await mongoose.createConnection(system.config.mongo.url).asPromise();
    try {
      const { databases } = await mongo.db!.admin().listDatabases();
      const ours = databases.map((d) => d.name).filter((name) => name.startsWith(system.config.mongo.dbPrefix));
      expect(ours.length).toBeGreaterThanOrEqual(4); // residents, cadres, notifications, workflows, audit
      let documents = 0;
      for (const name of ours) {
        const db = mongo.useDb(name).db!;
        for (const { name: collection } of await db.listCollections().toArray()) {
          for (const doc of await db.collection(collection).find({}).toArray()) {
            documents += 1;
            expect({ where: `${name}.${collection}`, found: found(JSON.stringify(doc)) }).toEqual({ where: `${name}.${collection}`, found: [] });
          }
        }
      }
      expect(documents).toBeGreaterThan(10);
    } finally {
      await mongo.close();
    }

    // Logs: the services' and the worker's (at debug), and the servers' and identity provider's of this run.
    const logFiles = [logFile, ...(process.env.LIANXIN_TEST_LOG_DIR ? filesUnder(process.env.LIANXIN_TEST_LOG_DIR) : [])];
    expect(readFileSync(logFile, 'utf8').length).toBeGreaterThan(0);
    for (const file of logFiles) expect({ file, found: found(readFileSync(file, 'utf8')) }).toEqual({ file, found: [] });
  });
});
