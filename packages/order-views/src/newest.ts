import type { Model } from 'mongoose';

/** What applying one event did to a read model. */
export type ApplyOutcome = 'written' | 'removed' | 'stale' | 'unchanged';

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 11000;
}

/**
 * Stores `next` as the document `id` — or removes it when `next` is undefined — unless the
 * stored one already has this sequence or a newer one; then nothing is written. Every read and
 * write names `_id` alone, the one lookup every MongoDB-compatible store serves from an index,
 * so the cost stays the same at a hundred or a million orders.
 *
 * Read-then-write is safe because each order has one writer: its events share a Kafka key, so
 * one consumer of one partition applies them, in order. A replay after a restart re-applies
 * events in order too, so a removed document that a replayed older event brings back is removed
 * again by the newer one that follows it.
 */
export async function keepNewest<T extends { _id: string; sequence: number }>(
  model: Model<T>,
  id: string,
  sequence: number,
  next: T | undefined,
): Promise<ApplyOutcome> {
  const stored = await model.findById(id, { sequence: 1 }).lean<{ sequence: number }>();
  if (stored && stored.sequence >= sequence) return 'stale';
  if (!next) {
    if (!stored) return 'unchanged';
    await model.deleteOne({ _id: id });
    return 'removed';
  }
  if (stored) {
    await model.replaceOne({ _id: id }, next);
    return 'written';
  }
  try {
    await model.create(next);
    return 'written';
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return keepNewest(model, id, sequence, next); // written meanwhile (a rebalance): compare again
  }
}
