import { Schema, type Connection, type Model } from 'mongoose';
import { finalOrderStatuses, summarizeOrder, type OrderStatus, type OrderSummary, type OrderView, type ReceivedOrderEvent } from '@lianxin/contracts';
import { keepNewest, type ApplyOutcome } from './newest';
import { eventSequence } from './tracking';

/**
 * 待办: the orders someone still has to act on, one document per open order, removed when the
 * order ends (不予受理、合并、销号、撤单). The collection stays as large as the open work, not as
 * large as the history, so a list scans little however many orders have been closed; each
 * document carries the summary a list shows, so a page needs no second lookup.
 */
export interface QueuedOrder {
  _id: string;
  sequence: number;
  status: OrderStatus;
  /** The handler, the member who signed for an organisation, and co-handlers. */
  handlerIds: string[];
  /** Who may claim it now (待认领): offered ids, or `allMembersAudience` when open to all members. */
  claimAudience: string[];
  /** Waiting on a dispatcher: to accept, to dispatch (again), or for a supervisor's decision. */
  awaitingDispatcher: boolean;
  organisationId?: string;
  updatedAt: Date;
  summary: OrderSummary;
}

export const allMembersAudience = 'all-members';

const dispatcherStatuses: readonly OrderStatus[] = ['received', 'accepted', 'returned', 'awaiting_supervisor'];

const queuedOrderSchema = new Schema<QueuedOrder>(
  {
    _id: { type: String, required: true },
    sequence: { type: Number, required: true },
    status: { type: String, required: true },
    handlerIds: { type: [String], index: true },
    claimAudience: { type: [String], index: true },
    awaitingDispatcher: { type: Boolean, required: true },
    organisationId: { type: String },
    updatedAt: { type: Date, required: true },
    summary: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false },
);
queuedOrderSchema.index({ awaitingDispatcher: 1, organisationId: 1 });

export function queuedOrderModel(db: Connection, collection = 'work_queue_orders'): Model<QueuedOrder> {
  const name = `QueuedOrder:${collection}`;
  return db.models[name] ?? db.model<QueuedOrder>(name, queuedOrderSchema, collection);
}

/** The queue document of an order as it now stands; undefined once the order has ended. */
export function queuedOrder(view: OrderView, sequence: number): QueuedOrder | undefined {
  if (finalOrderStatuses.includes(view.status)) return undefined;
  const handlerIds = [view.handler?.id, view.handler?.signedBy?.id, ...view.coHandlers.map((c) => c.id)].filter(
    (id): id is string => Boolean(id),
  );
  const claimAudience =
    view.status !== 'open_for_claim' || !view.claim
      ? []
      : view.claim.openToAll
        ? [allMembersAudience]
        : view.claim.offeredTo.map((t) => t.id);
  return {
    _id: view.id,
    sequence,
    status: view.status,
    handlerIds: [...new Set(handlerIds)],
    claimAudience,
    awaitingDispatcher: dispatcherStatuses.includes(view.status),
    ...(view.location.organisationId ? { organisationId: view.location.organisationId } : {}),
    updatedAt: new Date(view.updatedAt),
    summary: summarizeOrder(view),
  };
}

export function applyToWorkQueues(model: Model<QueuedOrder>, event: ReceivedOrderEvent): Promise<ApplyOutcome> {
  const sequence = eventSequence(event);
  return keepNewest(model, event.data.orderId, sequence, queuedOrder(event.data.order, sequence));
}

/** The filters of the three work lists, by plain equality so any MongoDB-compatible store serves them. */
export const workQueueFilters = {
  /** 我的待办: a handler's open orders, optionally in one status. */
  inbox: (handlerId: string, status?: OrderStatus) => [{ handlerIds: handlerId, ...(status ? { status } : {}) }],
  /** 待认领: everything open for claiming, or what one candidate may claim (offered to them, or to all members). */
  claimBoard: (candidateId?: string) =>
    candidateId === undefined
      ? [{ status: 'open_for_claim' }]
      : [{ claimAudience: candidateId }, { claimAudience: allMembersAudience }],
  /** 待派单: orders waiting on a dispatcher, everywhere or in one organisation. */
  dispatchQueue: (organisationId?: string) => [{ awaitingDispatcher: true, ...(organisationId ? { organisationId } : {}) }],
} as const;

export interface QueuePage {
  items: OrderSummary[];
  total: number;
}

const newestFirst = (a: Pick<QueuedOrder, '_id' | 'updatedAt'>, b: Pick<QueuedOrder, '_id' | 'updatedAt'>) =>
  b.updatedAt.getTime() - a.updatedAt.getTime() || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);

/**
 * One page of a work list, most recently changed first, and how many orders it holds. The list
 * is the union of `filters` (disjoint sets): each is read up to the page's end and counted, side
 * by side, then merged.
 */
export async function listWorkQueue(
  model: Model<QueuedOrder>,
  filters: readonly Record<string, unknown>[],
  page: { offset: number; limit: number },
): Promise<QueuePage> {
  const parts = await Promise.all(
    filters.map(async (filter) => {
      const [docs, total] = await Promise.all([
        model
          .find(filter, { summary: 1, updatedAt: 1 })
          .sort({ updatedAt: -1, _id: -1 })
          .limit(page.offset + page.limit)
          .lean<Pick<QueuedOrder, '_id' | 'updatedAt' | 'summary'>[]>(),
        model.countDocuments(filter),
      ]);
      return { docs, total };
    }),
  );
  const merged = parts.length === 1 ? parts[0]!.docs : parts.flatMap((p) => p.docs).sort(newestFirst);
  return {
    items: merged.slice(page.offset, page.offset + page.limit).map((d) => d.summary),
    total: parts.reduce((sum, p) => sum + p.total, 0),
  };
}
