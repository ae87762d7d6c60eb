import { T0, at, minute, hour, day, isoOf, people, handlers, system, command, policy } from './builders';
import { accepted, clockDues, dispatched, event, expectRefused, inProgress, open, openForClaim, resolved, summaries, typesOf } from './builders';

describe('受理: accept, reject, merge', () => {
  it('opens received with an accept clock and records order.received', () => {
    const order = open();
    expect(order.status).toBe('received');
    expect(order.finished).toBe(false);
    expect(order.drainEvents()).toEqual([
      event(1, 'order.received', people.agent, T0, { channel: 'web', kind: 'concern', category: '民生保障', urgency: 'general' }),
    ]);
    const view = order.view(T0);
    expect(view).toMatchObject({ id: 'LX-2026-0511-001', status: 'received', statusLabel: '待受理', reopenCount: 0, sequence: 1, coHandlers: [] });
    expect(view.createdAt).toBe(isoOf(T0));
    expect(view.clocks).toEqual([{ name: 'accept', dueAt: isoOf(T0 + 2 * hour), level: 'none' }]);
    expect(view.handler).toBeUndefined();
    expect(view.location).toEqual({});
    expect(view.attachments).toEqual([]);
    expect(view.resident.keyPopulations).toEqual(['独居老人']);
  });

  it('accept → accepted; the accept clock stops and (first-release rules) no other clock runs', () => {
    const order = open();
    order.drainEvents();
    order.apply(command({ type: 'accept', note: '属实' }), people.agent, at.accept);
    expect(order.status).toBe('accepted');
    expect(order.drainEvents()).toEqual([event(2, 'order.accepted', people.agent, at.accept, { note: '属实' })]);
    expect(order.view(at.accept).clocks).toEqual([]);
    expect(order.nextWakeUpAt()).toBeUndefined();
    expect(order.view(at.accept).statusLabel).toBe('待派单');
  });

  it('reject → rejected (final): clocks stop, reason kept, nothing wakes it up', () => {
    const order = open();
    order.drainEvents();
    order.apply(command({ type: 'reject', reason: '不属于本辖区' }), people.dispatcher, at.accept);
    expect(order.status).toBe('rejected');
    expect(order.finished).toBe(true);
    const rejected = order.drainEvents();
    expect(rejected).toEqual([event(2, 'order.rejected', people.dispatcher, at.accept, { reason: '不属于本辖区' })]);
    expect(order.view(at.accept)).toMatchObject({ statusLabel: '不予受理', clocks: [] });
    expect(order.nextWakeUpAt()).toBeUndefined();
    order.tick(T0 + 100 * day);
    expect(order.drainEvents()).toEqual([]);
    expect(summaries(rejected)).toEqual(['不予受理：不属于本辖区']);
  });

  it('merge → merged (final) from received or accepted, remembering the order it went into', () => {
    for (const build of [open, accepted]) {
      const order = build();
      order.drainEvents();
      order.apply(command({ type: 'merge', intoOrderId: 'LX-2026-0510-042', reason: '重复反映' }), people.dispatcher, at.dispatch);
      expect(order.status).toBe('merged');
      expect(order.finished).toBe(true);
      expect(typesOf(order.drainEvents())).toEqual(['order.merged']);
      expect(order.view(at.dispatch)).toMatchObject({ mergedInto: 'LX-2026-0510-042', statusLabel: '已合并', clocks: [] });
      expect(order.nextWakeUpAt()).toBeUndefined();
    }
  });
});

describe('派单 → 签收 → 联系 → 民情日记 → 办结 → 回访 → 销号', () => {
  it('runs the whole happy path with a co-handler, one event per step, sequences 1..8', () => {
    const order = accepted();
    order.apply(
      command({ type: 'dispatch', target: handlers.handler, coHandlers: [handlers.coHandler], note: '首接负责' }),
      people.dispatcher,
      at.dispatch,
    );
    expect(order.status).toBe('dispatched');
    let view = order.view(at.dispatch);
    expect(view).toMatchObject({ statusLabel: '待签收', handler: handlers.handler, coHandlers: [handlers.coHandler] });
    expect(view.clocks).toEqual([
      { name: 'sign', dueAt: isoOf(at.dispatch + 24 * hour), level: 'none' },
      { name: 'resolve', dueAt: isoOf(at.dispatch + 7 * day), level: 'none' },
    ]);
    expect(order.nextWakeUpAt()).toBe(at.dispatch + 18 * hour);

    order.apply(command({ type: 'sign' }), people.handler, at.sign);
    view = order.view(at.sign);
    expect(view).toMatchObject({ status: 'signed', statusLabel: '已签收', handler: { ...handlers.handler, signedBy: people.handler } });
    expect(clockDues(order, at.sign)).toEqual([
      ['resolve', isoOf(at.dispatch + 7 * day)],
      ['contact', isoOf(at.sign + 48 * hour)],
    ]);

    order.apply(command({ type: 'contact', method: 'phone', note: '已电话联系何阿姨' }), people.handler, at.contact);
    expect(order.status).toBe('in_progress');
    expect(order.view(at.contact).clocks.map((c) => c.name)).toEqual(['resolve']);

    const diaryAt = at.contact + day;
    order.apply(command({ type: 'addDiaryEntry', text: '协同民警现场查看' }), people.coHandler, diaryAt);
    expect(order.status).toBe('in_progress');

    order.apply(command({ type: 'resolve', summary: '路灯已更换', evidence: ['p1', 'p2'] }), people.handler, at.resolve);
    expect(order.status).toBe('resolved');
    expect(order.view(at.resolve).clocks).toEqual([{ name: 'checkBack', dueAt: isoOf(at.resolve + 7 * day), level: 'none' }]);
    expect(order.nextWakeUpAt()).toBe(at.resolve + 7 * day);

    const checkBackAt = at.resolve + day;
    order.apply(command({ type: 'checkBack', rating: 'satisfied', comment: '很及时' }), people.resident, checkBackAt);
    expect(order.status).toBe('closed');
    expect(order.finished).toBe(true);
    expect(order.nextWakeUpAt()).toBeUndefined();
    expect(order.view(checkBackAt)).toMatchObject({ statusLabel: '已销号', rating: 'satisfied', clocks: [], escalationLevel: 'none' });

    const events = order.drainEvents();
    expect(events.map((e) => [e.sequence, e.type, e.at])).toEqual([
      [1, 'order.received', T0],
      [2, 'order.accepted', at.accept],
      [3, 'order.dispatched', at.dispatch],
      [4, 'order.signed', at.sign],
      [5, 'order.contacted', at.contact],
      [6, 'order.diary_entry_added', diaryAt],
      [7, 'order.resolved', at.resolve],
      [8, 'order.checked_back', checkBackAt],
    ]);
    expect(events[2]?.details).toEqual({ target: handlers.handler, coHandlers: [handlers.coHandler], note: '首接负责' });
    expect(events[4]?.details).toEqual({ method: 'phone', note: '已电话联系何阿姨' });
    expect(events[5]).toMatchObject({ actor: people.coHandler, details: { text: '协同民警现场查看', photos: [] } });
    expect(events[6]?.details).toEqual({ summary: '路灯已更换', evidence: ['p1', 'p2'] });
    expect(events[7]).toMatchObject({ actor: people.resident, details: { rating: 'satisfied', comment: '很及时' } });
    expect(events.some((e) => e.type === 'order.closed')).toBe(false);

    expect(summaries(events)).toEqual([
      '已点单',
      '已受理',
      '已派单：「杨党员」，首接负责',
      '已签收',
      '已联系群众：电话联系，已电话联系何阿姨',
      '民情日记：协同民警现场查看',
      '已办结：路灯已更换',
      '已回访：满意，很及时',
    ]);
    expect(order.view(checkBackAt).sequence).toBe(8);
    expect(order.view(checkBackAt).updatedAt).toBe(isoOf(checkBackAt));
  });

  it('an organisation-level dispatch is signed by any of its members (recorded as signedBy) and by nobody else', () => {
    const order = accepted();
    order.apply(command({ type: 'dispatch', target: handlers.community, coHandlers: [handlers.coHandler] }), people.dispatcher, at.dispatch);
    expectRefused(order, command({ type: 'sign' }), people.stranger, at.sign, 'NotYourOrder');
    order.apply(command({ type: 'sign' }), people.colleague, at.sign);
    expect(order.view(at.sign).handler).toEqual({ ...handlers.community, signedBy: people.colleague });
    expect(order.view(at.sign).coHandlers).toEqual([handlers.coHandler]);
    // the co-handler may keep the diary; any member of the organisation may act for it
    order.apply(command({ type: 'addDiaryEntry', text: '协办单位已到场' }), people.coHandler, at.sign + minute);
    expect(order.drainEvents().at(-1)?.type).toBe('order.diary_entry_added');
    order.apply(command({ type: 'contact', method: 'message' }), people.handler, at.contact);
    expect(order.status).toBe('in_progress');
  });

  it("a 'partly' check-back also closes via order.checked_back", () => {
    const order = resolved();
    order.apply(command({ type: 'checkBack', rating: 'partly' }), people.agent, at.resolve + hour);
    expect(order.status).toBe('closed');
    expect(order.drainEvents()).toEqual([event(7, 'order.checked_back', people.agent, at.resolve + hour, { rating: 'partly' })]);
  });
});

describe('退单 and re-dispatch', () => {
  it('return from dispatched → returned (handler and co-handlers cleared, sign clock stopped, resolve clock kept)', () => {
    const order = dispatched({ coHandlers: [handlers.coHandler] });
    const returnAt = at.dispatch + 2 * hour;
    order.apply(command({ type: 'return', reason: '不属于本社区' }), people.handler, returnAt);
    expect(order.status).toBe('returned');
    expect(order.drainEvents()).toEqual([event(4, 'order.returned', people.handler, returnAt, { reason: '不属于本社区' })]);
    const view = order.view(returnAt);
    expect(view).toMatchObject({ statusLabel: '已退单', coHandlers: [] });
    expect(view.handler).toBeUndefined();
    expect(view.clocks).toEqual([{ name: 'resolve', dueAt: isoOf(at.dispatch + 7 * day), level: 'none' }]);

    const redispatchAt = returnAt + hour;
    order.apply(command({ type: 'dispatch', target: handlers.colleague }), people.dispatcher, redispatchAt);
    expect(order.status).toBe('dispatched');
    expect(typesOf(order.drainEvents())).toEqual(['order.dispatched']);
    expect(order.view(redispatchAt).handler).toEqual(handlers.colleague);
    expect(clockDues(order, redispatchAt)).toEqual([
      ['resolve', isoOf(at.dispatch + 7 * day)],
      ['sign', isoOf(redispatchAt + 24 * hour)],
    ]);
    // the old handler is no longer the handler
    expect(order.can(command({ type: 'sign' }), people.handler, redispatchAt)?.code).toBe('NotYourOrder');
    order.apply(command({ type: 'sign' }), people.colleague, redispatchAt + hour);
    expect(order.status).toBe('signed');
  });

  it('return from signed stops the contact clock too; a returned order may be opened for claim instead', () => {
    const order = dispatched();
    order.apply(command({ type: 'sign' }), people.handler, at.sign);
    order.apply(command({ type: 'return', reason: '力量不足' }), people.handler, at.sign + hour);
    expect(order.status).toBe('returned');
    expect(order.view(at.sign + hour).clocks.map((c) => c.name)).toEqual(['resolve']);
    order.apply(command({ type: 'openForClaim' }), people.dispatcher, at.sign + 2 * hour);
    expect(order.status).toBe('open_for_claim');
    expect(clockDues(order, at.sign + 2 * hour)).toEqual([
      ['resolve', isoOf(at.dispatch + 7 * day)],
      ['claim', isoOf(at.sign + 2 * hour + 72 * hour)],
    ]);
  });
});

describe('解释说明 with a committed deadline', () => {
  it('explain → explained with a follow-up clock; at exactly the committed deadline → order.follow_up_due, in_progress', () => {
    const order = inProgress();
    const explainAt = at.contact + day;
    const committed = explainAt + 10 * day;
    const explanation = '需等待财政资金下达后更换';
    order.apply(command({ type: 'explain', explanation, committedDeadline: isoOf(committed) }), people.handler, explainAt);
    expect(order.status).toBe('explained');
    expect(order.drainEvents()).toEqual([event(6, 'order.explained', people.handler, explainAt, { explanation, committedDeadline: isoOf(committed) })]);
    expect(order.view(explainAt)).toMatchObject({
      statusLabel: '已解释说明',
      committedDeadline: isoOf(committed),
      clocks: [{ name: 'followUp', dueAt: isoOf(committed), level: 'none' }],
    });
    expect(order.nextWakeUpAt()).toBe(committed);

    order.tick(committed - 1);
    expect(order.drainEvents()).toEqual([]);
    expect(order.status).toBe('explained');

    order.tick(committed);
    expect(order.drainEvents()).toEqual([event(7, 'order.follow_up_due', system, committed, { committedDeadline: isoOf(committed) })]);
    expect(order.status).toBe('in_progress');
    expect(order.view(committed).clocks).toEqual([{ name: 'resolve', dueAt: isoOf(committed + 3 * day), level: 'none' }]);
    // the follow-up resolve clock ladders like any other: warning at 75 % of 3 days
    expect(order.nextWakeUpAt()).toBe(committed + 54 * hour);
    order.apply(command({ type: 'resolve', summary: '路灯已更换' }), people.handler, committed + day);
    expect(order.status).toBe('resolved');
  });
});

describe('改派, 催办, 撤单', () => {
  it('reassign from in_progress → dispatched to the new handler, recording the previous one', () => {
    const order = inProgress({ coHandlers: [handlers.coHandler, handlers.colleague] });
    const reassignAt = at.contact + day;
    order.apply(command({ type: 'reassign', target: handlers.colleague, reason: '原经办人外出学习' }), people.supervisor, reassignAt);
    expect(order.status).toBe('dispatched');
    const from = { ...handlers.handler, signedBy: people.handler };
    const reassigned = order.drainEvents();
    expect(reassigned).toEqual([
      event(6, 'order.reassigned', people.supervisor, reassignAt, { target: handlers.colleague, reason: '原经办人外出学习', from }),
    ]);
    expect(summaries(reassigned)).toEqual(['已改派：「许党员」，原经办人外出学习']);
    const view = order.view(reassignAt);
    expect(view.handler).toEqual(handlers.colleague);
    // the new handler is no longer listed as a co-handler
    expect(view.coHandlers).toEqual([handlers.coHandler]);
    expect(clockDues(order, reassignAt)).toEqual([
      ['resolve', isoOf(at.dispatch + 7 * day)],
      ['sign', isoOf(reassignAt + 24 * hour)],
    ]);
    expect(order.can(command({ type: 'resolve', summary: 'x' }), people.handler, reassignAt)?.code).toBe('WrongState');
    expect(order.can(command({ type: 'sign' }), people.handler, reassignAt)?.code).toBe('NotYourOrder');
    expect(order.can(command({ type: 'sign' }), people.colleague, reassignAt)).toBeUndefined();
  });

  it('remind records a manual order.reminded and changes neither status nor clocks', () => {
    const order = dispatched();
    const before = order.snapshot();
    const remindAt = at.dispatch + 2 * hour;
    order.apply(command({ type: 'remind', note: '请尽快签收' }), people.dispatcher, remindAt);
    expect(order.drainEvents()).toEqual([event(4, 'order.reminded', people.dispatcher, remindAt, { note: '请尽快签收', automatic: false })]);
    const after = order.snapshot();
    expect(after.status).toBe('dispatched');
    expect(after.clocks).toEqual(before.clocks);
    expect(order.nextWakeUpAt()).toBe(at.dispatch + 18 * hour);
  });

  it('cancel → cancelled: final, no clocks, nextWakeUpAt undefined, time no longer matters', () => {
    const order = inProgress();
    const cancelAt = at.contact + hour;
    expect(order.nextWakeUpAt()).toBeDefined();
    order.apply(command({ type: 'cancel', reason: '问题已自行解决' }), people.resident, cancelAt);
    expect(order.status).toBe('cancelled');
    expect(order.finished).toBe(true);
    expect(order.nextWakeUpAt()).toBeUndefined();
    expect(order.drainEvents()).toEqual([event(6, 'order.cancelled', people.resident, cancelAt, { reason: '问题已自行解决' })]);
    expect(order.view(cancelAt)).toMatchObject({ statusLabel: '已撤单', clocks: [], escalationLevel: 'none' });
    order.tick(cancelAt + 365 * day);
    expect(order.drainEvents()).toEqual([]);
  });

  it('cancel is possible from every status before resolution', () => {
    for (const build of [open, accepted, openForClaim, dispatched, inProgress]) {
      const order = build();
      order.apply(command({ type: 'cancel', reason: '不需要了' }), people.agent, at.contact + 30 * minute);
      expect(order.status).toBe('cancelled');
      expect(order.nextWakeUpAt()).toBeUndefined();
    }
  });
});

describe('回访 不满意 → 重办, then 督办', () => {
  const unsatisfied = command({ type: 'checkBack', rating: 'unsatisfied', comment: '路灯还是不亮' });
  const resolve = command({ type: 'resolve', summary: '再次维修' });

  it('unsatisfied → reopened: in_progress, reopenCount 1, a fresh resolve clock', () => {
    const order = resolved();
    const checkAt = at.resolve + day;
    order.apply(unsatisfied, people.resident, checkAt);
    expect(order.status).toBe('in_progress');
    expect(order.drainEvents()).toEqual([
      event(7, 'order.reopened', people.resident, checkAt, { rating: 'unsatisfied', comment: '路灯还是不亮', reopenCount: 1 }),
    ]);
    const view = order.view(checkAt);
    expect(view).toMatchObject({ reopenCount: 1, rating: 'unsatisfied', handler: { id: handlers.handler.id } });
    expect(view.clocks).toEqual([{ name: 'resolve', dueAt: isoOf(checkAt + 7 * day), level: 'none' }]);
    // the same handler resolves it again
    order.apply(resolve, people.handler, checkAt + day);
    expect(order.status).toBe('resolved');
  });

  it('after maxReopens (2) the next unsatisfied goes to the supervisor; close', () => {
    const order = resolved();
    let now = at.resolve;
    for (const expected of [1, 2]) {
      now += hour;
      order.apply(unsatisfied, people.resident, now);
      expect(order.status).toBe('in_progress');
      expect(order.view(now).reopenCount).toBe(expected);
      now += hour;
      order.apply(resolve, people.handler, now);
    }
    order.drainEvents();
    now += hour;
    order.apply(unsatisfied, people.agent, now);
    expect(order.status).toBe('awaiting_supervisor');
    expect(order.drainEvents()).toEqual([
      event(11, 'order.awaiting_supervisor', people.agent, now, { rating: 'unsatisfied', comment: '路灯还是不亮', reopenCount: 2 }),
    ]);
    expect(order.view(now)).toMatchObject({ statusLabel: '待督办决定', reopenCount: 2, clocks: [] });
    expect(order.nextWakeUpAt()).toBeUndefined();
    expect(order.finished).toBe(false);

    now += hour;
    const note = '已尽力，经核实予以销号';
    order.apply(command({ type: 'supervisorDecide', decision: 'close', note }), people.supervisor, now);
    expect(order.status).toBe('closed');
    expect(order.finished).toBe(true);
    const closed = order.drainEvents();
    expect(closed).toEqual([event(12, 'order.closed', people.supervisor, now, { decision: 'close', note })]);
    expect(summaries(closed)).toEqual([`已销号：${note}`]);
  });

  it('supervisorDecide reassign → dispatched to the new target with fresh sign and resolve clocks', () => {
    const order = resolved({ policy: policy({ general: { maxReopens: 0 } }) });
    const checkAt = at.resolve + hour;
    order.apply(unsatisfied, people.resident, checkAt);
    expect(order.status).toBe('awaiting_supervisor');
    expect(order.drainEvents()[0]?.details).toMatchObject({ reopenCount: 0 });

    const decideAt = checkAt + hour;
    const decision = { decision: 'reassign', target: handlers.colleague, note: '换人办理' } as const;
    order.apply(command({ type: 'supervisorDecide', ...decision }), people.supervisor, decideAt);
    expect(order.status).toBe('dispatched');
    expect(order.drainEvents()).toEqual([event(8, 'order.reassigned', people.supervisor, decideAt, decision)]);
    expect(order.view(decideAt).handler).toEqual(handlers.colleague);
    expect(clockDues(order, decideAt)).toEqual([
      ['sign', isoOf(decideAt + 24 * hour)],
      ['resolve', isoOf(decideAt + 7 * day)],
    ]);
    expect(order.nextWakeUpAt()).toBe(decideAt + 18 * hour);
  });

  it('a check-back window that passes unanswered closes the order (check_back_window_passed)', () => {
    const order = resolved();
    const windowEnd = at.resolve + 7 * day;
    expect(order.nextWakeUpAt()).toBe(windowEnd);
    order.tick(windowEnd - 1);
    expect(order.drainEvents()).toEqual([]);
    expect(order.status).toBe('resolved');
    order.tick(windowEnd + 3 * day);
    const closed = order.drainEvents();
    expect(closed).toEqual([event(7, 'order.closed', system, windowEnd, { reason: 'check_back_window_passed' })]);
    expect(order.status).toBe('closed');
    expect(order.nextWakeUpAt()).toBeUndefined();
    expect(summaries(closed)).toEqual(['已销号：回访期满未评价，自动销号']);
    expect(order.view(windowEnd).rating).toBeUndefined();
  });
});
