import { Schema, type Connection, type Model } from 'mongoose';
import type { SealedOrderView } from '@lianxin/contracts';
import { isDuplicateKey, idempotencyKeyReused } from '@lianxin/platform';

/**
 * A command's Idempotency-Key, what it asked for and what it answered. Temporal applies an
 * Update id once per workflow run only, so the key is kept here: a retry gets the first answer
 * even after the order has continued as new, and a different request under the key is refused.
 */
interface CommandKeyRecord {
  /** `<order id>|<key>`: a key is a client's, per order. */
  _id: string;
  requestHash: string;
  /** The order as the command left it, personal data masked; absent while the first request is still in flight. */
  result?: SealedOrderView;
  createdAt: Date;
}

const schema = new Schema<CommandKeyRecord>(
  {
    _id: { type: String, required: true },
    requestHash: { type: String, required: true },
    result: { type: Schema.Types.Mixed },
    createdAt: { type: Date, required: true },
  },
  { collection: 'order_command_keys', versionKey: false },
);

export type CommandKeys = Model<CommandKeyRecord>;

export function commandKeysModel(db: Connection): CommandKeys {
  return db.models['CommandKeyRecord'] ?? db.model<CommandKeyRecord>('CommandKeyRecord', schema);
}

/** Forgets command keys first used before `before` (their retention is over); answers how many. */
export async function pruneCommandKeys(keys: CommandKeys, before: Date): Promise<number> {
  return (await keys.deleteMany({ createdAt: { $lt: before } })).deletedCount;
}

/**
 * Sends a command once per key: the first request claims the key and stores the answer; a retry
 * with the same request gets the stored answer (or, if the first is still in flight or died,
 * sends again under the same Update id, which Temporal applies once); another request under the
 * key is a 422. A failed first request releases the key, so its retry tries again.
 */
export async function sendOnce(keys: CommandKeys, orderId: string, key: string, hash: string, send: () => Promise<SealedOrderView>): Promise<SealedOrderView> {
  const _id = `${orderId}|${key}`;
  try {
    await keys.create({ _id, requestHash: hash, createdAt: new Date() });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const existing = await keys.findById(_id).lean();
    if (existing && existing.requestHash !== hash) throw idempotencyKeyReused();
    if (existing?.result) return existing.result;
  }
  let result: SealedOrderView;
  try {
    result = await send();
  } catch (error) {
    await keys.deleteOne({ _id, result: { $exists: false } }).catch(() => undefined);
    throw error;
  }
  await keys.updateOne({ _id }, { $set: { result } });
  return result;
}
