import type { AuditEntry } from './entry';
import { canonicalJson, hmacHex, storable, type Json } from './canonical';

/** One stored link of a chain: the entry, where it sits, when, and the hashes that bind it. */
export interface AuditRecord extends AuditEntry {
  _id: string;
  chain: string;
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

/** Digits of the sequence number in a record id, so ids sort as the chain runs. */
const seqDigits = 12;

/** The `prevHash` of a chain's first record. */
export const genesisHash = '0'.repeat(64);

/** A chain is named after the service that writes it: lower-case letters, digits, `-`, `_`. */
export function assertChainName(chain: string): void {
  if (!/^[a-z][a-z0-9_-]{0,63}$/.test(chain)) throw new Error(`审计链名称不合法: ${chain}（小写字母开头，只含小写字母、数字、- 和 _）`);
}

export function recordId(chain: string, seq: number): string {
  return `${chain}:${String(seq).padStart(seqDigits, '0')}`;
}

/** Every record id of `chain` is within [first, last]; `${chain};` is the first string after the `${chain}:` prefix. */
export function recordIdRange(chain: string): { $gte: string; $lt: string } {
  return { $gte: `${chain}:`, $lt: `${chain};` };
}

/** The HMAC of a record: over its `prevHash` and the canonical JSON of everything in it but `hash`. */
export function recordHash(key: Buffer, record: Omit<AuditRecord, 'hash'> & { hash?: unknown }): string {
  const { hash: _hash, ...rest } = record;
  return hmacHex(key, rest.prevHash + canonicalJson(rest as unknown as Json));
}

/** Copies only the fields that are set, with strings as the store will keep them. */
function storableEntry(entry: AuditEntry): AuditEntry {
  const actor = {
    id: storable(entry.actor.id),
    ...(entry.actor.role !== undefined ? { role: storable(entry.actor.role) } : {}),
    ...(entry.actor.organisationId !== undefined ? { organisationId: storable(entry.actor.organisationId) } : {}),
  };
  const details = entry.details
    ? Object.fromEntries(Object.entries(entry.details).map(([name, value]) => [name, typeof value === 'string' ? storable(value) : value]))
    : undefined;
  return {
    kind: entry.kind,
    actor,
    action: storable(entry.action),
    outcome: entry.outcome,
    ...(entry.target !== undefined ? { target: storable(entry.target) } : {}),
    ...(entry.reason !== undefined ? { reason: storable(entry.reason) } : {}),
    ...(entry.traceId !== undefined ? { traceId: storable(entry.traceId) } : {}),
    ...(details !== undefined ? { details } : {}),
  };
}

/** The record that follows `prev` (seq and hash of the link before) in `chain`. */
export function sealRecord(
  key: Buffer,
  chain: string,
  prev: { seq: number; hash: string },
  entry: AuditEntry,
  at: Date,
): AuditRecord {
  const seq = prev.seq + 1;
  const unsealed = { _id: recordId(chain, seq), chain, seq, at: at.toISOString(), ...storableEntry(entry), prevHash: prev.hash };
  return { ...unsealed, hash: recordHash(key, unsealed) };
}
