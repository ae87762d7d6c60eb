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
  /**
   * The summary a list shows, as JSON text. One string field instead of a nested document:
   * FerretDB 1.x converts every field of every document a query matches, and a single string
   * converts several times faster (measured by bench:readmodels); MongoDB does not mind.
   */
  summaryJson: string;
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
    summaryJson: { type: String, required: true },
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
    summaryJson: JSON.stringify(summarizeOrder(view)),
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

/** Lists up to this long are read in one query, which also counts them; longer ones are counted apart. */
export const wholeListLimit = 1_000;

type ListedOrder = Pick<QueuedOrder, '_id' | 'updatedAt' | 'summaryJson'>;

const newestFirst = (a: ListedOrder, b: ListedOrder) =>
  b.updatedAt.getTime() - a.updatedAt.getTime() || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);

/** The first `window` entries of one list, newest change first, and how many it holds in all. */
async function readList(model: Model<QueuedOrder>, filter: Record<string, unknown>, window: number) {
  const docs = await model
    .find(filter, { summaryJson: 1, updatedAt: 1 })
    .sort({ updatedAt: -1, _id: -1 })
    .limit(window + 1)
    .lean<ListedOrder[]>();
  if (docs.length <= window) return { docs, total: docs.length };
  return { docs: docs.slice(0, window), total: await model.countDocuments(filter) };
}

/**
 * One page of a work list, most recently changed first, and how many orders it holds. The list
 * is the union of `filters` (disjoint sets), each read side by side and merged. A list of up to
 * `wholeListLimit` orders costs one query: on the embedded store every matching document is
 * read anyway to sort it, so counting it apart would read them all twice.
 */
export async function listWorkQueue(
  model: Model<QueuedOrder>,
  filters: readonly Record<string, unknown>[],
  page: { offset: number; limit: number },
): Promise<QueuePage> {
  const window = page.offset + Math.max(page.limit, wholeListLimit);
  const parts = await Promise.all(filters.map((filter) => readList(model, filter, window)));
  const merged = parts.length === 1 ? parts[0]!.docs : parts.flatMap((p) => p.docs).sort(newestFirst);
  return {
    items: merged.slice(page.offset, page.offset + page.limit).map((d) => JSON.parse(d.summaryJson) as OrderSummary),
    total: parts.reduce((sum, p) => sum + p.total, 0),
  };
}
