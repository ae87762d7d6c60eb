import { holdsAnyRole, routeAccess, type ReceivedOrderEvent, type SealedOrderView } from '@lianxin/contracts';
import { eventSequence, queuedOrder, workQueueFilters, type QueuedOrder } from '@lianxin/order-views';
import type { Principal } from '@lianxin/platform';

/** What the work lists' filters read of an order: the fields of its work-queue document. */
export type OrderPlacement = Pick<QueuedOrder, 'status' | 'sequence' | 'handlerIds' | 'claimAudience' | 'awaitingDispatcher' | 'scope' | 'organisationId'>;

/** A filter of the work lists (`workQueueFilters`): equality and `$in`, field by field. */
export type QueueFilter = Record<string, unknown>;

/**
 * Whether a document matches one of the lists' filters, read the way the store reads it: a field
 * holding an array matches a value it contains; `{ $in: [...] }` matches any of them. Only what
 * the lists use is understood; anything else is an error, so a change to them is noticed here.
 */
export function matchesFilter(doc: OrderPlacement, filter: QueueFilter): boolean {
  return Object.entries(filter).every(([field, condition]) => {
    const value = (doc as unknown as Record<string, unknown>)[field];
    const has = (wanted: unknown) => (Array.isArray(value) ? value.includes(wanted) : value === wanted);
    if (condition !== null && typeof condition === 'object' && !Array.isArray(condition)) {
      const { $in, ...rest } = condition as { $in?: unknown };
      if (!Array.isArray($in) || Object.keys(rest).length > 0) throw new Error(`work-queue filter on ${field}: only equality and $in are understood`);
      return $in.some(has);
    }
    return has(condition);
  });
}

const holds = (principal: Principal, route: keyof typeof routeAccess) => holdsAnyRole({ role: principal.roles[0] ?? 'resident', roles: principal.roles }, routeAccess[route]);

/**
 * What a person's live stream watches: the filters of each work list they may open — their
 * inbox (own and organisation's orders), their claim board, and for the dispatch-queue roles the
 * queue's scope check over the whole subtree (any order whose path holds their organisation, not
 * only those waiting on a dispatcher, so an order leaving the queue is heard of too).
 */
export function streamFiltersOf(principal: Principal): QueueFilter[] {
  const own = [principal.id, ...(principal.organisationId ? [principal.organisationId] : [])];
  const holder = { id: principal.id, ...(principal.organisationId ? { organisationId: principal.organisationId } : {}), isMember: principal.roles.includes('member') };
  const subtree = principal.organisationId
    ? workQueueFilters.dispatchQueue(principal.organisationId).map(({ awaitingDispatcher: _waiting, ...scope }) => scope)
    : [];
  return [
    ...(holds(principal, 'inbox') ? workQueueFilters.inbox(own) : []),
    ...(holds(principal, 'claimBoard') ? workQueueFilters.claimBoard(holder) : []),
    ...(holds(principal, 'dispatchQueue') ? subtree : []),
  ];
}

function handlerIdsOf(view: SealedOrderView): string[] {
  const ids = [view.handler?.id, view.handler?.signedBy?.id, ...view.coHandlers.map((c) => c.id)].filter((id): id is string => Boolean(id));
  return [...new Set(ids)];
}

/**
 * Where an order stands after an event, as the lists see it: its work-queue document; for an
 * order that ended (and so left every list) its handlers and scope, so those who held it hear of it.
 */
export function placementOf(event: ReceivedOrderEvent): OrderPlacement {
  const view = event.data.order;
  const sequence = eventSequence(event);
  const queued = queuedOrder(view, sequence);
  if (queued) return queued;
  return {
    status: view.status,
    sequence,
    handlerIds: handlerIdsOf(view),
    claimAudience: [],
    awaitingDispatcher: false,
    scope: view.scope ?? [],
    ...(view.location.organisationId ? { organisationId: view.location.organisationId } : {}),
  };
}
