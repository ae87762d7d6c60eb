import type { OrderRules } from '../../src/order/order-case';
import { at, day, hour, isoOf, people, system, command, policy } from './builders';
import { event, expectAllowed, expectRefused, inProgress, roundTrip } from './builders';

/** What an order opened today runs under (order.workflow.ts: every rule's patch is there). */
const holdLimits: OrderRules = { resolveClockFrom: 'acceptance', claimModeOnAcceptance: true, accessByScope: false, holdLimits: true };
const tC = at.contact;
const pause = (until?: number) => command({ type: 'pause', reason: '等待群众提供材料', ...(until ? { until: isoOf(until) } : {}) });

describe('hold-limits: a handler cannot stop an order on their own', () => {
  it('a pause without an end runs out after the policy limit (7 d) and the order resumes by itself', () => {
    const order = inProgress({ rules: holdLimits });
    order.apply(pause(), people.handler, tC + hour);
    expect(order.drainEvents()).toEqual([event(6, 'order.paused', people.handler, tC + hour, { reason: '等待群众提供材料', until: isoOf(tC + hour + 7 * day) })]);
    expect(order.nextWakeUpAt()).toBe(tC + hour + 7 * day);

    const restored = roundTrip(order);
    restored.tick(tC + hour + 7 * day);
    expect(restored.status).toBe('in_progress');
    expect(restored.drainEvents()).toEqual([event(7, 'order.resumed', system, tC + hour + 7 * day, { automatic: true, reason: 'pause_limit', pausedMs: 7 * day })]);
    // The 办结 clock moved by exactly the time paused; the pause's own clock is gone.
    expect(restored.view(tC + hour + 7 * day).clocks.map((c) => c.name)).toEqual(['resolve']);
  });

  it('a pause with an end within the limit ends there; resuming earlier cancels the timer', () => {
    const order = inProgress({ rules: holdLimits });
    order.apply(pause(tC + 2 * day), people.handler, tC);
    order.apply(command({ type: 'resume', note: '材料已补齐' }), people.handler, tC + day);
    order.drainEvents();
    order.tick(tC + 3 * day);
    expect(order.drainEvents()).toEqual([]);
    expect(order.status).toBe('in_progress');
  });

  it('a pause longer than the limit, or ending in the past, is refused', () => {
    const order = inProgress({ rules: holdLimits });
    expect(expectRefused(order, pause(tC + 8 * day), people.handler, tC, 'NeedsApproval')).toContain('挂起最长7天');
    expectRefused(order, pause(tC - 1), people.handler, tC, 'BadArguments');
    expectAllowed(order, pause(tC + 7 * day), people.handler, tC);
  });

  it('the limit is policy: a category may allow longer pauses', () => {
    const order = inProgress({ rules: holdLimits, policy: policy({ general: { maxPauseMs: 20 * day } }) });
    expectAllowed(order, pause(tC + 20 * day), people.handler, tC);
    expectRefused(order, pause(tC + 21 * day), people.handler, tC, 'NeedsApproval');
  });

  it('解释说明 commits at most 30 d ahead; longer takes an extension a dispatcher or supervisor approves', () => {
    const order = inProgress({ rules: holdLimits });
    const explain = (until: number) => command({ type: 'explain', explanation: '需协调供电所，分批更换', committedDeadline: isoOf(until) });
    expect(expectRefused(order, explain(tC + 31 * day), people.handler, tC, 'NeedsApproval')).toContain('申请延期');
    expectAllowed(order, explain(tC + 30 * day), people.handler, tC);
    expectAllowed(order, command({ type: 'requestExtension', until: isoOf(tC + 60 * day), reason: '需纳入明年改造计划' }), people.handler, tC);
  });

  it('takes at most 200 diary entries per order', () => {
    const order = inProgress({ rules: holdLimits, policy: policy({ general: { maxDiaryEntries: 3 } }) });
    const entry = command({ type: 'addDiaryEntry', text: '走访了解情况' });
    for (let i = 0; i < 3; i += 1) order.apply(entry, people.handler, tC + i * hour);
    expect(expectRefused(order, entry, people.handler, tC + 4 * hour, 'LimitReached')).toContain('上限（3条）');
  });

  it('orders opened before the rule keep their open-ended pause, long commitments and diaries', () => {
    const order = inProgress();
    order.apply(pause(), people.handler, tC);
    expect(order.nextWakeUpAt()).toBeUndefined();
    const other = inProgress();
    expectAllowed(other, command({ type: 'explain', explanation: '明年改造', committedDeadline: isoOf(tC + 300 * day) }), people.handler, tC);
  });
});
