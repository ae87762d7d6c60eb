import { Schema, type Connection, type Model } from 'mongoose';
import {
  escalationRank,
  finalOrderStatuses,
  summarizeOrder,
  type OrderStatus,
  type OrderSummary,
  type OrderView,
  type ReceivedOrderEvent,
  type SealedOrderView,
} from '@lianxin/contracts';
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
  /** The order's organisation path (village → township → county): whose subtree it lies in. */
  scope: string[];
  updatedAt: Date;
  /**
   * For the overdue board (超期看板/督办), top-level so its query reads no JSON: the escalation
   * level's rank (`escalationRank`: none 0 … escalated 5), when the running clock that falls due
   * first is due (absent when no clock runs), and whether an extension awaits a decision.
   * Documents written before these fields existed get them with the next event of their order
   * (each event rewrites the whole document); until then the board does not list them.
   */
  escalationRank: number;
  nextDueAt?: Date;
  pendingExtension: boolean;
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
    scope: { type: [String], index: true },
    updatedAt: { type: Date, required: true },
    escalationRank: { type: Number },
    nextDueAt: { type: Date },
    pendingExtension: { type: Boolean },
    summaryJson: { type: String, required: true },
  },
  { versionKey: false },
);
queuedOrderSchema.index({ awaitingDispatcher: 1, scope: 1 });
queuedOrderSchema.index({ scope: 1, escalationRank: 1 });

export function queuedOrderModel(db: Connection, collection = 'work_queue_orders'): Model<QueuedOrder> {
  const name = `QueuedOrder:${collection}`;
  return db.models[name] ?? db.model<QueuedOrder>(name, queuedOrderSchema, collection);
}

/** The queue document of an order as it now stands; undefined once the order has ended. */
export function queuedOrder(view: OrderView | SealedOrderView, sequence: number): QueuedOrder | undefined {
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
  const summary = summarizeOrder(view);
  return {
    _id: view.id,
    sequence,
    status: view.status,
    handlerIds: [...new Set(handlerIds)],
    claimAudience,
    awaitingDispatcher: dispatcherStatuses.includes(view.status),
    ...(view.location.organisationId ? { organisationId: view.location.organisationId } : {}),
    scope: view.scope ?? [],
    updatedAt: new Date(view.updatedAt),
    escalationRank: escalationRank(view.escalationLevel),
    ...(summary.nextDeadline ? { nextDueAt: new Date(summary.nextDeadline.dueAt) } : {}),
    pendingExtension: view.pendingExtension !== undefined,
    summaryJson: JSON.stringify(summary),
  };
}

export function applyToWorkQueues(model: Model<QueuedOrder>, event: ReceivedOrderEvent): Promise<ApplyOutcome> {
  const sequence = eventSequence(event);
  return keepNewest(model, event.data.orderId, sequence, queuedOrder(event.data.order, sequence));
}

/** Whose work a list shows: a person, their organisation, and whether they are a member (open-to-all offers). */
export interface QueueHolder {
  id: string;
  organisationId?: string;
  isMember: boolean;
}

const idsOf = (holder: QueueHolder) => (holder.organisationId ? [holder.id, holder.organisationId] : [holder.id]);

/**
 * The filters of the three work lists (disjoint parts of one list each), by equality and `$in`
 * so any MongoDB-compatible store serves them; each is limited to what its holder may see.
 */
export const workQueueFilters = {
  /** 我的待办: open orders the person or their organisation handles (or co-handles), optionally in one status. */
  inbox: (handlerIds: readonly string[], status?: OrderStatus) => [{ handlerIds: { $in: [...handlerIds] }, ...(status ? { status } : {}) }],
  /** 待认领: what the holder may claim now: offered to them or their organisation, or (members) open to all members. */
  claimBoard: (holder: QueueHolder) => [
    { claimAudience: { $in: idsOf(holder) } },
    ...(holder.isMember ? [{ claimAudience: allMembersAudience }] : []),
  ],
  /** 待派单: orders waiting on a dispatcher in an organisation's subtree (optionally one village of it). */
  dispatchQueue: (scopeOrganisationId: string, organisationId?: string) => [
    { awaitingDispatcher: true, scope: scopeOrganisationId, ...(organisationId ? { organisationId } : {}) },
  ],
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
