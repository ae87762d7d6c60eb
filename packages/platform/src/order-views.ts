import { Schema, type Connection, type Model } from 'mongoose';
import type { OrderView, ReceivedOrderEvent } from '@lianxin/contracts';

/**
 * A read model of orders: the newest view of each order from the order-event stream, plus the
 * fields a service looks orders up by. Each service keeps its own copy in its own database.
 */
export interface StoredOrderView {
  _id: string;
  sequence: number;
  status: string;
  /** The handler and co-handlers (ids of members, organisations, social organisations). */
  handlerIds: string[];
  /** Who may claim it now (待认领), empty otherwise. */
  offeredToIds: string[];
  organisationId?: string;
  view: OrderView;
  updatedAt: Date;
}

const storedOrderViewSchema = new Schema<StoredOrderView>(
  {
    _id: { type: String, required: true },
    sequence: { type: Number, required: true },
    status: { type: String, required: true, index: true },
    handlerIds: { type: [String], index: true },
    offeredToIds: { type: [String], index: true },
    organisationId: { type: String, index: true },
    view: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export function orderViewModel(db: Connection, collection = 'order_views'): Model<StoredOrderView> {
  const name = `OrderView:${collection}`;
  return db.models[name] ?? db.model<StoredOrderView>(name, storedOrderViewSchema, collection);
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 11000;
}

/**
 * Keeps the newest view per order. An event whose sequence is not newer than what is stored (a
 * duplicate delivery, or an older event arriving late) changes nothing; answers whether it applied.
 */
export async function applyOrderEvent(model: Model<StoredOrderView>, event: ReceivedOrderEvent): Promise<boolean> {
  const view = event.data.order;
  const sequence = Math.max(view.sequence, event.sequence);
  const handlerIds = [view.handler?.id, view.handler?.signedBy?.id, ...view.coHandlers.map((c) => c.id)].filter(
    (id): id is string => Boolean(id),
  );
  const offeredToIds = view.status === 'open_for_claim' ? (view.claim?.offeredTo ?? []).map((t) => t.id) : [];
  try {
    const result = await model.updateOne(
      { _id: event.data.orderId, sequence: { $lt: sequence } },
      {
        $set: {
          sequence,
          status: view.status,
          handlerIds,
          offeredToIds,
          ...(view.location.organisationId ? { organisationId: view.location.organisationId } : {}),
          view,
          updatedAt: new Date(),
        },
      },
      { upsert: true },
    );
    return result.modifiedCount + result.upsertedCount > 0;
  } catch (error) {
    if (isDuplicateKey(error)) return false; // a newer view is already stored
    throw error;
  }
}
