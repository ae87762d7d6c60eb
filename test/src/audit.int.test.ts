import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { auditDatabaseName, auditKeyFromEnv, auditTrail, pruneAuditTrail, verifyAuditTrail, type AuditEntry } from '@lianxin/audit';
import { sealHead } from '@lianxin/audit/src/head';
import { genesisHash, recordHash } from '@lianxin/audit/src/record';
import mongoose, { type Connection } from 'mongoose';
import { isolatedConfig } from './harness';

/**
 * The audit trail over the real MongoDB-compatible server: many writers, two of them "processes"
 * of one chain, give one contiguous chain; every way of rewriting it afterwards shows, and names
 * the record; the CLI says so with its exit code; retention shortens chains that still verify.
 */
const key = auditKeyFromEnv({ LIANXIN_AUDIT_KEY: randomBytes(32).toString('base64') });
const repoRoot = path.resolve(__dirname, '../..');
const config = isolatedConfig('audit');
const connections: Connection[] = [];

interface StoredRecord {
  _id: string;
  seq: number;
  at: string;
  actor: { id: string };
  details?: Record<string, string | number | boolean>;
  [field: string]: unknown;
}

async function connect(dbPrefix: string): Promise<Connection> {
  const db = mongoose.createConnection(config.mongo.url, { dbName: auditDatabaseName(dbPrefix), serverSelectionTimeoutMS: 10_000 });
  await db.asPromise();
  connections.push(db);
  return db;
}

const records = (db: Connection) => db.collection<StoredRecord>('audit_records');
const heads = (db: Connection) => db.collection<{ _id: string; lastSeq: number; lastHash: string; firstSeq: number }>('audit_heads');
const id = (chain: string, seq: number) => `${chain}:${String(seq).padStart(12, '0')}`;

function entry(writer: string, n: number): AuditEntry {
  return {
    kind: n % 5 === 0 ? 'refusal' : 'command',
    actor: { id: writer, role: 'member', organisationId: 'org-yeshan' },
    action: 'order.sign',
    outcome: n % 5 === 0 ? 'refused' : 'allowed',
    target: `order-${n}`,
    traceId: randomBytes(16).toString('hex'),
    details: { n, writer },
  };
}

/** A copy of the whole audit database under a prefix of its own, to break without touching the original. */
async function copyOf(source: Connection, tag: string): Promise<{ db: Connection; dbPrefix: string }> {
  const dbPrefix = `${config.mongo.dbPrefix}_${tag}`;
  const db = await connect(dbPrefix);
  for (const name of ['audit_records', 'audit_heads']) {
    const documents = await source.collection(name).find({}).toArray();
    await db.collection(name).insertMany(documents);
  }
  return { db, dbPrefix };
}

let original: Connection;

beforeAll(async () => {
  original = await connect(config.mongo.dbPrefix);
});

afterAll(async () => {
  for (const db of connections) {
    await db.dropDatabase().catch(() => undefined);
    await db.close();
  }
});

describe('many writers', () => {
  it('append concurrently, two processes on one chain, into contiguous chains that verify', async () => {
    const other = await connect(config.mongo.dbPrefix); // a second pool: another process of the residents service
    const residentsA = auditTrail(original, { chain: 'residents', key });
    const residentsB = auditTrail(other, { chain: 'residents', key });
    const cadres = auditTrail(original, { chain: 'cadres', key });
    await Promise.all([
      ...Array.from({ length: 40 }, (_, n) => residentsA.append(entry('writer-a', n))),
      ...Array.from({ length: 40 }, (_, n) => residentsB.append(entry('writer-b', n))),
      ...Array.from({ length: 20 }, (_, n) => cadres.append(entry('writer-c', n))),
    ]);

    const verification = await verifyAuditTrail(original, { key });
    expect(verification).toEqual({
      ok: true,
      chains: [
        { chain: 'cadres', ok: true, count: 20, firstSeq: 1, lastSeq: 20 },
        { chain: 'residents', ok: true, count: 80, firstSeq: 1, lastSeq: 80 },
      ],
    });
    const residents = await records(original).find({ chain: 'residents' }).sort({ _id: 1 }).toArray();
    expect(residents.map((record) => record.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(residents.map((record) => record._id)).toEqual(residents.map((record) => id('residents', record.seq)));
    const written = residents.map((record) => `${record.actor.id}/${String(record.details?.n)}`).sort();
    expect(new Set(written).size).toBe(80);
    // Each writer's own appends keep their order (one queue per trail).
    for (const writer of ['writer-a', 'writer-b']) {
      const mine = residents.filter((record) => record.actor.id === writer).map((record) => record.details?.n);
      expect(mine).toEqual(Array.from({ length: 40 }, (_, n) => n));
    }
    expect(await heads(original).findOne({ _id: 'residents' })).toMatchObject({ lastSeq: 80, firstSeq: 1 });
  });
});

describe('a rewritten chain', () => {
  async function brokenAt(db: Connection) {
    const verification = await verifyAuditTrail(db, { key });
    expect(verification.ok).toBe(false);
    const residents = verification.chains.find((chain) => chain.chain === 'residents');
    expect(verification.chains.find((chain) => chain.chain === 'cadres')).toMatchObject({ ok: true, count: 20 });
    return residents?.broken;
  }

  it('shows an edited field, naming the record', async () => {
    const { db } = await copyOf(original, 'edit');
    await records(db).updateOne({ _id: id('residents', 7) }, { $set: { action: 'order.cancel' } });
    expect(await brokenAt(db)).toEqual({ chain: 'residents', seq: 7, recordId: id('residents', 7), kind: 'edited', message: 'edited' });
  });

  it('does not mind the same record with its fields in another order', async () => {
    const { db } = await copyOf(original, 'reorder');
    const stored = await records(db).findOne({ _id: id('residents', 9) });
    const reordered = Object.fromEntries(Object.entries(stored ?? {}).reverse()) as StoredRecord;
    await records(db).deleteOne({ _id: id('residents', 9) });
    await records(db).insertOne(reordered);
    expect((await verifyAuditTrail(db, { key })).ok).toBe(true);
  });

  it('shows an edit whose hashes were recomputed without the key', async () => {
    const { db } = await copyOf(original, 'forge');
    const forger = randomBytes(32); // whoever has only the database does not have the key
    let prev = (await records(db).findOne({ _id: id('residents', 10) }))?.hash as string;
    for (let seq = 11; seq <= 80; seq += 1) {
      const { hash: _hash, ...stored } = (await records(db).findOne({ _id: id('residents', seq) })) as StoredRecord;
      const edited = { ...stored, prevHash: prev, ...(seq === 11 ? { action: 'order.cancel' } : {}) };
      const hash = recordHash(forger, edited as never);
      await records(db).replaceOne({ _id: edited._id }, { ...edited, hash });
      prev = hash;
    }
    expect(await brokenAt(db)).toMatchObject({ seq: 11, kind: 'edited' });
  });

  it('shows a deleted record as missing', async () => {
    const { db } = await copyOf(original, 'delete');
    await records(db).deleteOne({ _id: id('residents', 12) });
    expect(await brokenAt(db)).toEqual({ chain: 'residents', seq: 12, recordId: id('residents', 12), kind: 'missing', message: 'missing (deleted)' });
  });

  it('shows two records whose contents were swapped as out of order', async () => {
    const { db } = await copyOf(original, 'swap');
    const [twenty, thirty] = await Promise.all([20, 30].map((seq) => records(db).findOne({ _id: id('residents', seq) })));
    const { _id: id20, ...content20 } = twenty as StoredRecord;
    const { _id: id30, ...content30 } = thirty as StoredRecord;
    await records(db).replaceOne({ _id: id20 }, content30);
    await records(db).replaceOne({ _id: id30 }, content20);
    expect(await brokenAt(db)).toEqual({ chain: 'residents', seq: 20, recordId: id('residents', 20), kind: 'out-of-order', message: 'out of order' });
  });

  it('shows a truncated tail', async () => {
    const { db } = await copyOf(original, 'tail');
    await records(db).deleteMany({ _id: { $gte: id('residents', 76) } });
    expect(await brokenAt(db)).toEqual({
      chain: 'residents',
      seq: 76,
      recordId: id('residents', 76),
      kind: 'truncated',
      message: 'truncated after seq 75',
    });
  });

  it('shows a truncated head', async () => {
    const { db } = await copyOf(original, 'head');
    await records(db).deleteMany({ _id: { $gte: id('residents', 1), $lte: id('residents', 3) } });
    expect(await brokenAt(db)).toMatchObject({ seq: 1, recordId: id('residents', 1), kind: 'missing' });
  });

  it('shows a chain head moved back to hide a truncated tail', async () => {
    const { db } = await copyOf(original, 'headmove');
    const last = await records(db).findOne({ _id: id('residents', 75) });
    await records(db).deleteMany({ _id: { $gte: id('residents', 76) } });
    await db.collection('audit_heads').updateOne({ _id: 'residents' as never }, { $set: { lastSeq: 75, lastHash: last?.hash } });
    expect(await brokenAt(db)).toMatchObject({ seq: 75, kind: 'head-altered', message: 'head altered' });
  });

  it('shows a removed chain head, and refuses to write on without it', async () => {
    const { db } = await copyOf(original, 'nohead');
    await records(db).deleteMany({ _id: { $gte: id('residents', 71) } });
    await heads(db).deleteOne({ _id: 'residents' });
    expect(await brokenAt(db)).toMatchObject({ seq: 70, recordId: id('residents', 70), kind: 'head-altered', message: 'head altered (missing)' });
    await expect(auditTrail(db, { chain: 'residents', key }).append(entry('after', 0))).rejects.toThrow(/链头缺失或校验失败/);
    expect(await records(db).countDocuments({ chain: 'residents' })).toBe(70);
  });

  it('accepts sealed records beyond a head left behind by a crash, and the next append catches the head up', async () => {
    const { db } = await copyOf(original, 'crash');
    const seventyEight = await records(db).findOne({ _id: id('residents', 78) });
    const behind = sealHead(key, { chain: 'residents', lastSeq: 78, lastHash: String(seventyEight?.hash), firstSeq: 1, firstPrevHash: genesisHash });
    await heads(db).replaceOne({ _id: 'residents' }, behind);
    expect((await verifyAuditTrail(db, { key })).chains.find((chain) => chain.chain === 'residents')).toMatchObject({ ok: true, count: 80, lastSeq: 80 });
    await auditTrail(db, { chain: 'residents', key }).append(entry('after-crash', 0));
    expect(await records(db).findOne({ _id: id('residents', 81) })).toMatchObject({ seq: 81, actor: { id: 'after-crash' } });
    expect(await heads(db).findOne({ _id: 'residents' })).toMatchObject({ lastSeq: 81 });
    expect((await verifyAuditTrail(db, { key })).ok).toBe(true);
  });

  it('skips what a prune stopped half-way left before the anchor, and the next prune removes it', async () => {
    const { db } = await copyOf(original, 'halfprune');
    const ten = await records(db).findOne({ _id: id('residents', 10) });
    const head = await heads(db).findOne({ _id: 'residents' });
    const anchored = sealHead(key, { chain: 'residents', lastSeq: Number(head?.lastSeq), lastHash: String(head?.lastHash), firstSeq: 11, firstPrevHash: String(ten?.hash) });
    await heads(db).replaceOne({ _id: 'residents' }, anchored);
    expect((await verifyAuditTrail(db, { key })).chains.find((chain) => chain.chain === 'residents')).toMatchObject({ ok: true, count: 70, firstSeq: 11 });
    const result = await pruneAuditTrail(db, { key, retentionDays: 180 });
    expect(result.chains.find((chain) => chain.chain === 'residents')).toEqual({ chain: 'residents', removed: 10, firstSeq: 11 });
    expect(await records(db).countDocuments({ chain: 'residents' })).toBe(70);
  });

  it('is refused by prune, which keeps the evidence', async () => {
    const { db } = await copyOf(original, 'noprune');
    await records(db).deleteOne({ _id: id('residents', 40) });
    const result = await pruneAuditTrail(db, { key, retentionDays: 1, now: new Date(Date.now() + 10 * 86_400_000) });
    expect(result.chains.find((chain) => chain.chain === 'residents')).toMatchObject({ removed: 0, notPruned: { seq: 40, kind: 'missing' } });
    expect(result.chains.find((chain) => chain.chain === 'cadres')).toMatchObject({ removed: 20 });
    expect(await records(db).countDocuments({ chain: 'residents' })).toBe(79);
  });

  it('makes `npm run audit:verify` exit 1 and name the record', async () => {
    const { db, dbPrefix } = await copyOf(original, 'cli');
    await records(db).updateOne({ _id: id('residents', 33) }, { $set: { 'actor.role': 'supervisor' } });
    const env = { ...process.env, MONGO_URL: config.mongo.url, MONGO_DB_PREFIX: dbPrefix, LIANXIN_AUDIT_KEY: key.toString('base64') };
    const run = promisify(execFile);
    const failure = await run('npx', ['tsx', 'packages/audit/src/cli/verify.ts'], { cwd: repoRoot, env }).then(
      () => undefined,
      (error: { code?: number; stdout?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain(`✗ residents: record ${id('residents', 33)} (seq 33): edited`);
    expect(failure?.stdout).toContain('✓ cadres: 20 records');
  });
});

describe('retention', () => {
  it('removes records older than the retention from the start of a chain, which still verifies and goes on', async () => {
    const dbPrefix = `${config.mongo.dbPrefix}_retention`;
    const db = await connect(dbPrefix);
    const identity = auditTrail(db, { chain: 'identity', key });
    for (let n = 0; n < 10; n += 1) await identity.append(entry('old', n));
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let n = 0; n < 5; n += 1) await identity.append(entry('new', n));
    const firstNew = await records(db).findOne({ _id: id('identity', 11) });
    const retentionDays = 180;
    const now = new Date(new Date(firstNew?.at as string).getTime() + retentionDays * 86_400_000);

    expect(await pruneAuditTrail(db, { key, retentionDays, now })).toEqual({ removed: 10, chains: [{ chain: 'identity', removed: 10, firstSeq: 11 }] });
    expect(await verifyAuditTrail(db, { key })).toEqual({ ok: true, chains: [{ chain: 'identity', ok: true, count: 5, firstSeq: 11, lastSeq: 15 }] });
    expect(await pruneAuditTrail(db, { key, retentionDays, now })).toMatchObject({ removed: 0 });

    // The anchor moved with it: cutting the new start still shows.
    const { db: cut } = await copyOf(db, 'retentioncut');
    await records(cut).deleteOne({ _id: id('identity', 11) });
    expect((await verifyAuditTrail(cut, { key })).chains[0]?.broken).toMatchObject({ seq: 11, kind: 'missing' });

    // Everything older: the chain empties, still verifies, and the next append continues it.
    const later = new Date(Date.now() + 365 * 86_400_000);
    expect(await pruneAuditTrail(db, { key, retentionDays, now: later })).toMatchObject({ removed: 5, chains: [{ firstSeq: 16 }] });
    expect((await verifyAuditTrail(db, { key })).chains).toEqual([{ chain: 'identity', ok: true, count: 0, firstSeq: 16, lastSeq: 15 }]);
    await auditTrail(db, { chain: 'identity', key }).append(entry('after', 0));
    expect((await verifyAuditTrail(db, { key })).chains).toEqual([{ chain: 'identity', ok: true, count: 1, firstSeq: 16, lastSeq: 16 }]);
  });
});
