import { OrderView, TimelineEntry } from '@lianxin/contracts/order';
import { OrderCase } from '../../src/order/order-case';
import { actors, cmd, day, dispatchedOrder, hour, inProgressOrder, iso, policyWith, targets, tDispatch, tSign } from './fixtures';

/** The same story from a given point: commands and the passing of time. */
function continueStory(order: OrderCase): void {
  order.tick(tDispatch + 20 * hour); // sign warning
  order.apply(cmd({ type: 'sign' }), actors.member, tDispatch + 21 * hour);
  order.apply(cmd({ type: 'contact', method: 'phone' }), actors.member, tDispatch + 22 * hour);
  order.apply(cmd({ type: 'pause', reason: '等待群众' }), actors.member, tDispatch + 2 * day);
  order.tick(tDispatch + 30 * day);
  order.apply(cmd({ type: 'resume' }), actors.member, tDispatch + 4 * day);
  order.tick(tDispatch + 11 * day); // resolve ladder up to supervised (deadline moved to +9 d by the pause)
  order.apply(cmd({ type: 'resolve', summary: '已解决' }), actors.member, tDispatch + 11 * day);
  order.tick(tDispatch + 30 * day);
}

describe('snapshots', () => {
  it('are plain JSON', () => {
    const order = inProgressOrder();
    const snapshot = order.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot).toMatchObject({ sequence: 5, status: 'in_progress', policy: { version: 1 } });
    expect(snapshot.timeline).toHaveLength(5);
  });

  it('round-trip: fromSnapshot(snapshot()) behaves identically', () => {
    const original = dispatchedOrder({ policy: policyWith({ reassignOnEscalate: true }) });
    const restored = OrderCase.fromSnapshot(JSON.parse(JSON.stringify(original.snapshot())));
    expect(restored.snapshot()).toEqual(original.snapshot());

    continueStory(original);
    continueStory(restored);
    const events = original.drainEvents();
    expect(events.map((e) => e.type)).toEqual([
      'order.received',
      'order.accepted',
      'order.dispatched',
      'order.warning',
      'order.signed',
      'order.contacted',
      'order.paused',
      'order.resumed',
      'order.warning',
      'order.overdue',
      'order.reminded',
      'order.supervised',
      'order.resolved',
      'order.closed',
    ]);
    expect(restored.drainEvents()).toEqual(events);
    expect(restored.view(tDispatch + 30 * day)).toEqual(original.view(tDispatch + 30 * day));
    expect(restored.timeline()).toEqual(original.timeline());
    expect(restored.status).toBe('closed');
  });

  it('round-trip while paused keeps the remaining time', () => {
    const order = inProgressOrder();
    order.apply(cmd({ type: 'pause', reason: '等待' }), actors.member, tDispatch + day);
    const restored = OrderCase.fromSnapshot(order.snapshot());
    expect(restored.nextWakeUpAt()).toBeUndefined();
    restored.apply(cmd({ type: 'resume' }), actors.member, tDispatch + 3 * day);
    expect(restored.view(tDispatch + 3 * day).clocks).toEqual([{ name: 'resolve', dueAt: iso(tDispatch + 9 * day), level: 'none' }]);
  });

  it('keep sequences monotonic across snapshots and hand out each event once', () => {
    const order = dispatchedOrder();
    expect(order.drainEvents().map((e) => e.sequence)).toEqual([1, 2, 3]);
    order.apply(cmd({ type: 'sign' }), actors.member, tSign);
    const restored = OrderCase.fromSnapshot(order.snapshot());
    expect(restored.drainEvents().map((e) => [e.sequence, e.type])).toEqual([[4, 'order.signed']]);
    expect(restored.drainEvents()).toEqual([]);
    restored.apply(cmd({ type: 'contact', method: 'phone' }), actors.member, tSign + hour);
    restored.apply(cmd({ type: 'remind', note: '抓紧' }), actors.dispatcher, tSign + 2 * hour);
    const again = OrderCase.fromSnapshot(restored.snapshot());
    again.tick(tDispatch + 7 * day);
    expect(again.drainEvents().map((e) => e.sequence)).toEqual([5, 6, 7, 8, 9]);
    expect(again.view(tDispatch + 7 * day).sequence).toBe(9);
    expect(again.timeline().map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('are independent copies', () => {
    const order = dispatchedOrder();
    const snapshot = order.snapshot();
    snapshot.status = 'closed';
    snapshot.timeline.length = 0;
    expect(order.status).toBe('dispatched');
    expect(order.timeline()).toHaveLength(3);
    const restored = OrderCase.fromSnapshot(snapshot);
    snapshot.status = 'dispatched';
    expect(restored.status).toBe('closed');
  });
});

describe('contracts', () => {
  it('view() matches the OrderView schema in every state of a long story', () => {
    const order = dispatchedOrder();
    order.apply(cmd({ type: 'sign' }), actors.member, tSign);
    order.apply(cmd({ type: 'pause', reason: '等待' }), actors.member, tSign + hour);
    expect(() => OrderView.parse(order.view(tSign + 2 * hour))).not.toThrow();
    order.apply(cmd({ type: 'reassign', target: targets.village, reason: '换' }), actors.dispatcher, tSign + 3 * day);
    order.tick(tDispatch + 20 * day);
    const view = order.view(tDispatch + 20 * day);
    expect(OrderView.parse(view)).toEqual(view);
  });

  it('timeline() entries match the TimelineEntry schema', () => {
    const order = inProgressOrder();
    order.tick(tDispatch + 10 * day);
    for (const entry of order.timeline()) expect(TimelineEntry.parse(entry)).toEqual(entry);
  });
});
