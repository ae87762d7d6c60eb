import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { canonicalJson } from '../src/canonical';
import { auditDatabaseName, auditKeyFromEnv, auditRetentionDaysFromEnv, auditTrail, type AuditEntry } from '../src';
import { headHash, headIntact, sealHead } from '../src/head';
import { genesisHash, recordHash, recordId, sealRecord } from '../src/record';

const key = randomBytes(32);
const entry: AuditEntry = {
  kind: 'command',
  actor: { id: 'member-1', role: 'member', organisationId: 'org-1' },
  action: 'order.sign',
  outcome: 'allowed',
  target: 'order-1',
  details: { attempt: 1, urgent: false, channel: 'hotline' },
};

describe('canonical JSON', () => {
  it('sorts keys at every depth, so field order never matters, and keeps values as they are', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 'é' }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":"é","y":2}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });
});

describe('a sealed record', () => {
  const first = sealRecord(key, 'residents', { seq: 0, hash: genesisHash }, entry, new Date('2026-01-02T03:04:05.678Z'));

  it('sits at `<chain>:<seq, zero-padded>` after the genesis hash', () => {
    expect(first).toMatchObject({ _id: 'residents:000000000001', chain: 'residents', seq: 1, at: '2026-01-02T03:04:05.678Z', prevHash: genesisHash });
    expect(recordId('cadres', 42)).toBe('cadres:000000000042');
  });

  it('seals under the key whatever the field order, and no longer once a value changes or the key differs', () => {
    const reordered = Object.fromEntries(Object.entries(first).reverse()) as typeof first;
    expect(recordHash(key, reordered)).toBe(first.hash);
    expect(recordHash(key, { ...first, outcome: 'refused' })).not.toBe(first.hash);
    expect(recordHash(key, { ...first, details: { ...entry.details, attempt: 2 } })).not.toBe(first.hash);
    expect(recordHash(randomBytes(32), first)).not.toBe(first.hash);
    const second = sealRecord(key, 'residents', first, entry, new Date());
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
  });

  it('keeps only the fields that are set, and text as the store will give it back', () => {
    const sparse = sealRecord(key, 'residents', { seq: 0, hash: genesisHash }, { ...entry, target: undefined, reason: 'bad \ud800 text' }, new Date());
    expect('target' in sparse).toBe(false);
    expect(sparse.reason).toBe('bad \ufffd text');
  });
});

describe('a chain head', () => {
  it('is sealed apart from records and shows any change', () => {
    const head = sealHead(key, { chain: 'residents', lastSeq: 3, lastHash: 'a'.repeat(64), firstSeq: 1, firstPrevHash: genesisHash });
    expect(headIntact(key, head)).toBe(true);
    expect(headIntact(key, { ...head, lastSeq: 2 })).toBe(false);
    expect(headIntact(key, { ...head, _id: 'cadres' })).toBe(false);
    expect(headHash(key, head)).toBe(head.hash);
  });
});

describe('configuration', () => {
  it('reads the key from LIANXIN_AUDIT_KEY (base64, at least 32 bytes), with a clear error otherwise', () => {
    expect(auditKeyFromEnv({ LIANXIN_AUDIT_KEY: key.toString('base64') }).equals(key)).toBe(true);
    expect(auditKeyFromEnv({ LIANXIN_AUDIT_KEY: key.toString('base64url') }).equals(key)).toBe(true);
    expect(() => auditKeyFromEnv({})).toThrow(/未设置 LIANXIN_AUDIT_KEY/);
    expect(() => auditKeyFromEnv({ LIANXIN_AUDIT_KEY: randomBytes(16).toString('base64') })).toThrow(/只有 16 字节/);
    expect(() => auditKeyFromEnv({ LIANXIN_AUDIT_KEY: 'not base64!' })).toThrow(/不是 base64/);
  });

  it('keeps records 180 days unless LIANXIN_AUDIT_RETENTION_DAYS says otherwise, in the `<prefix>_audit` database', () => {
    expect(auditRetentionDaysFromEnv({})).toBe(180);
    expect(auditRetentionDaysFromEnv({ LIANXIN_AUDIT_RETENTION_DAYS: '365' })).toBe(365);
    expect(() => auditRetentionDaysFromEnv({ LIANXIN_AUDIT_RETENTION_DAYS: '0' })).toThrow('LIANXIN_AUDIT_RETENTION_DAYS');
    expect(() => auditRetentionDaysFromEnv({ LIANXIN_AUDIT_RETENTION_DAYS: 'half a year' })).toThrow('LIANXIN_AUDIT_RETENTION_DAYS');
    expect(auditDatabaseName('lianxin')).toBe('lianxin_audit');
  });
});

describe('auditTrail', () => {
  const db = mongoose.createConnection(); // never opened: nothing here reaches a database
  afterAll(() => db.close());

  it('refuses a bad chain name or a short key at once', () => {
    expect(() => auditTrail(db, { chain: 'Residents:1', key })).toThrow('审计链名称不合法');
    expect(() => auditTrail(db, { chain: 'residents', key: randomBytes(8) })).toThrow('至少 32 字节');
  });

  it('refuses an entry of the wrong shape before writing anything', async () => {
    const trail = auditTrail(db, { chain: 'residents', key });
    await expect(trail.append({ ...entry, kind: 'delete' as never })).rejects.toThrow(/审计记录不合法: kind/);
    await expect(trail.append({ ...entry, details: { nested: { a: 1 } as never } })).rejects.toThrow(/details\.nested/);
    await expect(trail.append({ ...entry, actor: { id: '' } })).rejects.toThrow(/actor\.id/);
  });
});
