import type { ActorRole, OrderView, ReceivedOrderEvent } from '@lianxin/contracts';
import { queuedOrder, workQueueFilters } from '@lianxin/order-views';
import { sampleEventData, sampleOrderView, type SampleOrderOptions } from '@lianxin/order-views/samples';
import type { Principal } from '@lianxin/platform';
import { matchesFilter, streamFiltersOf } from '../src/work-queue-stream/audience';
import type { WorkQueueChange } from '../src/work-queue-stream/change';
import { workQueueHub } from '../src/work-queue-stream/hub';

const eventOf = (view: OrderView): ReceivedOrderEvent => {
  const data = sampleEventData(view);
  return { id: `${view.id}:${data.sequence}`, type: data.type, subject: view.id, sequence: data.sequence, trace: {}, data };
};
const order = (options: SampleOrderOptions) => eventOf(sampleOrderView(options));
const person = (id: string, roles: ActorRole[], organisationId?: string): Principal => ({ id, roles, ...(organisationId ? { organisationId } : {}) });

const dispatcher = person('mem-t-dispatcher', ['member', 'dispatcher'], 'org-sample-township');
const otherDispatcher = person('mem-o-dispatcher', ['member', 'dispatcher'], 'org-other-township');
const member = person('m1', ['member'], 'org-v1');

/** Opens a stream in the hub for `who`, collecting what it is sent. */
function listen(hub: ReturnType<typeof workQueueHub>, who: Principal) {
  const got: WorkQueueChange[] = [];
  const stop = hub.subscribe({ personId: who.id, filters: streamFiltersOf(who), send: (change) => got.push(change), end: () => undefined });
  return { got, stop };
}

describe('what a live stream watches', () => {
  it('reads the lists\' filters as the store does: equality on arrays and scalars, $in', () => {
    const doc = queuedOrder(sampleOrderView({ id: 'LX1', status: 'received', organisationId: 'org-v1' }), 1)!;
    expect(matchesFilter(doc, workQueueFilters.dispatchQueue('org-sample-township')[0]!)).toBe(true);
    expect(matchesFilter(doc, workQueueFilters.dispatchQueue('org-sample-township', 'org-v2')[0]!)).toBe(false);
    expect(matchesFilter(doc, workQueueFilters.dispatchQueue('org-other-township')[0]!)).toBe(false);
    const signed = queuedOrder(sampleOrderView({ id: 'LX2', status: 'signed', handlerId: 'm1', organisationId: 'org-v1' }), 1)!;
    expect(matchesFilter(signed, workQueueFilters.inbox(['m1', 'org-v1'])[0]!)).toBe(true);
    expect(matchesFilter(signed, workQueueFilters.inbox(['m2'])[0]!)).toBe(false);
    expect(() => matchesFilter(signed, { updatedAt: { $gt: 1 } })).toThrow(/only equality and \$in/);
  });

  it('is the filters of the lists the person may open: inbox, claim board, and the dispatch queue\'s scope over the whole subtree', () => {
    expect(streamFiltersOf(dispatcher)).toEqual([
      { handlerIds: { $in: ['mem-t-dispatcher', 'org-sample-township'] } },
      { claimAudience: { $in: ['mem-t-dispatcher', 'org-sample-township'] } },
      { claimAudience: 'all-members' },
      { scope: 'org-sample-township' },
    ]);
    expect(streamFiltersOf(person('leader-1', ['leader'], 'org-sample-county'))).toEqual([{ scope: 'org-sample-county' }]);
    expect(streamFiltersOf(person('leader-2', ['leader']))).toEqual([]);
  });
});

describe('the work-queue hub', () => {
  it('sends a dispatcher the changes of his subtree only, with no personal data', () => {
    const hub = workQueueHub();
    const mine = listen(hub, dispatcher);
    const theirs = listen(hub, otherDispatcher);
    hub.publish(order({ id: 'LX1', status: 'received', organisationId: 'org-v1' }));
    hub.publish(order({ id: 'LX1', status: 'dispatched', handlerId: 'm9', organisationId: 'org-v1', sequence: 3 })); // left the queue: still his subtree
    expect(mine.got).toEqual([
      { id: 'LX1', sequence: 1, status: 'received', type: 'order.received', organisationId: 'org-v1', scope: ['org-v1', 'org-sample-township', 'org-sample-county'] },
      { id: 'LX1', sequence: 3, status: 'dispatched', type: 'order.dispatched', organisationId: 'org-v1', scope: ['org-v1', 'org-sample-township', 'org-sample-county'] },
    ]);
    expect(theirs.got).toEqual([]);
  });

  it('tells a handler of an order taken from him or ended, then no more', () => {
    const hub = workQueueHub();
    const handler = listen(hub, member);
    hub.publish(order({ id: 'LX2', status: 'signed', handlerId: 'm1', organisationId: 'org-x', sequence: 4 }));
    hub.publish(order({ id: 'LX2', status: 'dispatched', handlerId: 'm2', organisationId: 'org-x', sequence: 5 })); // reassigned away
    hub.publish(order({ id: 'LX2', status: 'signed', handlerId: 'm2', organisationId: 'org-x', sequence: 6 }));
    expect(handler.got.map((c) => [c.sequence, c.status])).toEqual([[4, 'signed'], [5, 'dispatched']]);

    hub.publish(order({ id: 'LX3', status: 'resolved', handlerId: 'm1', organisationId: 'org-x', sequence: 8 }));
    hub.publish(order({ id: 'LX3', status: 'closed', handlerId: 'm1', organisationId: 'org-x', sequence: 9 }));
    expect(handler.got.filter((c) => c.id === 'LX3').map((c) => c.status)).toEqual(['resolved', 'closed']);
  });

  it('drops redelivered and older events of an order', () => {
    const hub = workQueueHub();
    const mine = listen(hub, dispatcher);
    const received = order({ id: 'LX4', status: 'received', organisationId: 'org-v1', sequence: 2 });
    hub.publish(received);
    hub.publish(received);
    hub.publish(order({ id: 'LX4', status: 'received', organisationId: 'org-v1', sequence: 1 }));
    expect(mine.got.map((c) => c.sequence)).toEqual([2]);
  });

  it('holds a person to a few streams, frees one when it closes, and ends them all on shutdown', () => {
    const hub = workQueueHub({ maxStreamsPerPerson: 2 });
    const ended: string[] = [];
    const open = (tag: string) => hub.subscribe({ personId: 'p', filters: [], send: () => undefined, end: () => ended.push(tag) });
    const first = open('a');
    expect(open('b')).toBeDefined();
    expect(open('c')).toBeUndefined();
    first!();
    first!(); // twice is once
    expect(hub.streamsOf('p')).toBe(1);
    expect(open('d')).toBeDefined();
    hub.endAll();
    expect(ended.sort()).toEqual(['b', 'd']);
  });
});
