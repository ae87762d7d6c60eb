import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKey, HttpProblem, idempotencyKeyReused } from '@lianxin/platform';

/** A client's Idempotency-Key and what it was first used for. */
interface IdempotencyRecord {
  _id: string;
  requestHash: string;
  orderId: string;
  createdAt: Date;
}

const schema = new Schema<IdempotencyRecord>(
  {
    _id: { type: String, required: true },
    requestHash: { type: String, required: true },
    orderId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'intake_idempotency_keys', versionKey: false },
);

export function idempotencyModel(db: Connection): Model<IdempotencyRecord> {
  return db.models['IdempotencyRecord'] ?? db.model<IdempotencyRecord>('IdempotencyRecord', schema);
}

/** Forgets keys first used before `before` (their retention is over); answers how many. */
export async function pruneIdempotencyKeys(model: Model<IdempotencyRecord>, before: Date): Promise<number> {
  return (await model.deleteMany({ createdAt: { $lt: before } })).deletedCount;
}

/**
 * Claims `key` for this request. Returns the order id to use: a fresh one the first time, the
 * same one on a retry with the same body; a different body under the same key is refused (422).
 */
export async function claimIdempotencyKey(
  model: Model<IdempotencyRecord>,
  key: string,
  hash: string,
  freshOrderId: string,
): Promise<{ orderId: string; replay: boolean }> {
  try {
    await model.create({ _id: key, requestHash: hash, orderId: freshOrderId, createdAt: new Date() });
    return { orderId: freshOrderId, replay: false };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const existing = await model.findById(key).lean();
  if (!existing) throw new HttpProblem(409, 'idempotency-conflict', '请求正在处理中，请稍后重试');
  if (existing.requestHash !== hash) throw idempotencyKeyReused();
  return { orderId: existing.orderId, replay: true };
}
