import { OrderView, TimelineEntry, summaryOf, timelineEntryOf } from '@lianxin/contracts/order';
import { OrderCase, type LegacyOrderCaseSnapshot, type RecordedEvent } from '../../src/order/order-case';
import { defaultOrderPolicy } from '../../src/order/policy';
import { T0, at, hour, day, people, handlers, command, policy } from './builders';
import { inProgress, open, openForClaim, roundTrip } from './builders';

const tC = at.dispatch;

/** A long story over the claim chain, extension expiry, pause, resolve and the check-back window. */
const story: ((order: OrderCase) => void)[] = [
  (o) => o.tick(tC + 72 * hour), // claim falls back to the grid member
  (o) => o.apply(command({ type: 'claim' }), people.gridMember, tC + 80 * hour),
  (o) => o.apply(command({ type: 'contact', method: 'visit' }), people.gridMember, tC + 81 * hour),
  (o) => o.apply(command({ type: 'addDiaryEntry', text: '送去课外书两套' }), people.gridMember, tC + 90 * hour),
  (o) => o.apply(command({ type: 'requestExtension', until: new Date(tC + 10 * day).toISOString(), reason: '书店缺货' }), people.gridMember, tC + 100 * hour),
  (o) => o.tick(tC + 124 * hour), // the extension request lapses
  (o) => o.apply(command({ type: 'pause', reason: '孩子外出' }), people.gridMember, tC + 125 * hour),
  (o) => o.tick(tC + 60 * day), // nothing while paused
  (o) => o.apply(command({ type: 'resume' }), people.gridMember, tC + 20 * day),
  (o) => o.tick(tC + 20 * day + 2 * hour), // the resolve warning, shifted by the pause
  (o) => o.apply(command({ type: 'resolve', summary: '心愿已实现' }), people.gridMember, tC + 21 * day),
  (o) => o.tick(tC + 40 * day), // the check-back window passes
];

const storyTypes = [
  'order.received',
  'order.accepted',
  'order.opened_for_claim',
  'order.claim_fell_back',
  'order.claimed',
  'order.contacted',
  'order.diary_entry_added',
  'order.extension_requested',
  'order.extension_denied',
  'order.paused',
  'order.resumed',
  'order.warning',
  'order.resolved',
  'order.closed',
];

describe('sequences', () => {
  it('are 1, 2, 3 … strictly increasing across drains and across snapshot/fromSnapshot round trips', () => {
    let order = openForClaim({ policy: policy({ escalation: { reassignOnEscalate: true } }) });
    // openForClaim drained 1..3 already
    expect(order.view(tC).sequence).toBe(3);
    const drained: RecordedEvent[] = [];
    for (const [index, step] of story.entries()) {
      step(order);
      if (index % 2 === 0) drained.push(...order.drainEvents());
      order = roundTrip(order);
    }
    drained.push(...order.drainEvents());
    expect(drained.map((e) => e.sequence)).toEqual(Array.from({ length: storyTypes.length - 3 }, (_, i) => i + 4));
    expect(drained.map((e) => e.type)).toEqual(storyTypes.slice(3));
    for (const e of drained) {
      const entry = timelineEntryOf({ ...e, occurredAt: new Date(e.at).toISOString() });
      expect(TimelineEntry.parse(entry)).toEqual(entry);
    }
    expect(order.view(tC + 40 * day).sequence).toBe(storyTypes.length);
    expect(order.status).toBe('closed');
    // the pause moved the resolve warning: it fired 126 h + the paused time after the opening for claim
    const warning = drained.find((e) => e.type === 'order.warning');
    expect(warning?.at).toBe(tC + 126 * hour + (tC + 20 * day - (tC + 125 * hour)));
  });

  it('events not yet drained survive a round trip and are drained exactly once', () => {
    const order = open();
    order.apply(command({ type: 'accept' }), people.dispatcher, at.accept);
    const restored = roundTrip(order);
    expect(restored.drainEvents().map((e) => [e.sequence, e.type])).toEqual([
      [1, 'order.received'],
      [2, 'order.accepted'],
    ]);
    expect(restored.drainEvents()).toEqual([]);
    // the original is independent of the restored copy
    expect(order.drainEvents().map((e) => e.sequence)).toEqual([1, 2]);
    const again = roundTrip(order);
    expect(again.drainEvents()).toEqual([]);
    again.apply(command({ type: 'dispatch', target: handlers.handler }), people.dispatcher, at.dispatch);
    expect(again.drainEvents().map((e) => e.sequence)).toEqual([3]);
  });
});

describe('a restored case behaves identically', () => {
  it('at every point of the story: same snapshot, same nextWakeUpAt, same events and view after a long tick', () => {
    const original = openForClaim();
    for (const step of story) {
      const restored = roundTrip(original);
      expect(restored.snapshot()).toEqual(original.snapshot());
      expect(restored.nextWakeUpAt()).toBe(original.nextWakeUpAt());
      expect(restored.status).toBe(original.status);
      expect(restored.finished).toBe(original.finished);

      // run both forward on copies so the story itself is not disturbed
      const a = roundTrip(original);
      const b = roundTrip(restored);
      a.tick(tC + 400 * day);
      b.tick(tC + 400 * day);
      expect(b.drainEvents()).toEqual(a.drainEvents());
      expect(b.view(tC + 400 * day)).toEqual(a.view(tC + 400 * day));

      step(original);
    }
  });

  it('while paused, a restored case keeps the remaining time and resumes to the same deadline', () => {
    const order = inProgress();
    order.apply(command({ type: 'pause', reason: '等待' }), people.handler, at.dispatch + 2 * day);
    const restored = roundTrip(order);
    expect(restored.nextWakeUpAt()).toBeUndefined();
    expect(restored.view(at.dispatch + 9 * day)).toEqual(order.view(at.dispatch + 9 * day));
    expect(restored.view(at.dispatch + 9 * day).clocks[0]?.remainingMsWhilePaused).toBe(5 * day);
    for (const o of [order, restored]) {
      o.drainEvents();
      o.apply(command({ type: 'resume' }), people.handler, at.dispatch + 12 * day);
    }
    expect(restored.nextWakeUpAt()).toBe(order.nextWakeUpAt());
    expect(restored.nextWakeUpAt()).toBe(at.dispatch + 126 * hour + 10 * day);
    expect(restored.drainEvents()).toEqual(order.drainEvents());
  });

  it('snapshot() hands out a plain-JSON copy, policy included, and fromSnapshot() takes one', () => {
    const order = inProgress();
    const snapshot = order.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot.policy).toEqual(defaultOrderPolicy);
    snapshot.status = 'closed';
    snapshot.clocks.length = 0;
    snapshot.pending.length = 0;
    expect(order.status).toBe('in_progress');
    expect(order.snapshot().clocks).toHaveLength(1);

    const source = order.snapshot();
    const restored = OrderCase.fromSnapshot(source);
    source.status = 'cancelled';
    source.clocks.length = 0;
    expect(restored.status).toBe('in_progress');
    expect(restored.nextWakeUpAt()).toBe(at.dispatch + 126 * hour);
  });
});

describe('view', () => {
  it('is exactly an OrderView at every step of the story', () => {
    const order = openForClaim();
    const expectContract = (now: number) => expect(OrderView.parse(order.view(now))).toEqual(order.view(now));
    expectContract(tC);
    for (const [index, step] of story.entries()) {
      step(order);
      expectContract(tC + (index + 1) * day);
    }
  });

  it('shows every status with its zh-CN label, and is exactly an OrderView in each', () => {
    const labels = new Map<string, string>();
    const record = (o: OrderCase, when: number) => {
      const view = o.view(when);
      expect(OrderView.parse(view)).toEqual(view);
      labels.set(view.status, view.statusLabel);
    };
    const received = open();
    record(received, T0);
    received.apply(command({ type: 'reject', reason: '无效' }), people.agent, at.accept);
    record(received, at.accept);
    const merged = open();
    merged.apply(command({ type: 'merge', intoOrderId: 'LX-9' }), people.agent, at.accept);
    record(merged, at.accept);
    const accepted = open();
    accepted.apply(command({ type: 'accept' }), people.dispatcher, at.accept);
    record(accepted, at.accept);
    record(openForClaim(), at.dispatch);
    const working = inProgress();
    record(working, at.contact);
    working.apply(command({ type: 'pause', reason: '等待' }), people.handler, at.contact + hour);
    record(working, at.contact + hour);
    working.apply(command({ type: 'resume' }), people.handler, at.contact + 2 * hour);
    working.apply(command({ type: 'explain', explanation: '等资金', committedDeadline: new Date(at.contact + 9 * day).toISOString() }), people.handler, at.contact + 3 * hour);
    record(working, at.contact + 3 * hour);
    working.apply(command({ type: 'cancel', reason: '不需要了' }), people.resident, at.contact + 4 * hour);
    record(working, at.contact + 4 * hour);
    const returning = inProgress();
    returning.apply(command({ type: 'reassign', target: handlers.colleague, reason: '换人' }), people.dispatcher, at.contact + hour);
    record(returning, at.contact + hour);
    returning.apply(command({ type: 'sign' }), people.colleague, at.contact + 2 * hour);
    record(returning, at.contact + 2 * hour);
    returning.apply(command({ type: 'return', reason: '不归我管' }), people.colleague, at.contact + 3 * hour);
    record(returning, at.contact + 3 * hour);
    const checked = inProgress({ policy: policy({ general: { maxReopens: 0 } }) });
    checked.apply(command({ type: 'resolve', summary: '好了' }), people.handler, at.resolve);
    record(checked, at.resolve);
    checked.apply(command({ type: 'checkBack', rating: 'unsatisfied' }), people.resident, at.resolve + hour);
    record(checked, at.resolve + hour);
    checked.apply(command({ type: 'supervisorDecide', decision: 'close', note: '销号' }), people.supervisor, at.resolve + 2 * hour);
    record(checked, at.resolve + 2 * hour);

    expect(Object.fromEntries(labels)).toEqual({
      received: '待受理',
      rejected: '不予受理',
      merged: '已合并',
      accepted: '待派单',
      open_for_claim: '待认领',
      dispatched: '待签收',
      returned: '已退单',
      signed: '已签收',
      in_progress: '办理中',
      paused: '已挂起',
      explained: '已解释说明',
      resolved: '已办结',
      awaiting_supervisor: '待督办决定',
      closed: '已销号',
      cancelled: '已撤单',
    });
  });
});

describe('the carried state stays bounded', () => {
  it('keeps only the events not yet drained: a hundred diary entries later the snapshot is as large as before', () => {
    const order = inProgress();
    order.drainEvents();
    const write = (n: number) => order.apply(command({ type: 'addDiaryEntry', text: `第${n}次走访：${'记录'.repeat(400)}` }), people.handler, at.dispatch + n * hour);
    write(0);
    order.drainEvents();
    const before = JSON.stringify(order.snapshot()).length;
    for (let n = 1; n <= 100; n += 1) {
      write(n);
      order.drainEvents();
    }
    const after = order.snapshot();
    expect(after.pending).toEqual([]);
    expect(after.diaryEntries).toBe(101);
    // the same fields; only counters and timestamps grew a digit or two
    expect(JSON.stringify(after).length - before).toBeLessThan(20);
    expect(JSON.stringify(after)).not.toContain('第1次走访');
  });

  it('takes a snapshot carried before the timeline left the state: undrained events still go out once, diary entries still count', () => {
    const order = inProgress();
    order.apply(command({ type: 'addDiaryEntry', text: '第一次走访' }), people.handler, at.dispatch + hour);
    const recorded = order.drainEvents();
    order.apply(command({ type: 'addDiaryEntry', text: '第二次走访' }), people.handler, at.dispatch + 2 * hour);
    const { pending, diaryEntries, ...current } = order.snapshot();
    expect(diaryEntries).toBe(2);
    const timeline = [...recorded, ...pending].map((e) => ({ sequence: e.sequence, type: e.type, at: new Date(e.at).toISOString(), actor: e.actor, summary: summaryOf(e.type, e.details), details: e.details }));
    const legacy: LegacyOrderCaseSnapshot = { ...current, timeline };

    const restored = OrderCase.fromSnapshot(legacy);
    expect(restored.snapshot()).toEqual(order.snapshot());
    expect('timeline' in restored.snapshot()).toBe(false);
    expect(restored.drainEvents()).toEqual(pending);
    expect(restored.drainEvents()).toEqual([]);
  });
});
