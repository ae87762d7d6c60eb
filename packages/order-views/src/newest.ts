import type { Model, QueryFilter } from 'mongoose';
import { isDuplicateKey } from '@lianxin/platform';

/** What applying one event did to a read model (`unchanged`: nothing to remove, or stored newer). */
export type ApplyOutcome = 'written' | 'removed' | 'stale' | 'unchanged';

/**
 * Stores `next` as the document `id` — or removes it when `next` is undefined — unless the
 * stored one already has this sequence or a newer one; then nothing is written. One operation
 * naming `_id` (with the sequence checked on the document it finds): the lookup every
 * MongoDB-compatible store serves from an index, so the cost stays the same at a hundred or a
 * million orders. A stale event matches nothing, and its upsert meets the stored `_id` (E11000).
 *
 * Events of one order share a Kafka key, so one consumer of one partition applies them, in
 * order. A replay after a restart re-applies events in order too, so a removed document that a
 * replayed older event brings back is removed again by the newer one that follows it.
 */
export async function keepNewest<T extends { _id: string; sequence: number }>(
  model: Model<T>,
  id: string,
  sequence: number,
  next: T | undefined,
): Promise<ApplyOutcome> {
  const olderThanThis: QueryFilter<T> = { _id: id, sequence: { $lt: sequence } } as QueryFilter<T>;
  if (!next) {
    const removed = await model.deleteOne(olderThanThis);
    return removed.deletedCount > 0 ? 'removed' : 'unchanged';
  }
  try {
    const result = await model.replaceOne(olderThanThis, next, { upsert: true });
    return result.modifiedCount + result.upsertedCount > 0 ? 'written' : 'stale';
  } catch (error) {
    if (isDuplicateKey(error)) return 'stale'; // a document with this sequence or a newer one is stored
    throw error;
  }
}
