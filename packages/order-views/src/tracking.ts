import { Schema, type Connection, type Model } from 'mongoose';
import type { ReceivedOrderEvent, SealedOrderView } from '@lianxin/contracts';
import { keepNewest, type ApplyOutcome } from './newest';

/** 工单跟踪: the newest view of every order (personal data masked, with its sealed copy), looked up by id only. */
export interface TrackedOrder {
  _id: string;
  sequence: number;
  view: SealedOrderView;
  updatedAt: Date;
}

const trackedOrderSchema = new Schema<TrackedOrder>(
  {
    _id: { type: String, required: true },
    sequence: { type: Number, required: true },
    view: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export function trackedOrderModel(db: Connection, collection = 'order_views'): Model<TrackedOrder> {
  const name = `TrackedOrder:${collection}`;
  return db.models[name] ?? db.model<TrackedOrder>(name, trackedOrderSchema, collection);
}

/** The sequence a read model keeps: the event's, or the view's when it is ahead. */
export function eventSequence(event: ReceivedOrderEvent): number {
  return Math.max(event.data.order.sequence, event.sequence);
}

export function applyToTracking(model: Model<TrackedOrder>, event: ReceivedOrderEvent): Promise<ApplyOutcome> {
  const sequence = eventSequence(event);
  const view = event.data.order;
  return keepNewest(model, event.data.orderId, sequence, { _id: event.data.orderId, sequence, view, updatedAt: new Date() });
}

export async function findTrackedOrder(model: Model<TrackedOrder>, id: string): Promise<SealedOrderView | undefined> {
  const tracked = await model.findById(id, { view: 1 }).lean<{ view: SealedOrderView }>();
  return tracked?.view;
}
