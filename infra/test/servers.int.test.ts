import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { MongoClient, ObjectId, type Document } from 'mongodb';
import { addressesFromEnv, embeddedMongoListen } from '../src/config';
import { kafkaAnswers, startKafka } from '../src/servers/kafka';
import { mongoAnswers, startFerretDb } from '../src/servers/ferretdb';
import { postgresAnswers, startPostgres } from '../src/servers/postgresql';
import { ensureNamespace, startTemporal, temporalAnswers } from '../src/servers/temporal';

/**
 * The test runner has started the stack (or found it running), so every server already answers
 * at its address: starting one again must reuse it, not start a second one; stopping a reused
 * server must leave it running. Addresses come from the runner's TEMPORAL_ADDRESS, KAFKA_BROKERS,
 * MONGO_URL and LIANXIN_POSTGRES_PORT.
 */
const addresses = addressesFromEnv();
/** FerretDB on PostgreSQL is ours (MONGO_URL is loopback); otherwise the tests of it are skipped. */
const embedded = embeddedMongoListen(addresses.mongoUrl) !== undefined;
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

  (embedded ? it : it.skip)('PostgreSQL (under FerretDB)', async () => {
    const handle = await startPostgres({ dataDir, port: addresses.postgresPort, log: quiet });
    expect(handle.reused).toBe(true);
    expect(handle.url).toBe(`postgres://postgres@127.0.0.1:${addresses.postgresPort}/postgres`);
    await handle.stop();
    expect(await postgresAnswers(addresses.postgresPort)).toBe(true);
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

  /** The PostgreSQL plan FerretDB's `explain` returns for a find in `collection`. */
  async function plan(collection: string, filter: Document): Promise<Record<string, unknown>> {
    const explained = await client.db(dbName).command({ explain: { find: collection, filter } });
    return (explained.queryPlanner as { Plan: Record<string, unknown> }).Plan;
  }

  // infra/src/install/ferretdb-patches.ts: without the patch this plan is a Seq Scan with
  // the filter `(_jsonb -> '_id'::text) @> '"LX-00042"'::jsonb`
  (embedded ? it : it.skip)('finds by _id through the `_id` index (patched FerretDB on PostgreSQL)', async () => {
    const orders = client.db(dbName).collection<{ _id: string; n: number }>('by_string_id');
    await orders.insertMany(Array.from({ length: 300 }, (_, n) => ({ _id: `LX-${String(n).padStart(5, '0')}`, n })));
    expect(await plan('by_string_id', { _id: 'LX-00042' })).toMatchObject({
      'Node Type': 'Index Scan',
      'Index Name': expect.stringMatching(/__id__[0-9a-f]+_idx$/),
      'Index Cond': expect.stringMatching(/\._jsonb -> '_id'::text\) = '"LX-00042"'::jsonb\)$/),
    });
    expect(await orders.findOne({ _id: 'LX-00042' })).toEqual({ _id: 'LX-00042', n: 42 });
    expect(await orders.findOne({ _id: 'LX-99999' })).toBeNull();
    expect(await plan('by_string_id', { n: 42 })).toMatchObject({ 'Node Type': 'Seq Scan' }); // no index on n
  });

  (embedded ? it : it.skip)('finds by ObjectId _id through the index; a string of the same hex finds nothing', async () => {
    const ids = Array.from({ length: 300 }, () => new ObjectId());
    const target = ids[7]!;
    const docs = client.db(dbName).collection<{ _id: ObjectId | string; n: number }>('by_object_id');
    await docs.insertMany(ids.map((_id, n) => ({ _id, n })));
    expect(await plan('by_object_id', { _id: target })).toMatchObject({ 'Node Type': 'Index Scan' });
    expect(await docs.find({ _id: target }).toArray()).toEqual([{ _id: target, n: 7 }]);
    // the SQL matches the ObjectId's JSON form, the same as the string's; FerretDB's own filter drops it
    expect(await docs.find({ _id: target.toHexString() }).toArray()).toEqual([]);
  });
});
