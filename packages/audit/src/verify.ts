import type { Connection } from 'mongoose';
import { auditHeads, auditRecords, headIntact, type AuditHead } from './head';
import { assertAuditKey } from './key';
import { recordHash, recordId, recordIdRange, type AuditRecord } from './record';

/** How a chain is broken. */
export type AuditBreakKind = 'edited' | 'missing' | 'out-of-order' | 'truncated' | 'head-altered';

/** The first broken link of a chain: which record (seq and id) and what is wrong with it. */
export interface AuditBreak {
  chain: string;
  seq: number;
  recordId: string;
  kind: AuditBreakKind;
  /** `edited`, `missing (deleted)`, `out of order`, `truncated after seq n`, `head altered` … */
  message: string;
}

export interface AuditChainVerification {
  chain: string;
  ok: boolean;
  /** Records checked (up to the break, if any). */
  count: number;
  /** The first kept seq and the last seq found. */
  firstSeq: number;
  lastSeq: number;
  broken?: AuditBreak;
}

export interface AuditVerification {
  ok: boolean;
  chains: AuditChainVerification[];
}

function seqOfId(chain: string, id: unknown): number | undefined {
  if (typeof id !== 'string' || !id.startsWith(`${chain}:`)) return undefined;
  const digits = id.slice(chain.length + 1);
  return /^\d+$/.test(digits) ? Number(digits) : undefined;
}

/**
 * What is wrong with the record found where `expected` should be, if anything: a record sealed
 * with the key but belonging elsewhere (another seq, or not linked to the one before) is out of
 * order; one that does not seal as it stands was edited.
 */
function linkProblem(key: Buffer, chain: string, record: AuditRecord, expected: { seq: number; prevHash: string }): 'edited' | 'out-of-order' | undefined {
  const sealed = recordHash(key, record) === record.hash;
  if (sealed && record.chain === chain && record.seq === expected.seq && record.prevHash === expected.prevHash) return undefined;
  if (typeof record.seq === 'number' && record.seq !== expected.seq && recordHash(key, { ...record, _id: recordId(chain, record.seq) }) === record.hash) {
    return 'out-of-order';
  }
  return sealed ? 'out-of-order' : 'edited';
}

const messages: Record<Exclude<AuditBreakKind, 'truncated'>, string> = {
  edited: 'edited',
  missing: 'missing (deleted)',
  'out-of-order': 'out of order',
  'head-altered': 'head altered',
};

/** One chain, from its head's first kept record to its end. */
export async function verifyAuditChain(db: Connection, key: Buffer, chain: string): Promise<AuditChainVerification> {
  const head = await auditHeads(db).findOne({ _id: chain });
  const broken = (seq: number, kind: AuditBreakKind, count: number, message = messages[kind as Exclude<AuditBreakKind, 'truncated'>]) => ({
    chain,
    ok: false,
    count,
    firstSeq: head?.firstSeq ?? 0,
    lastSeq: seq - 1,
    broken: { chain, seq, recordId: recordId(chain, seq), kind, message },
  });
  if (!head || !headIntact(key, head)) return headProblem(db, chain, head, broken);

  let expected = { seq: head.firstSeq, prevHash: head.firstPrevHash };
  let count = 0;
  const cursor = auditRecords(db).find({ _id: recordIdRange(chain) }).sort({ _id: 1 });
  try {
    for await (const record of cursor) {
      const seq = seqOfId(chain, record._id);
      if (seq === undefined) continue; // not a record id of this chain (e.g. `<chain>:x`): nothing of the chain
      if (seq < head.firstSeq) continue; // left by a prune that stopped half-way; the next prune removes it
      if (seq > expected.seq) return broken(expected.seq, 'missing', count);
      const problem = linkProblem(key, chain, record, expected);
      if (problem) return broken(seq, problem, count);
      if (seq === head.lastSeq && record.hash !== head.lastHash) return broken(seq, 'edited', count);
      expected = { seq: seq + 1, prevHash: record.hash };
      count += 1;
    }
  } finally {
    await cursor.close();
  }
  const lastSeq = expected.seq - 1;
  if (lastSeq < head.lastSeq) return broken(lastSeq + 1, 'truncated', count, `truncated after seq ${lastSeq}`);
  return { chain, ok: true, count, firstSeq: head.firstSeq, lastSeq };
}

/** A head that is missing or does not seal: named by the last record it claims (or the newest one found). */
async function headProblem(
  db: Connection,
  chain: string,
  head: AuditHead | null,
  broken: (seq: number, kind: AuditBreakKind, count: number, message?: string) => AuditChainVerification,
): Promise<AuditChainVerification> {
  if (head && typeof head.lastSeq === 'number') return broken(head.lastSeq, 'head-altered', 0);
  const newest = await auditRecords(db).find({ _id: recordIdRange(chain) }).sort({ _id: -1 }).limit(1).next();
  return broken(seqOfId(chain, newest?._id) ?? 0, 'head-altered', 0, 'head altered (missing)');
}

/** The chains in the audit database: every head, and every chain a record names. */
export async function auditChains(db: Connection): Promise<string[]> {
  const fromHeads = await auditHeads(db).distinct('_id');
  const fromRecords = await auditRecords(db).distinct('chain');
  return [...new Set([...fromHeads, ...fromRecords].filter((chain): chain is string => typeof chain === 'string'))].sort();
}

/**
 * Checks every chain of the audit database: each record seals under `key`, links to the one
 * before, and the chain runs unbroken from its head's first kept record to (at least) its head's
 * last. Reports per chain the records checked, or the first broken link. Do not run it while a
 * prune is running (a record removed under it reads as missing).
 */
export async function verifyAuditTrail(db: Connection, options: { key: Buffer }): Promise<AuditVerification> {
  assertAuditKey(options.key);
  const chains: AuditChainVerification[] = [];
  for (const chain of await auditChains(db)) {
    const verification = await verifyAuditChain(db, options.key, chain);
    // A chain name only an edited record carries, with no head and no records of its own: that record's chain shows the break.
    if (verification.broken?.message === 'head altered (missing)' && verification.broken.seq === 0) continue;
    chains.push(verification);
  }
  return { ok: chains.every((chain) => chain.ok), chains };
}
