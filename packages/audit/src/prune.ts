import type { Connection } from 'mongoose';
import { auditHeads, auditRecords, headIntact, sealHead } from './head';
import { assertAuditKey } from './key';
import { recordId, recordIdRange } from './record';
import { auditChains, verifyAuditChain, type AuditBreak } from './verify';

export interface AuditPruneOptions {
  key: Buffer;
  /** Records older than this many days go (`auditRetentionDaysFromEnv`). */
  retentionDays: number;
  now?: Date;
}

export interface AuditChainPrune {
  chain: string;
  removed: number;
  /** The first record kept (the chain's new anchor). */
  firstSeq: number;
  /** Set when the chain was left alone because it does not verify: its evidence is kept. */
  notPruned?: AuditBreak;
}

export interface AuditPruneResult {
  removed: number;
  chains: AuditChainPrune[];
}

const dayMs = 24 * 60 * 60 * 1000;
const maxAttempts = 100;

/** The first record to keep: the first at or after `cutoff`; or, when every record is older, the seq after the last. */
async function newAnchor(db: Connection, chain: string, firstSeq: number, cutoff: string): Promise<{ seq: number; prevHash: string } | undefined> {
  const cursor = auditRecords(db)
    .find({ _id: { $gte: recordId(chain, firstSeq), $lt: recordIdRange(chain).$lt } }, { projection: { seq: 1, at: 1, hash: 1, prevHash: 1 } })
    .sort({ _id: 1 });
  let older: { seq: number; hash: string } | undefined;
  try {
    for await (const record of cursor) {
      if (record.at >= cutoff) return older ? { seq: record.seq, prevHash: record.prevHash } : undefined;
      older = record;
    }
  } finally {
    await cursor.close();
  }
  return older ? { seq: older.seq + 1, prevHash: older.hash } : undefined;
}

/** Moves the chain's first-kept anchor (and its end, if every record goes), keeping whatever appends did meanwhile. */
async function moveAnchor(db: Connection, key: Buffer, chain: string, anchor: { seq: number; prevHash: string }): Promise<void> {
  const heads = auditHeads(db);
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const current = await heads.findOne({ _id: chain });
    if (!current || !headIntact(key, current)) throw new Error(`审计链 ${chain} 的链头校验失败，未清理`);
    const emptied = anchor.seq - 1 > current.lastSeq;
    const next = sealHead(key, {
      chain,
      lastSeq: emptied ? anchor.seq - 1 : current.lastSeq,
      lastHash: emptied ? anchor.prevHash : current.lastHash,
      firstSeq: anchor.seq,
      firstPrevHash: anchor.prevHash,
    });
    const result = await heads.replaceOne({ _id: chain, hash: current.hash }, next);
    if (result.matchedCount === 1) return;
  }
  throw new Error(`审计链 ${chain}: 链头被反复更新，${maxAttempts} 次仍未清理`);
}

/**
 * Retention: removes, from the start of each chain, the records older than `retentionDays`, and
 * re-anchors the chain's head at the first record kept (its seq and the prevHash it carries), so
 * the shortened chain still verifies and a later cut at its start still shows. The anchor moves
 * before anything is removed: a prune that stops half-way leaves only records verification skips.
 * A chain that does not verify is left whole (its evidence is kept) and reported.
 */
export async function pruneAuditTrail(db: Connection, options: AuditPruneOptions): Promise<AuditPruneResult> {
  assertAuditKey(options.key);
  if (!Number.isInteger(options.retentionDays) || options.retentionDays < 1) throw new Error('retentionDays 应为正整数');
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.retentionDays * dayMs).toISOString();
  const chains: AuditChainPrune[] = [];
  for (const chain of await auditChains(db)) {
    const verification = await verifyAuditChain(db, options.key, chain);
    if (verification.broken) {
      if (verification.broken.message === 'head altered (missing)' && verification.broken.seq === 0) continue;
      chains.push({ chain, removed: 0, firstSeq: verification.firstSeq, notPruned: verification.broken });
      continue;
    }
    const anchor = await newAnchor(db, chain, verification.firstSeq, cutoff);
    if (anchor) await moveAnchor(db, options.key, chain, anchor);
    const firstSeq = anchor?.seq ?? verification.firstSeq;
    // From the chain's very first id: also what an earlier, interrupted prune left behind.
    const { deletedCount } = await auditRecords(db).deleteMany({ _id: { $gte: recordIdRange(chain).$gte, $lt: recordId(chain, firstSeq) } });
    chains.push({ chain, removed: deletedCount, firstSeq });
  }
  return { removed: chains.reduce((sum, chain) => sum + chain.removed, 0), chains };
}
