import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKey } from '@lianxin/platform';

/**
 * 查询码: the code a resident gets with their order number (as 12345 gives one), to follow,
 * cancel and rate their own order without an account. Eight characters from an alphabet that
 * reads well over the phone (no 0/O, 1/I), shown as two groups: 7K3Q-X9MD. About 10¹² codes per
 * order, with the tracking endpoints rate-limited per address. Kept sealed (encrypted, bound to
 * the order id), so a retried intake can give the same code back and a database reader cannot.
 */
const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const codeLength = 8;

interface TrackingCodeRecord {
  _id: string;
  sealed: string;
  createdAt: Date;
}

const schema = new Schema<TrackingCodeRecord>(
  { _id: { type: String, required: true }, sealed: { type: String, required: true }, createdAt: { type: Date, required: true } },
  { collection: 'tracking_codes', versionKey: false },
);

export type TrackingCodes = Model<TrackingCodeRecord>;

export function trackingCodesModel(db: Connection): TrackingCodes {
  return db.models['TrackingCodeRecord'] ?? db.model<TrackingCodeRecord>('TrackingCodeRecord', schema);
}

export interface CodeSealer {
  seal(text: string, context: string): string;
  open(sealed: string, context: string): string;
}

function newCode(): string {
  let code = '';
  for (const byte of randomBytes(codeLength)) code += alphabet[byte % alphabet.length];
  return code;
}

/** 7K3QX9MD → 7K3Q-X9MD */
export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What a person typed: case, spaces and dashes do not matter. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/** The order's code: a new one the first time, the same one on every later call (a retried intake). */
export async function issueTrackingCode(codes: TrackingCodes, sealer: CodeSealer, orderId: string): Promise<string> {
  try {
    const code = newCode();
    await codes.create({ _id: orderId, sealed: sealer.seal(code, orderId), createdAt: new Date() });
    return formatCode(code);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const existing = await codes.findById(orderId).lean();
  if (!existing) throw new Error(`tracking code of ${orderId} vanished`);
  return formatCode(sealer.open(existing.sealed, orderId));
}

/** Whether `input` is the order's code (compared in constant time); false for an order without one. */
export async function trackingCodeMatches(codes: TrackingCodes, sealer: CodeSealer, orderId: string, input: string): Promise<boolean> {
  const existing = await codes.findById(orderId).lean();
  if (!existing) return false;
  const expected = Buffer.from(sealer.open(existing.sealed, orderId));
  const given = Buffer.from(normaliseCode(input));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
