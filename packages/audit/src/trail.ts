import type { Connection } from 'mongoose';
import { AuditEntrySchema, type AuditEntry } from './entry';
import { auditHeads, auditRecords, headIntact, sealHead, type AuditHead } from './head';
import { assertAuditKey } from './key';
import { assertChainName, genesisHash, recordId, recordIdRange, sealRecord, type AuditRecord } from './record';
import { isDuplicateKey } from '@lianxin/platform';

/** Appends entries to one chain; nothing else can be done with it. */
export interface AuditTrail {
  append(entry: AuditEntry): Promise<void>;
}

export interface AuditTrailOptions {
  /** The writing service (`residents`, `cadres`, `identity` …): one chain each. */
  chain: string;
  /** The HMAC key (`auditKeyFromEnv`). */
  key: Buffer;
}

/** The last link of the chain as this trail knows it. */
interface Tail {
  seq: number;
  hash: string;
}

/** How often a write is tried again when other processes of the same chain keep taking the next seq. */
const maxAttempts = 100;

/** At most this many records in one insert. */
const maxGroup = 200;

/** An accepted entry waiting for its group to be written. */
interface Pending {
  entry: AuditEntry;
  at: Date;
  resolve(): void;
  reject(error: unknown): void;
}

/** How many records of an ordered insert were stored before it failed. */
function storedBeforeConflict(error: unknown): number {
  const { insertedCount, writeErrors } = error as { insertedCount?: unknown; writeErrors?: { index?: unknown }[] | { index?: unknown } };
  const first = Array.isArray(writeErrors) ? writeErrors[0] : writeErrors;
  if (typeof first?.index === 'number') return first.index;
  return typeof insertedCount === 'number' ? insertedCount : 0;
}

/**
 * The audit trail of one chain in the audit database `db`. Appends are written in order in this
 * process, in groups (see `drain`); across processes writing the same chain, the record's unique `_id`
 * (`<chain>:<seq>`) decides: a process that loses re-reads the chain's end and tries the next
 * seq. A chain's head is written before its first record; after each record it moves on
 * (compare-and-swap on its HMAC). A head left behind by a crash is caught up by the next append,
 * and verification accepts sealed records beyond it. A head missing or not sealed by the key
 * stops the trail (appends reject): that is tampering to look into, not to write over.
 * `append` resolves once the record and the head are stored.
 */
export function auditTrail(db: Connection, options: AuditTrailOptions): AuditTrail {
  const { chain, key } = options;
  assertChainName(chain);
  assertAuditKey(key);
  const records = auditRecords(db);
  const heads = auditHeads(db);
  let tail: Tail | undefined;
  let knownHead: AuditHead | undefined;

  const headAltered = () => new Error(`审计链 ${chain} 的链头缺失或校验失败（可能被篡改），不再写入；请运行 npm run audit:verify`);

  async function readHead(): Promise<AuditHead | undefined> {
    const head = await heads.findOne({ _id: chain });
    if (head && !headIntact(key, head)) throw headAltered();
    knownHead = head ?? undefined;
    return knownHead;
  }

  /**
   * Opens a new chain: its head (seq 0) is written before its first record, so records without a
   * head never happen honestly; found, they mean the head was removed, and nothing more is written.
   */
  async function openChain(): Promise<AuditHead> {
    if (await records.findOne({ _id: recordIdRange(chain) })) throw headAltered();
    const head = sealHead(key, { chain, lastSeq: 0, lastHash: genesisHash, firstSeq: 1, firstPrevHash: genesisHash });
    try {
      await heads.insertOne(head);
      knownHead = head;
      return head;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const opened = await readHead(); // another process opened it first
      if (!opened) throw headAltered();
      return opened;
    }
  }

  /** The chain's end: from its head, then forward over records written after the head last moved. */
  async function readTail(): Promise<Tail> {
    const head = (await readHead()) ?? (await openChain());
    let current: Tail = { seq: head.lastSeq, hash: head.lastHash };
    for (;;) {
      const next = await records.findOne({ _id: recordId(chain, current.seq + 1) });
      if (!next) return current;
      current = { seq: current.seq + 1, hash: next.hash };
    }
  }

  /** Moves the head to `to` unless another writer already moved it further. */
  async function moveHead(to: Tail): Promise<void> {
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      const current = knownHead ?? (await readHead());
      if (!current) throw headAltered();
      if (current.lastSeq >= to.seq) return;
      const next = sealHead(key, { chain, lastSeq: to.seq, lastHash: to.hash, firstSeq: current.firstSeq, firstPrevHash: current.firstPrevHash });
      const result = await heads.replaceOne({ _id: chain, hash: current.hash }, next);
      if (result.matchedCount === 1) {
        knownHead = next;
        return;
      }
      knownHead = undefined; // moved by someone else meanwhile: read it again
    }
    throw new Error(`审计链 ${chain}: 链头被其他进程反复更新，${maxAttempts} 次仍未写入`);
  }

  /**
   * Writes a group of entries as consecutive records in one ordered insert, then moves the head
   * once. When another process took a seq meanwhile, the records before it are stored; the rest
   * are sealed again after the chain's new end.
   */
  async function writeGroup(group: Pending[]): Promise<void> {
    let remaining = group;
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      tail ??= await readTail();
      const sealed: AuditRecord[] = [];
      let previous: Tail = tail;
      for (const { entry, at } of remaining) {
        const record = sealRecord(key, chain, previous, entry, at);
        sealed.push(record);
        previous = { seq: record.seq, hash: record.hash };
      }
      try {
        await records.insertMany(sealed, { ordered: true });
      } catch (error) {
        tail = undefined; // another process took a seq, or the outcome is unknown: read the end again
        if (!isDuplicateKey(error)) {
          knownHead = undefined;
          throw error;
        }
        remaining = remaining.slice(storedBeforeConflict(error));
        if (remaining.length === 0) return;
        continue;
      }
      tail = previous;
      await moveHead(tail);
      return;
    }
    throw new Error(`审计链 ${chain}: 与其他进程争用，${maxAttempts} 次仍未写入`);
  }

  /**
   * Group commit: appends that arrive while a group is being written wait for the next group,
   * which writes them all in one insert (a burst costs a few round trips, not one per entry).
   * Each append resolves once its record and the head after it are stored; a group that fails
   * rejects every append in it.
   */
  let pending: Pending[] = [];
  let writing = false;
  async function drain(): Promise<void> {
    if (writing) return;
    writing = true;
    try {
      while (pending.length > 0) {
        const group = pending.slice(0, maxGroup);
        pending = pending.slice(group.length);
        try {
          await writeGroup(group);
          for (const item of group) item.resolve();
        } catch (error) {
          for (const item of group) item.reject(error);
        }
      }
    } finally {
      writing = false;
    }
  }

  return {
    append(entry: AuditEntry): Promise<void> {
      const parsed = AuditEntrySchema.safeParse(entry);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ');
        return Promise.reject(new Error(`审计记录不合法: ${issues}`));
      }
      const at = new Date();
      return new Promise<void>((resolve, reject) => {
        pending.push({ entry: parsed.data, at, resolve, reject });
        void drain();
      });
    },
  };
}
