import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { MongoClient } from 'mongodb';
import { addressesFromEnv } from '../src/config';
import { kafkaAnswers, startKafka } from '../src/servers/kafka';
import { mongoAnswers, startFerretDb } from '../src/servers/ferretdb';
import { ensureNamespace, startTemporal, temporalAnswers } from '../src/servers/temporal';

/**
 * The test runner has started the stack (or found it running), so every server already answers
 * at its address: starting one again must reuse it, not start a second one; stopping a reused
 * server must leave it running. Addresses come from the runner's TEMPORAL_ADDRESS, KAFKA_BROKERS
 * and MONGO_URL.
 */
const addresses = addressesFromEnv();
const run = randomBytes(3).toString('hex');
const quiet = () => undefined;
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'lianxin-infra-test-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('starting a server that is already answering reuses it', () => {
  it('Temporal', async () => {
    const handle = await startTemporal({ dataDir, address: addresses.temporalAddress, namespaces: ['lianxin-test'], log: quiet });
    expect(handle.reused).toBe(true);
    expect(handle.address).toBe(addresses.temporalAddress);
    await handle.stop();
    expect(await temporalAnswers(addresses.temporalAddress)).toBe(true);
  });

  it('Kafka', async () => {
    const handle = await startKafka({ dataDir, brokers: addresses.kafkaBrokers, log: quiet });
    expect(handle.reused).toBe(true);
    expect(handle.brokers).toEqual(addresses.kafkaBrokers);
    await handle.stop();
    expect(await kafkaAnswers(addresses.kafkaBrokers)).toBe(true);
  });

  it('FerretDB', async () => {
    const handle = await startFerretDb({ dataDir, url: addresses.mongoUrl, log: quiet });
    expect(handle.reused).toBe(true);
    await handle.stop();
    expect(await mongoAnswers(addresses.mongoUrl)).toBe(true);
  });
});

describe('Temporal namespaces on a reused server', () => {
  const namespace = `lxtest-infra-${run}`;
  afterAll(async () => {
    const connection = await Connection.connect({ address: addresses.temporalAddress });
    await connection.operatorService.deleteNamespace({ namespace }).catch(() => undefined);
    await connection.close();
  });

  it('ensureNamespace registers a missing namespace, and is idempotent', async () => {
    await ensureNamespace(addresses.temporalAddress, namespace);
    await ensureNamespace(addresses.temporalAddress, namespace);
    const connection = await Connection.connect({ address: addresses.temporalAddress });
    try {
      const described = await connection.workflowService.describeNamespace({ namespace });
      expect(described.namespaceInfo?.name).toBe(namespace);
    } finally {
      await connection.close();
    }
  });
});

describe('MongoDB wire protocol (FerretDB)', () => {
  const dbName = `${process.env.MONGO_DB_PREFIX ?? 'lxtest'}_infra_${run}`;
  const client = new MongoClient(addresses.mongoUrl, { serverSelectionTimeoutMS: 5_000 });
  beforeAll(() => client.connect());
  afterAll(async () => {
    await client.db(dbName).dropDatabase().catch(() => undefined);
    await client.close();
  });

  it('round-trips documents: insert, find, update, index, count', async () => {
    const orders = client.db(dbName).collection<{ _id: string; title: string; status: string; at: Date; tags: string[] }>('orders');
    const at = new Date('2026-01-15T08:30:00.000Z');
    await orders.insertMany([
      { _id: 'LX-1', title: '独居老人冬季取暖需要一台电暖器', status: 'submitted', at, tags: ['wish'] },
      { _id: 'LX-2', title: '村口路灯损坏', status: 'dispatched', at, tags: ['concern', 'road'] },
    ]);
    await orders.createIndex({ status: 1 });
    expect(await orders.findOne({ _id: 'LX-1' })).toEqual({ _id: 'LX-1', title: '独居老人冬季取暖需要一台电暖器', status: 'submitted', at, tags: ['wish'] });
    await orders.updateOne({ _id: 'LX-2' }, { $set: { status: 'resolved' }, $push: { tags: 'done' } });
    expect(await orders.find({ status: 'resolved' }).toArray()).toEqual([
      { _id: 'LX-2', title: '村口路灯损坏', status: 'resolved', at, tags: ['concern', 'road', 'done'] },
    ]);
    expect(await orders.countDocuments({ at })).toBe(2);
    await expect(orders.insertOne({ _id: 'LX-1', title: 'dup', status: 'x', at, tags: [] })).rejects.toMatchObject({ code: 11000 });
  });
});
