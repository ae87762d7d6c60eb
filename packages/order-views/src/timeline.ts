import { Schema, type Connection, type Model } from 'mongoose';
import { timelineEntryOf, type ReceivedOrderEvent, type TimelineEntry } from '@lianxin/contracts';
import type { ApplyOutcome } from './newest';
import { isDuplicateKey } from '@lianxin/platform';

/**
 * 办理过程: every order's timeline, one document per order (looked up by id only), built from the
 * published events. The order's workflow does not keep its timeline (its state stays bounded
 * however long the order runs), so this read model is the record of what happened.
 */
export interface OrderTimelineDocument {
  _id: string;
  entries: TimelineEntry[];
  /** The sequences of `entries`: what makes applying an event twice a no-op. */
  sequences: number[];
  updatedAt: Date;
}

const orderTimelineSchema = new Schema<OrderTimelineDocument>(
  {
    _id: { type: String, required: true },
    entries: { type: Schema.Types.Mixed, required: true },
    sequences: { type: [Number], required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export function orderTimelineModel(db: Connection, collection = 'order_timelines'): Model<OrderTimelineDocument> {
  const name = `OrderTimeline:${collection}`;
  return db.models[name] ?? db.model<OrderTimelineDocument>(name, orderTimelineSchema, collection);
}

/**
 * Adds the event's line to its order's timeline unless the line is there already. One operation
 * naming `_id`: an event applied again (a redelivery, a replay, a dead letter replayed late) finds
 * its sequence stored, matches nothing, and its upsert meets the stored `_id` (E11000). Lines are
 * kept in arrival order and read back in sequence order, so one arriving late lands in place.
 */
export async function applyToTimeline(model: Model<OrderTimelineDocument>, event: ReceivedOrderEvent): Promise<ApplyOutcome> {
  const entry = timelineEntryOf(event.data);
  try {
    const result = await model.updateOne(
      { _id: event.data.orderId, sequences: { $ne: entry.sequence } },
      { $push: { entries: entry, sequences: entry.sequence }, $set: { updatedAt: new Date() } },
      { upsert: true },
    );
    return result.modifiedCount + result.upsertedCount > 0 ? 'written' : 'unchanged';
  } catch (error) {
    if (isDuplicateKey(error)) return 'unchanged';
    throw error;
  }
}

/** The order's timeline, oldest first; empty while no event of it has arrived. */
export async function findTimeline(model: Model<OrderTimelineDocument>, orderId: string): Promise<TimelineEntry[]> {
  const stored = await model.findById(orderId, { entries: 1 }).lean<{ entries: TimelineEntry[] }>();
  return [...(stored?.entries ?? [])].sort((a, b) => a.sequence - b.sequence);
}
