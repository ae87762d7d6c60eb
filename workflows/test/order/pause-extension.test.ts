import { at, minute, hour, day, isoOf, people, handlers, system, command, policy } from './builders';
import { clockView, event, expectNextStepAt, expectRefused, inProgress, signed, summaries, typeAndAt } from './builders';

const tD = at.dispatch;
const resolveDue = tD + 7 * day;
const pause = command({ type: 'pause', reason: '等待群众提供材料' });

describe('挂起 / 恢复办理', () => {
  it('pause stops every clock: nothing escalates while paused, even far past the deadline', () => {
    const order = inProgress();
    const pausedAt = tD + 3 * day;
    order.apply(pause, people.handler, pausedAt);
    expect(order.status).toBe('paused');
    expect(order.drainEvents()).toEqual([event(6, 'order.paused', people.handler, pausedAt, { reason: '等待群众提供材料' })]);
    expect(order.nextWakeUpAt()).toBeUndefined();

    const later = pausedAt + 10 * day;
    expect(order.view(later)).toMatchObject({
      statusLabel: '已挂起',
      escalationLevel: 'none',
      clocks: [{ name: 'resolve', dueAt: isoOf(later + 4 * day), remainingMsWhilePaused: 4 * day, level: 'none' }],
    });

    order.tick(tD + 100 * day);
    expect(order.drainEvents()).toEqual([]);
    expect(order.status).toBe('paused');
    expect(order.nextWakeUpAt()).toBeUndefined();
  });

  it('resume shifts the clocks by the paused duration and the ladder continues from there', () => {
    const order = inProgress();
    const pausedAt = tD + 3 * day;
    const resumedAt = pausedAt + 30 * day;
    order.apply(pause, people.handler, pausedAt);
    order.tick(resumedAt);
    order.drainEvents();

    order.apply(command({ type: 'resume', note: '材料已补齐' }), people.supervisor, resumedAt);
    expect(order.status).toBe('in_progress');
    expect(order.drainEvents()).toEqual([event(7, 'order.resumed', people.supervisor, resumedAt, { note: '材料已补齐', pausedMs: 30 * day })]);
    const shiftedDue = resolveDue + 30 * day;
    expect(order.view(resumedAt).clocks).toEqual([{ name: 'resolve', dueAt: isoOf(shiftedDue), level: 'none' }]);

    const warningAt = tD + 126 * hour + 30 * day;
    const warning = expectNextStepAt(order, warningAt);
    order.tick(shiftedDue);
    const events = [...warning, ...order.drainEvents()];
    expect(typeAndAt(events)).toEqual([
      ['order.warning', warningAt],
      ['order.overdue', shiftedDue],
      ['order.reminded', shiftedDue],
    ]);
    expect(events[0]?.details).toMatchObject({ clock: 'resolve', dueAt: isoOf(shiftedDue), scheduledAt: isoOf(warningAt) });
  });

  it('pausing a signed order pauses the contact clock and resume goes back to signed', () => {
    const order = signed();
    order.apply(pause, people.handler, at.sign + hour);
    expect(clockView(order, 'contact', at.sign + 5 * hour)).toEqual({
      name: 'contact',
      dueAt: isoOf(at.sign + 5 * hour + 47 * hour),
      remainingMsWhilePaused: 47 * hour,
      level: 'none',
    });
    order.apply(command({ type: 'resume' }), people.handler, at.sign + 3 * day);
    expect(order.status).toBe('signed');
    expect(clockView(order, 'contact', at.sign + 3 * day)?.dueAt).toBe(isoOf(at.sign + 3 * day + 47 * hour));
    expect(order.view(at.sign + 3 * day).clocks.every((c) => c.remainingMsWhilePaused === undefined)).toBe(true);
  });

  it('an overdue clock paused shows 0 remaining; its pending ladder steps move by the paused time', () => {
    const order = inProgress();
    const pausedAt = resolveDue + 12 * hour;
    order.tick(pausedAt);
    expect(order.drainEvents().map((e) => e.type)).toEqual(['order.warning', 'order.overdue', 'order.reminded']);
    order.apply(pause, people.handler, pausedAt);
    const view = order.view(pausedAt + day);
    expect(view.clocks).toEqual([{ name: 'resolve', dueAt: isoOf(pausedAt + day - 12 * hour), remainingMsWhilePaused: 0, level: 'reminded' }]);
    expect(view.escalationLevel).toBe('reminded');

    const resumedAt = pausedAt + 5 * day;
    order.apply(command({ type: 'resume' }), people.handler, resumedAt);
    order.drainEvents();
    // supervised was due 12 h after the pause (deadline + 24 h); it now comes 12 h after the resume
    expect(order.nextWakeUpAt()).toBe(resumedAt + 12 * hour);
    order.tick(resumedAt + 12 * hour);
    expect(typeAndAt(order.drainEvents())).toEqual([['order.supervised', resumedAt + 12 * hour]]);
  });

  it('reassigning a paused order resumes its clocks first', () => {
    const order = inProgress();
    const pausedAt = tD + 2 * day;
    order.apply(pause, people.handler, pausedAt);
    const reassignAt = pausedAt + 3 * day;
    order.apply(command({ type: 'reassign', target: handlers.colleague, reason: '换人' }), people.dispatcher, reassignAt);
    expect(order.status).toBe('dispatched');
    expect(order.view(reassignAt).clocks).toEqual([
      { name: 'resolve', dueAt: isoOf(resolveDue + 3 * day), level: 'none' },
      { name: 'sign', dueAt: isoOf(reassignAt + 24 * hour), level: 'none' },
    ]);
    expect(order.nextWakeUpAt()).toBe(reassignAt + 18 * hour);
  });

  it('a paused order can be cancelled', () => {
    const order = inProgress();
    order.apply(pause, people.handler, tD + day);
    order.apply(command({ type: 'cancel', reason: '不需要了' }), people.resident, tD + 2 * day);
    expect(order.status).toBe('cancelled');
    expect(order.nextWakeUpAt()).toBeUndefined();
  });
});

describe('延期: request and decision', () => {
  const requestedAt = tD + day;
  const until = tD + 10 * day;
  const request = command({ type: 'requestExtension', until: isoOf(until), reason: '需等待配件到货' });

  it('requestExtension records the request and starts a 24 h decision clock', () => {
    const order = inProgress();
    order.apply(request, people.handler, requestedAt);
    expect(order.status).toBe('in_progress');
    expect(order.drainEvents()).toEqual([event(6, 'order.extension_requested', people.handler, requestedAt, { until: isoOf(until), reason: '需等待配件到货' })]);
    const view = order.view(requestedAt);
    expect(view.pendingExtension).toEqual({ until: isoOf(until), reason: '需等待配件到货', requestedBy: people.handler });
    expect(view.clocks).toEqual([
      { name: 'resolve', dueAt: isoOf(resolveDue), level: 'none' },
      { name: 'extensionDecision', dueAt: isoOf(requestedAt + 24 * hour), level: 'none' },
    ]);
    expect(order.nextWakeUpAt()).toBe(requestedAt + 24 * hour);
  });

  it('approve: the resolve clock dueAt becomes `until` and its ladder restarts from the decision', () => {
    const order = inProgress();
    order.apply(request, people.handler, requestedAt);
    order.drainEvents();
    const decidedAt = requestedAt + 2 * hour;
    order.apply(command({ type: 'decideExtension', approve: true, note: '同意' }), people.dispatcher, decidedAt);
    expect(order.drainEvents()).toEqual([event(7, 'order.extension_approved', people.dispatcher, decidedAt, { approve: true, note: '同意', until: isoOf(until) })]);
    const view = order.view(decidedAt);
    expect(view.pendingExtension).toBeUndefined();
    expect(view.clocks).toEqual([{ name: 'resolve', dueAt: isoOf(until), level: 'none' }]);
    const warningAt = decidedAt + Math.round((until - decidedAt) * 0.75);
    expect(warningAt).toBe(decidedAt + 160 * hour + 30 * minute);
    expect(order.nextWakeUpAt()).toBe(warningAt);
    order.tick(until);
    expect(typeAndAt(order.drainEvents())).toEqual([
      ['order.warning', warningAt],
      ['order.overdue', until],
      ['order.reminded', until],
    ]);
  });

  it('approval after a warning resets the resolve clock to level none', () => {
    const order = inProgress();
    order.tick(tD + 126 * hour);
    expect(order.view(tD + 126 * hour).escalationLevel).toBe('warning');
    order.apply(command({ type: 'requestExtension', until: isoOf(tD + 12 * day), reason: '配件延误' }), people.handler, tD + 130 * hour);
    order.apply(command({ type: 'decideExtension', approve: true }), people.supervisor, tD + 131 * hour);
    expect(order.view(tD + 131 * hour)).toMatchObject({ escalationLevel: 'none', clocks: [{ name: 'resolve', level: 'none', dueAt: isoOf(tD + 12 * day) }] });
  });

  it('deny: the deadline stays; the request is gone and a new one may be made', () => {
    const order = inProgress();
    order.apply(request, people.handler, requestedAt);
    order.drainEvents();
    order.apply(command({ type: 'decideExtension', approve: false, note: '请按期办结' }), people.supervisor, requestedAt + hour);
    const details = { approve: false, note: '请按期办结', until: isoOf(until) };
    const denied = order.drainEvents();
    expect(denied).toEqual([event(7, 'order.extension_denied', people.supervisor, requestedAt + hour, details)]);
    expect(summaries(denied)).toEqual(['延期未批准：请按期办结']);
    expect(order.view(requestedAt + hour).pendingExtension).toBeUndefined();
    expect(order.view(requestedAt + hour).clocks).toEqual([{ name: 'resolve', dueAt: isoOf(resolveDue), level: 'none' }]);
    expect(order.nextWakeUpAt()).toBe(tD + 126 * hour);
    expect(order.can(request, people.handler, requestedAt + 2 * hour)).toBeUndefined();
  });

  it('expiry: at the decision limit the request lapses as order.extension_denied, reason expired', () => {
    const order = inProgress();
    order.apply(request, people.handler, requestedAt);
    order.drainEvents();
    const limit = requestedAt + 24 * hour;
    order.tick(limit - 1);
    expect(order.drainEvents()).toEqual([]);
    // one millisecond before the limit the dispatcher may still decide; at the limit no more
    expect(order.can(command({ type: 'decideExtension', approve: true }), people.dispatcher, limit - 1)).toBeUndefined();
    expect(order.can(command({ type: 'decideExtension', approve: true }), people.dispatcher, limit)?.code).toBe('DeadlinePassed');
    order.tick(limit);
    const lapsed = order.drainEvents();
    expect(lapsed).toEqual([event(7, 'order.extension_denied', system, limit, { reason: 'expired', until: isoOf(until) })]);
    expect(summaries(lapsed)).toEqual(['延期未批准：审批超时，视为未批准']);
    expect(order.view(limit).pendingExtension).toBeUndefined();
    expect(order.view(limit).clocks).toEqual([{ name: 'resolve', dueAt: isoOf(resolveDue), level: 'none' }]);
    expect(order.can(command({ type: 'decideExtension', approve: false }), people.dispatcher, limit)?.code).toBe('WrongState');
  });

  it('a pending request survives a pause (decision clock paused) but cannot be decided while paused', () => {
    const order = inProgress();
    order.apply(request, people.handler, requestedAt);
    order.apply(pause, people.handler, requestedAt + hour);
    expect(clockView(order, 'extensionDecision', requestedAt + 5 * day)?.remainingMsWhilePaused).toBe(23 * hour);
    expect(order.view(requestedAt + 5 * day).pendingExtension?.until).toBe(isoOf(until));
    expectRefused(order, command({ type: 'decideExtension', approve: true }), people.dispatcher, requestedAt + 2 * hour, 'WrongState');
    const resumedAt = requestedAt + 10 * day;
    order.apply(command({ type: 'resume' }), people.handler, resumedAt);
    expect(clockView(order, 'extensionDecision', resumedAt)?.dueAt).toBe(isoOf(resumedAt + 23 * hour));
    expect(order.nextWakeUpAt()).toBe(resumedAt + 23 * hour);
  });

  it.each([
    ['resolving', inProgress, command({ type: 'resolve', summary: '已办结' }), people.handler],
    ['explaining', inProgress, command({ type: 'explain', explanation: '需资金', committedDeadline: isoOf(tD + 30 * day) }), people.handler],
    ['returning', signed, command({ type: 'return', reason: '非本单位职责' }), people.handler],
    ['reassigning', inProgress, command({ type: 'reassign', target: handlers.colleague, reason: '换人' }), people.dispatcher],
  ] as const)('%s drops a pending request and its decision clock', (_move, build, move, actor) => {
    const order = build();
    order.apply(request, people.handler, requestedAt);
    order.apply(move, actor, requestedAt + hour);
    expect(order.view(requestedAt + hour).pendingExtension).toBeUndefined();
    expect(clockView(order, 'extensionDecision', requestedAt + hour)).toBeUndefined();
  });

  it('approving an extension after a pause/resume never moves the resolve deadline earlier: the requested date moves with the pause', () => {
    const order = inProgress();
    order.apply(command({ type: 'requestExtension', until: isoOf(tD + 8 * day), reason: '等待配件' }), people.handler, tD + day);
    order.apply(pause, people.handler, tD + day + hour);
    order.apply(command({ type: 'resume' }), people.handler, tD + 6 * day + hour);
    expect(clockView(order, 'resolve', tD + 6 * day + hour)?.dueAt).toBe(isoOf(resolveDue + 5 * day));
    expect(order.view(tD + 6 * day + hour).pendingExtension?.until).toBe(isoOf(tD + 13 * day));
    order.apply(command({ type: 'decideExtension', approve: true }), people.dispatcher, tD + 6 * day + 2 * hour);
    expect(clockView(order, 'resolve', tD + 6 * day + 2 * hour)?.dueAt).toBe(isoOf(tD + 13 * day));
  });

  it('approving an extension whose date has already passed is refused DeadlinePassed (deny still allowed)', () => {
    const order = inProgress({ policy: policy({ general: { extensionDecisionWithinMs: 30 * day } }) });
    order.apply(command({ type: 'requestExtension', until: isoOf(tD + 8 * day), reason: '等待审批' }), people.handler, requestedAt);
    expectRefused(order, command({ type: 'decideExtension', approve: true }), people.dispatcher, tD + 8 * day, 'DeadlinePassed');
    expect(order.can(command({ type: 'decideExtension', approve: true }), people.dispatcher, tD + 8 * day - 1)).toBeUndefined();
    expect(order.can(command({ type: 'decideExtension', approve: false }), people.dispatcher, tD + 9 * day)).toBeUndefined();
  });
});
