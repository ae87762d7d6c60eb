import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKey } from '@lianxin/platform';

/**
 * 历史工单's index: for each resident's phone number, the orders opened with it. The number is
 * not kept, only its blind index (a keyed hash, `blindIndexFromEnv('phone')`): one document per
 * hash, `_id` = the hash (the only field FerretDB looks up by index), holding the order ids.
 * Adding is `$addToSet`, so a retried intake (same Idempotency-Key, same order id) adds nothing.
 */
interface PhoneIndexRecord {
  _id: string;
  orderIds: string[];
  updatedAt: Date;
}

const schema = new Schema<PhoneIndexRecord>(
  {
    _id: { type: String, required: true },
    orderIds: { type: [String], required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'resident_order_index', versionKey: false },
);

export type PhoneIndexModel = Model<PhoneIndexRecord>;

export function phoneIndexModel(db: Connection): PhoneIndexModel {
  return db.models['PhoneIndexRecord'] ?? db.model<PhoneIndexRecord>('PhoneIndexRecord', schema);
}

/** The phone index as intake and the search use it: phone numbers in, hashes inside. */
export interface PhoneIndex {
  /** The hash a phone number (normalised: 11 digits) is kept under; what the audit trail names. */
  hashOf(phone: string): string;
  /** Notes that `orderId` was opened with `phone`; adding it again changes nothing. */
  add(phone: string, orderId: string): Promise<void>;
  /** The orders opened with the phone whose hash is `hash`, in the order they were added. */
  orderIds(hash: string): Promise<string[]>;
}

export function phoneIndex(model: PhoneIndexModel, hash: (phone: string) => string): PhoneIndex {
  const upsert = (key: string, orderId: string) =>
    model.updateOne({ _id: key }, { $addToSet: { orderIds: orderId }, $set: { updatedAt: new Date() } }, { upsert: true });
  return {
    hashOf: hash,
    async add(phone, orderId) {
      const key = hash(phone);
      try {
        await upsert(key, orderId);
      } catch (error) {
        // Two first orders of one number at once: both upserts insert, one loses; it is now an update.
        if (!isDuplicateKey(error)) throw error;
        await upsert(key, orderId);
      }
    },
    async orderIds(key) {
      const found = await model.findById(key, { orderIds: 1 }).lean();
      return found?.orderIds ?? [];
    },
  };
}
