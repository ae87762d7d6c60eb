import { orderCommandTypes, type OrderCommand } from '@lianxin/contracts/order';
import { OrderCase } from '../../src/order/order-case';
import { defaultOrderPolicy, type OrderPolicy } from '../../src/order/policy';
import {
  actors,
  clockOf,
  cmd,
  day,
  dispatchedOrder,
  drainedTypes,
  expectRefused,
  hour,
  inProgressOrder,
  iso,
  minute,
  openOrder,
  resolvedOrder,
  t0,
  tAccept,
  targets,
  tContact,
  tDispatch,
  tResolve,
  tSign,
} from './fixtures';

describe('intake', () => {
  it('opens as received with one order.received event and an accept clock', () => {
    const order = openOrder();
    expect(order.status).toBe('received');
    expect(order.finished).toBe(false);
    const events = order.drainEvents();
    expect(events).toEqual([
      { sequence: 1, type: 'order.received', actor: actors.agent, at: t0, details: { channel: 'hotline', kind: 'concern', category: '环境治理', urgency: 'general' } },
    ]);
    const view = order.view(t0);
    expect(view).toMatchObject({ id: 'LX-0001', status: 'received', statusLabel: '待受理', sequence: 1, createdAt: iso(t0), reopenCount: 0 });
    expect(view.clocks).toEqual([{ name: 'accept', dueAt: iso(t0 + 2 * hour), level: 'none' }]);
  });

  it('accepts without opening for claim, even for a wish in claim mode', () => {
    const order = openOrder({ intake: { kind: 'wish', category: '学习用品' } });
    order.drainEvents();
    order.apply(cmd({ type: 'accept', note: '符合微心愿条件' }), actors.dispatcher, tAccept);
    expect(order.status).toBe('accepted');
    expect(order.view(tAccept).clocks).toEqual([]);
    expect(order.nextWakeUpAt()).toBeUndefined();
    expect(order.drainEvents()).toEqual([
      { sequence: 2, type: 'order.accepted', actor: actors.dispatcher, at: tAccept, details: { note: '符合微心愿条件' } },
    ]);
  });

  it('rejects with a reason (final)', () => {
    const order = openOrder();
    order.apply(cmd({ type: 'reject', reason: '不属于受理范围' }), actors.agent, tAccept);
    expect(order.status).toBe('rejected');
    expect(order.finished).toBe(true);
    expect(order.nextWakeUpAt()).toBeUndefined();
    expect(order.timeline().at(-1)).toMatchObject({ type: 'order.rejected', summary: '不予受理：不属于受理范围', details: { reason: '不属于受理范围' } });
  });

  it('merges into a duplicate (final)', () => {
    const order = openOrder();
    order.apply(cmd({ type: 'merge', intoOrderId: 'LX-0000' }), actors.dispatcher, tAccept);
    expect(order.status).toBe('merged');
    expect(order.finished).toBe(true);
    expect(order.view(tAccept).mergedInto).toBe('LX-0000');
  });
});

describe('dispatch → sign → contact → resolve → check-back', () => {
  it('walks the whole cycle with exactly one event per change', () => {
    const order = dispatchedOrder();
    expect(order.status).toBe('dispatched');
    expect(order.view(tDispatch).handler).toEqual(targets.member);
    expect(order.view(tDispatch).clocks).toEqual([
      { name: 'sign', dueAt: iso(tDispatch + 24 * hour), level: 'none' },
      { name: 'resolve', dueAt: iso(tDispatch + 7 * day), level: 'none' },
    ]);

    order.apply(cmd({ type: 'sign' }), actors.member, tSign);
    expect(order.status).toBe('signed');
    expect(order.view(tSign).handler).toEqual({ ...targets.member, signedBy: actors.member });
    expect(order.view(tSign).clocks.map((c) => [c.name, c.dueAt])).toEqual([
      ['resolve', iso(tDispatch + 7 * day)],
      ['contact', iso(tSign + 48 * hour)],
    ]);

    order.apply(cmd({ type: 'contact', method: 'visit' }), actors.member, tContact);
    expect(order.status).toBe('in_progress');
    order.apply(cmd({ type: 'addDiaryEntry', text: '上门查看，联系物业', photos: ['p1'] }), actors.member, tContact + hour);
    expect(order.status).toBe('in_progress');
    order.apply(cmd({ type: 'resolve', summary: '已清理', evidence: ['p2'] }), actors.member, tResolve);
    expect(order.status).toBe('resolved');
    expect(order.view(tResolve).clocks).toEqual([{ name: 'checkBack', dueAt: iso(tResolve + 7 * day), level: 'none' }]);

    order.apply(cmd({ type: 'checkBack', rating: 'satisfied' }), actors.resident, tResolve + day);
    expect(order.status).toBe('closed');
    expect(order.finished).toBe(true);
    expect(order.view(tResolve + day)).toMatchObject({ rating: 'satisfied', statusLabel: '已销号', clocks: [] });

    const events = order.drainEvents();
    expect(events.map((e) => e.type)).toEqual([
      'order.received',
      'order.accepted',
      'order.dispatched',
      'order.signed',
      'order.contacted',
      'order.diary_entry_added',
      'order.resolved',
      'order.checked_back',
    ]);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(order.timeline().map((e) => e.summary)).toEqual([
      '已点单',
      '已受理',
      '已派单：「李明」',
      '已签收',
      '已联系群众：上门走访',
      '民情日记：上门查看，联系物业',
      '已办结：已清理',
      '已回访：满意',
    ]);
  });

  it('lets any member of an organisation target sign, and nobody else', () => {
    const order = openOrder();
    order.apply(cmd({ type: 'accept' }), actors.dispatcher, tAccept);
    order.apply(cmd({ type: 'dispatch', target: targets.village, coHandlers: [targets.otherMember] }), actors.dispatcher, tDispatch);
    expectRefused(order, cmd({ type: 'sign' }), actors.otherMember, tSign, 'NotYourOrder');
    order.apply(cmd({ type: 'sign' }), actors.villageMember, tSign);
    expect(order.view(tSign).handler).toEqual({ ...targets.village, signedBy: actors.villageMember });
    expect(order.view(tSign).coHandlers).toEqual([targets.otherMember]);
    // A co-handler may keep the diary but not resolve.
    order.apply(cmd({ type: 'addDiaryEntry', text: '协办单位已到场' }), actors.otherMember, tSign + minute);
    expect(order.timeline().at(-1)?.type).toBe('order.diary_entry_added');
  });

  it('returns before contact: back to the dispatcher, sign/contact clocks stop, the resolve clock runs on', () => {
    const order = dispatchedOrder();
    order.apply(cmd({ type: 'sign' }), actors.member, tSign);
    order.apply(cmd({ type: 'return', reason: '不在本人联系范围' }), actors.member, tSign + hour);
    expect(order.status).toBe('returned');
    expect(order.view(tSign + hour).handler).toBeUndefined();
    expect(order.view(tSign + hour).clocks).toEqual([{ name: 'resolve', dueAt: iso(tDispatch + 7 * day), level: 'none' }]);

    order.apply(cmd({ type: 'dispatch', target: targets.otherMember }), actors.dispatcher, tSign + 2 * hour);
    expect(order.status).toBe('dispatched');
    expect(clockOf(order, 'resolve', tSign)?.dueAt).toBe(iso(tDispatch + 7 * day));
    expect(clockOf(order, 'sign', tSign)?.dueAt).toBe(iso(tSign + 2 * hour + 24 * hour));
    expect(drainedTypes(order).slice(-2)).toEqual(['order.returned', 'order.dispatched']);
  });

  it('refuses return after contact', () => {
    const order = inProgressOrder();
    expectRefused(order, cmd({ type: 'return', reason: '太忙' }), actors.member, tContact + hour, 'WrongState');
  });
});

describe('explain and follow-up', () => {
  it('explains with a committed deadline, then follows up at that instant with a new resolve clock', () => {
    const order = inProgressOrder();
    const at = tContact + day;
    const committed = at + 30 * day;
    order.apply(cmd({ type: 'explain', explanation: '需纳入明年道路改造计划', committedDeadline: iso(committed) }), actors.member, at);
    expect(order.status).toBe('explained');
    expect(order.view(at)).toMatchObject({ committedDeadline: iso(committed), clocks: [{ name: 'followUp', dueAt: iso(committed), level: 'none' }] });
    expect(order.nextWakeUpAt()).toBe(committed);
    order.drainEvents();

    order.tick(committed - 1);
    expect(order.status).toBe('explained');
    order.tick(committed);
    expect(order.status).toBe('in_progress');
    expect(order.drainEvents()).toEqual([
      expect.objectContaining({ type: 'order.follow_up_due', at: committed, actor: expect.objectContaining({ role: 'system' }), details: { committedDeadline: iso(committed) } }),
    ]);
    expect(order.view(committed).clocks).toEqual([{ name: 'resolve', dueAt: iso(committed + 3 * day), level: 'none' }]);
  });

  it('refuses a committed deadline that is not in the future', () => {
    const order = inProgressOrder();
    const message = expectRefused(order, cmd({ type: 'explain', explanation: '稍后处理', committedDeadline: iso(tContact) }), actors.member, tContact, 'BadArguments');
    expect(message).toBe('整改时限必须晚于当前时间');
  });
});

describe('check-back, reopen and the supervisor', () => {
  it('closes on a partly-satisfied rating with a single order.checked_back', () => {
    const order = resolvedOrder();
    order.drainEvents();
    order.apply(cmd({ type: 'checkBack', rating: 'partly', comment: '基本解决' }), actors.agent, tResolve + hour);
    expect(order.status).toBe('closed');
    expect(drainedTypes(order)).toEqual(['order.checked_back']);
  });

  it('reopens to the same handler with a fresh resolve clock, and hands the third complaint to the supervisor', () => {
    const order = resolvedOrder();
    let at = tResolve;
    for (const round of [1, 2]) {
      at += hour;
      order.apply(cmd({ type: 'checkBack', rating: 'unsatisfied', comment: '垃圾又堆起来了' }), actors.resident, at);
      expect(order.status).toBe('in_progress');
      expect(order.view(at)).toMatchObject({ reopenCount: round, handler: { id: 'm-1' }, clocks: [{ name: 'resolve', dueAt: iso(at + 7 * day) }] });
      expect(order.timeline().at(-1)).toMatchObject({ type: 'order.reopened', details: { reopenCount: round } });
      at += hour;
      order.apply(cmd({ type: 'resolve', summary: `第${round}次重办完成` }), actors.member, at);
    }
    at += hour;
    order.apply(cmd({ type: 'checkBack', rating: 'unsatisfied' }), actors.resident, at);
    expect(order.status).toBe('awaiting_supervisor');
    expect(order.view(at)).toMatchObject({ reopenCount: 2, statusLabel: '待督办决定', clocks: [] });
    expect(order.timeline().at(-1)).toMatchObject({ type: 'order.awaiting_supervisor' });

    expectRefused(order, cmd({ type: 'supervisorDecide', decision: 'close', note: '结案' }), actors.dispatcher, at, 'NotAllowed');
    expectRefused(order, cmd({ type: 'supervisorDecide', decision: 'reassign', note: '换人' }), actors.supervisor, at, 'BadArguments');
    order.apply(cmd({ type: 'supervisorDecide', decision: 'reassign', target: targets.village, note: '由村党支部接手' }), actors.supervisor, at + hour);
    expect(order.status).toBe('dispatched');
    expect(order.view(at + hour)).toMatchObject({ handler: targets.village });
    expect(order.view(at + hour).clocks.map((c) => [c.name, c.dueAt])).toEqual([
      ['sign', iso(at + hour + 24 * hour)],
      ['resolve', iso(at + hour + 7 * day)],
    ]);
    expect(order.timeline().at(-1)?.type).toBe('order.reassigned');
  });

  it('lets the supervisor close an order awaiting a decision', () => {
    const order = resolvedOrder({ policy: openOrderPolicyWithoutReopens() });
    order.apply(cmd({ type: 'checkBack', rating: 'unsatisfied' }), actors.resident, tResolve + hour);
    expect(order.status).toBe('awaiting_supervisor');
    order.apply(cmd({ type: 'supervisorDecide', decision: 'close', note: '已尽力，群众诉求超出政策范围' }), actors.supervisor, tResolve + 2 * hour);
    expect(order.status).toBe('closed');
    expect(order.timeline().at(-1)).toMatchObject({ type: 'order.closed', summary: '已销号：已尽力，群众诉求超出政策范围' });
  });

  it('closes by itself when the check-back window passes unanswered', () => {
    const order = resolvedOrder();
    order.drainEvents();
    expect(order.nextWakeUpAt()).toBe(tResolve + 7 * day);
    order.tick(tResolve + 7 * day);
    expect(order.status).toBe('closed');
    expect(order.nextWakeUpAt()).toBeUndefined();
    expect(order.drainEvents()).toEqual([
      expect.objectContaining({ type: 'order.closed', at: tResolve + 7 * day, details: { reason: 'check_back_window_passed' } }),
    ]);
    expect(order.timeline().at(-1)?.summary).toBe('已销号：回访期满未评价，自动销号');
  });
});

function openOrderPolicyWithoutReopens(): OrderPolicy {
  return { ...defaultOrderPolicy, limits: { ...defaultOrderPolicy.limits, general: { ...defaultOrderPolicy.limits.general, maxReopens: 0 } } };
}

describe('reassign, remind, cancel', () => {
  it('reassigns with a fresh sign clock and the resolve clock untouched', () => {
    const order = inProgressOrder();
    const at = tContact + day;
    order.apply(cmd({ type: 'reassign', target: targets.otherMember, reason: '原经办人外出培训' }), actors.supervisor, at);
    expect(order.status).toBe('dispatched');
    expect(order.view(at).handler).toEqual(targets.otherMember);
    expect(order.view(at).clocks.map((c) => [c.name, c.dueAt])).toEqual([
      ['resolve', iso(tDispatch + 7 * day)],
      ['sign', iso(at + 24 * hour)],
    ]);
    expect(order.timeline().at(-1)).toMatchObject({ type: 'order.reassigned', summary: '已改派：「周强」，原经办人外出培训', details: { from: { id: 'm-1' } } });
    expectRefused(order, cmd({ type: 'resolve', summary: '办完了' }), actors.member, at, 'WrongState');
    expectRefused(order, cmd({ type: 'sign' }), actors.member, at, 'NotYourOrder');
  });

  it('refuses to reassign to the current handler', () => {
    const order = inProgressOrder();
    expectRefused(order, cmd({ type: 'reassign', target: targets.member, reason: '重复' }), actors.dispatcher, tContact, 'BadArguments');
  });

  it('records a person\'s reminder without changing status', () => {
    const order = inProgressOrder();
    order.drainEvents();
    order.apply(cmd({ type: 'remind', note: '请尽快处理' }), actors.dispatcher, tContact + hour);
    expect(order.status).toBe('in_progress');
    expect(order.drainEvents()).toEqual([expect.objectContaining({ type: 'order.reminded', details: { note: '请尽快处理', automatic: false } })]);
  });

  it('cancels (resident) and stops every clock', () => {
    const order = inProgressOrder();
    expect(order.nextWakeUpAt()).toBeDefined();
    order.apply(cmd({ type: 'cancel', reason: '问题已自行解决' }), actors.resident, tContact + hour);
    expect(order.status).toBe('cancelled');
    expect(order.finished).toBe(true);
    expect(order.nextWakeUpAt()).toBeUndefined();
    expect(order.view(tContact + hour).clocks).toEqual([]);
    order.drainEvents();
    order.tick(tContact + 100 * day);
    expect(order.drainEvents()).toEqual([]);
  });

  it('cancels an order that was only received (agent)', () => {
    const order = openOrder();
    order.apply(cmd({ type: 'cancel', reason: '来电人撤回' }), actors.agent, t0 + minute);
    expect(order.status).toBe('cancelled');
    expect(order.nextWakeUpAt()).toBeUndefined();
  });
});

describe('final states refuse every command with WrongState', () => {
  const everyCommand: OrderCommand[] = [
    cmd({ type: 'accept' }),
    cmd({ type: 'reject', reason: 'x' }),
    cmd({ type: 'merge', intoOrderId: 'LX-9' }),
    cmd({ type: 'dispatch', target: targets.member }),
    cmd({ type: 'openForClaim' }),
    cmd({ type: 'claim' }),
    cmd({ type: 'sign' }),
    cmd({ type: 'return', reason: 'x' }),
    cmd({ type: 'contact', method: 'phone' }),
    cmd({ type: 'addDiaryEntry', text: 'x' }),
    cmd({ type: 'resolve', summary: 'x' }),
    cmd({ type: 'explain', explanation: 'x', committedDeadline: iso(t0 + 300 * day) }),
    cmd({ type: 'requestExtension', until: iso(t0 + 300 * day), reason: 'x' }),
    cmd({ type: 'decideExtension', approve: true }),
    cmd({ type: 'pause', reason: 'x' }),
    cmd({ type: 'resume' }),
    cmd({ type: 'reassign', target: targets.otherMember, reason: 'x' }),
    cmd({ type: 'remind' }),
    cmd({ type: 'cancel', reason: 'x' }),
    cmd({ type: 'checkBack', rating: 'satisfied' }),
    cmd({ type: 'supervisorDecide', decision: 'close', note: 'x' }),
  ];

  it('covers every command type', () => {
    expect(everyCommand.map((c) => c.type).sort()).toEqual([...orderCommandTypes].sort());
  });

  const finals: Array<[string, () => OrderCase]> = [
    ['rejected', () => withCommand(openOrder(), cmd({ type: 'reject', reason: '重复来电' }), actors.agent, tAccept)],
    ['merged', () => withCommand(openOrder(), cmd({ type: 'merge', intoOrderId: 'LX-0000' }), actors.agent, tAccept)],
    ['closed', () => withCommand(resolvedOrder(), cmd({ type: 'checkBack', rating: 'satisfied' }), actors.resident, tResolve + hour)],
    ['cancelled', () => withCommand(inProgressOrder(), cmd({ type: 'cancel', reason: '不需要了' }), actors.resident, tContact + hour)],
  ];

  it.each(finals)('%s', (status, make) => {
    const order = make();
    expect(order.status).toBe(status);
    const everyone = Object.values(actors);
    for (const command of everyCommand) {
      for (const actor of everyone) {
        expect(order.can(command, actor, t0 + 200 * day)?.code).toBe('WrongState');
      }
    }
    expectRefused(order, cmd({ type: 'cancel', reason: 'x' }), actors.resident, t0 + 200 * day, 'WrongState');
  });
});

function withCommand(order: OrderCase, command: OrderCommand, actor: (typeof actors)[keyof typeof actors], at: number): OrderCase {
  order.apply(command, actor, at);
  return order;
}
