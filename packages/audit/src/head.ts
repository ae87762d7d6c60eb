import type { Collection, Connection } from 'mongoose';
import { canonicalJson, hmacHex, type Json } from './canonical';
import type { AuditRecord } from './record';

/**
 * Where a chain stands, HMAC'd like its records: its last link (seq, hash) and its first kept
 * one (seq, and the prevHash that record must carry). With it, a cut-off tail or head shows.
 */
export interface AuditHead {
  _id: string;
  chain: string;
  lastSeq: number;
  lastHash: string;
  firstSeq: number;
  firstPrevHash: string;
  hash: string;
}

export const recordsCollection = 'audit_records';
export const headsCollection = 'audit_heads';

export function auditRecords(db: Connection): Collection<AuditRecord> {
  return db.collection<AuditRecord>(recordsCollection);
}

export function auditHeads(db: Connection): Collection<AuditHead> {
  return db.collection<AuditHead>(headsCollection);
}

/** The head's HMAC; `head:` keeps a head's text from ever reading as a record's. */
export function headHash(key: Buffer, head: Omit<AuditHead, 'hash'> & { hash?: unknown }): string {
  const { hash: _hash, ...rest } = head;
  return hmacHex(key, `head:${canonicalJson(rest as unknown as Json)}`);
}

export function sealHead(key: Buffer, head: Omit<AuditHead, 'hash' | '_id'>): AuditHead {
  const unsealed = { _id: head.chain, ...head };
  return { ...unsealed, hash: headHash(key, unsealed) };
}

/** Whether the head is as this key sealed it. */
export function headIntact(key: Buffer, head: AuditHead): boolean {
  return head._id === head.chain && headHash(key, head) === head.hash;
}
