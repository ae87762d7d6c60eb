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
  policyWith,
  targets,
  tDispatch,
  tSign,
} from './fixtures';

const resolveDue = tDispatch + 7 * day;
/** 75 % of 7 days after the dispatch. */
const resolveWarning = tDispatch + 126 * hour;

describe('the escalation ladder', () => {
  it('warns on the resolve clock of a general order at exactly 75 % of 7 days', () => {
    const order = inProgressOrder();
    order.drainEvents();
    expect(order.nextWakeUpAt()).toBe(resolveWarning);
    order.tick(resolveWarning - 1);
    expect(order.drainEvents()).toEqual([]);
    order.tick(resolveWarning);
    expect(order.drainEvents()).toEqual([
      {
        sequence: 6,
        type: 'order.warning',
        actor: { id: 'system', role: 'system', name: '系统' },
        at: resolveWarning,
        details: { clock: 'resolve', dueAt: iso(resolveDue), scheduledAt: iso(resolveWarning), level: 'warning' },
      },
    ]);
    expect(order.view(resolveWarning)).toMatchObject({ escalationLevel: 'warning', status: 'in_progress' });
    expect(clockOf(order, 'resolve', resolveWarning)?.level).toBe('warning');
    expect(order.timeline().at(-1)?.summary).toBe('预警：即将超期（办结时限）');
  });

  it('fires overdue, reminder, supervision and escalation at the policy offsets after the deadline', () => {
    const order = inProgressOrder();
    order.tick(resolveWarning);
    order.drainEvents();
    expect(order.nextWakeUpAt()).toBe(resolveDue);

    order.tick(resolveDue);
    const atDeadline = order.drainEvents();
    expect(atDeadline.map((e) => [e.type, e.at])).toEqual([
      ['order.overdue', resolveDue],
      ['order.reminded', resolveDue],
    ]);
    expect(atDeadline[1]?.details).toEqual({ clock: 'resolve', dueAt: iso(resolveDue), scheduledAt: iso(resolveDue), level: 'reminded', automatic: true });
    expect(order.view(resolveDue).escalationLevel).toBe('reminded');

    expect(order.nextWakeUpAt()).toBe(resolveDue + day);
    order.tick(resolveDue + day);
    expect(drainedTypes(order)).toEqual(['order.supervised']);
    expect(order.view(resolveDue + day).escalationLevel).toBe('supervised');

    expect(order.nextWakeUpAt()).toBe(resolveDue + 3 * day);
    order.tick(resolveDue + 3 * day - 1);
    expect(drainedTypes(order)).toEqual([]);
    order.tick(resolveDue + 3 * day);
    expect(order.drainEvents()).toEqual([
      expect.objectContaining({ type: 'order.escalated', details: { clock: 'resolve', dueAt: iso(resolveDue), scheduledAt: iso(resolveDue + 3 * day), level: 'next_organisation' } }),
    ]);
    expect(order.status).toBe('in_progress');
    expect(order.view(resolveDue + 3 * day).escalationLevel).toBe('escalated');
    expect(order.nextWakeUpAt()).toBeUndefined();

    order.tick(resolveDue + 300 * day);
    expect(drainedTypes(order)).toEqual([]);
  });

  it('warns on an emergency resolve clock at 90 minutes', () => {
    const order = inProgressOrder({ intake: { urgency: 'emergency' } });
    order.drainEvents();
    order.tick(tDispatch + 90 * minute);
    expect(order.drainEvents().map((e) => [e.type, e.details['clock'], e.at])).toEqual([
      // The sign and contact clocks stopped before any of their steps was ticked.
      ['order.warning', 'resolve', tDispatch + 90 * minute],
    ]);
  });

  it('runs a ladder on every running clock and fires everything due in one tick in time order', () => {
    const order = dispatchedOrder();
    order.drainEvents();
    // Never signed: sign warning +18 h, overdue/reminded +24 h, supervised +48 h, escalated +96 h; resolve warning +126 h.
    order.tick(tDispatch + 130 * hour);
    expect(order.drainEvents().map((e) => [e.type, e.details['clock'], e.at - tDispatch])).toEqual([
      ['order.warning', 'sign', 18 * hour],
      ['order.overdue', 'sign', 24 * hour],
      ['order.reminded', 'sign', 24 * hour],
      ['order.supervised', 'sign', 48 * hour],
      ['order.escalated', 'sign', 96 * hour],
      ['order.warning', 'resolve', 126 * hour],
    ]);
    expect(order.view(tDispatch + 130 * hour).escalationLevel).toBe('escalated');
    expect(order.status).toBe('dispatched');
  });

  it('stops the sign clock ladder when the order is signed', () => {
    const order = dispatchedOrder();
    order.tick(tDispatch + 18 * hour);
    expect(order.view(tDispatch + 18 * hour).escalationLevel).toBe('warning');
    order.apply(cmd({ type: 'sign' }), actors.member, tDispatch + 20 * hour);
    expect(order.view(tDispatch + 20 * hour).escalationLevel).toBe('none');
    // contact warning: 36 h after the sign
    expect(order.nextWakeUpAt()).toBe(tDispatch + 20 * hour + 36 * hour);
  });

  it('escalates on the accept clock of an order nobody accepts, without reassigning', () => {
    const order = openOrder({ policy: policyWith({ reassignOnEscalate: true }) });
    order.drainEvents();
    order.tick(order.snapshot().createdAt + 2 * hour + 3 * day);
    expect(drainedTypes(order)).toEqual(['order.warning', 'order.overdue', 'order.reminded', 'order.supervised', 'order.escalated']);
    expect(order.status).toBe('received');
  });

  it('reassigns to the fallback organisation on escalation when the policy says so — still one event', () => {
    const order = dispatchedOrder({ policy: policyWith({ reassignOnEscalate: true }) });
    order.drainEvents();
    const escalatedAt = tDispatch + 24 * hour + 72 * hour;
    order.tick(escalatedAt);
    const events = order.drainEvents();
    expect(events.map((e) => e.type)).toEqual(['order.warning', 'order.overdue', 'order.reminded', 'order.supervised', 'order.escalated']);
    expect(events.at(-1)?.details).toEqual({ clock: 'sign', dueAt: iso(tDispatch + 24 * hour), scheduledAt: iso(escalatedAt), level: 'next_organisation', reassignedTo: targets.fallback });
    expect(order.status).toBe('dispatched');
    expect(order.view(escalatedAt).handler).toEqual(targets.fallback);
    expect(clockOf(order, 'sign', escalatedAt)?.dueAt).toBe(iso(escalatedAt + 24 * hour));
    expect(clockOf(order, 'resolve', escalatedAt)?.dueAt).toBe(iso(resolveDue));

    // The fallback organisation's own ladder escalates without reassigning it to itself.
    order.tick(escalatedAt + 24 * hour + 72 * hour);
    const later = order.drainEvents();
    expect(later.filter((e) => e.type === 'order.escalated' && e.details['clock'] === 'sign')).toHaveLength(1);
    expect(order.view(escalatedAt).handler).toEqual(targets.fallback);
    order.apply(cmd({ type: 'sign' }), actors.fallbackUser, escalatedAt + 100 * hour);
    expect(order.status).toBe('signed');
  });
});

describe('pause and resume', () => {
  const pausedAt = tDispatch + 2 * day;
  const resumedAt = pausedAt + 3 * day;

  it('stops every clock while paused and shifts every pending step on resume', () => {
    const order = inProgressOrder();
    const requestedAt = pausedAt - hour;
    order.apply(cmd({ type: 'requestExtension', until: iso(resolveDue + 5 * day), reason: '需协调住建部门' }), actors.member, requestedAt);
    order.apply(cmd({ type: 'pause', reason: '群众外出，等待返回' }), actors.member, pausedAt);
    expect(order.status).toBe('paused');
    expect(order.nextWakeUpAt()).toBeUndefined();

    const now = pausedAt + day;
    expect(clockOf(order, 'resolve', now)).toEqual({
      name: 'resolve',
      dueAt: iso(now + (resolveDue - pausedAt)),
      remainingMsWhilePaused: resolveDue - pausedAt,
      level: 'none',
    });
    expect(clockOf(order, 'extensionDecision', now)?.remainingMsWhilePaused).toBe(day - hour);

    order.drainEvents();
    order.tick(resolveDue + 10 * day);
    expect(order.drainEvents()).toEqual([]);

    order.apply(cmd({ type: 'resume', note: '群众已返回' }), actors.member, resumedAt);
    expect(order.status).toBe('in_progress');
    expect(order.timeline().at(-1)).toMatchObject({ type: 'order.resumed', details: { note: '群众已返回', pausedMs: 3 * day } });
    expect(clockOf(order, 'resolve', resumedAt)).toEqual({ name: 'resolve', dueAt: iso(resolveDue + 3 * day), level: 'none' });
    expect(clockOf(order, 'extensionDecision', resumedAt)?.dueAt).toBe(iso(resumedAt + day - hour));
    expect(order.nextWakeUpAt()).toBe(resumedAt + day - hour);
    order.drainEvents();
    order.tick(resolveWarning + 3 * day);
    expect(order.drainEvents().map((e) => [e.type, e.at])).toEqual([
      ['order.extension_denied', resumedAt + day - hour],
      ['order.warning', resolveWarning + 3 * day],
    ]);
  });

  it('does not repeat steps that already fired', () => {
    const order = inProgressOrder();
    order.tick(resolveWarning);
    const pausedLate = resolveWarning + hour;
    order.apply(cmd({ type: 'pause', reason: '等待' }), actors.member, pausedLate);
    order.apply(cmd({ type: 'resume' }), actors.dispatcher, pausedLate + 10 * day);
    order.drainEvents();
    const shiftedDue = resolveDue + 10 * day;
    expect(order.nextWakeUpAt()).toBe(shiftedDue);
    order.tick(shiftedDue);
    expect(drainedTypes(order)).toEqual(['order.overdue', 'order.reminded']);
    expect(order.view(shiftedDue).escalationLevel).toBe('reminded');
  });

  it('returns to signed when paused from signed', () => {
    const order = dispatchedOrder();
    order.apply(cmd({ type: 'sign' }), actors.member, tSign);
    order.apply(cmd({ type: 'pause', reason: '等待' }), actors.member, tSign + hour);
    order.apply(cmd({ type: 'resume' }), actors.supervisor, tSign + 2 * hour);
    expect(order.status).toBe('signed');
    expect(clockOf(order, 'contact', tSign)?.dueAt).toBe(iso(tSign + 48 * hour + hour));
  });

  it('reassigning a paused order resumes its clocks first', () => {
    const order = inProgressOrder();
    order.apply(cmd({ type: 'pause', reason: '等待' }), actors.member, pausedAt);
    order.apply(cmd({ type: 'reassign', target: targets.otherMember, reason: '原经办人长期外出' }), actors.dispatcher, resumedAt);
    expect(order.status).toBe('dispatched');
    const view = order.view(resumedAt);
    expect(view.clocks).toEqual([
      { name: 'resolve', dueAt: iso(resolveDue + 3 * day), level: 'none' },
      { name: 'sign', dueAt: iso(resumedAt + 24 * hour), level: 'none' },
    ]);
    expect(order.nextWakeUpAt()).toBe(resumedAt + 18 * hour);
  });
});

describe('extension', () => {
  const requestedAt = tDispatch + 5 * day;
  const until = tDispatch + 10 * day;

  it('moves the resolve deadline when approved and restarts its ladder', () => {
    const order = inProgressOrder();
    order.tick(requestedAt);
    expect(order.view(requestedAt).escalationLevel).toBe('none');
    order.apply(cmd({ type: 'requestExtension', until: iso(until), reason: '需等待配件到货' }), actors.member, requestedAt);
    expect(order.view(requestedAt).pendingExtension).toEqual({ until: iso(until), reason: '需等待配件到货', requestedBy: actors.member });
    expect(clockOf(order, 'extensionDecision', requestedAt)?.dueAt).toBe(iso(requestedAt + day));

    order.tick(resolveWarning);
    expect(order.view(resolveWarning).escalationLevel).toBe('warning');
    const approvedAt = resolveWarning + hour;
    order.drainEvents();
    order.apply(cmd({ type: 'decideExtension', approve: true, note: '同意' }), actors.dispatcher, approvedAt);
    expect(order.drainEvents()).toEqual([
      expect.objectContaining({ type: 'order.extension_approved', details: { approve: true, note: '同意', until: iso(until) } }),
    ]);
    const view = order.view(approvedAt);
    expect(view.pendingExtension).toBeUndefined();
    expect(view.escalationLevel).toBe('none');
    expect(view.clocks).toEqual([{ name: 'resolve', dueAt: iso(until), level: 'none' }]);
    const newWarning = approvedAt + Math.round((until - approvedAt) * 0.75);
    expect(order.nextWakeUpAt()).toBe(newWarning);
    order.tick(resolveDue);
    expect(drainedTypes(order)).toEqual([]);
    order.tick(until);
    expect(drainedTypes(order)).toEqual(['order.warning', 'order.overdue', 'order.reminded']);
  });

  it('keeps the deadline when denied', () => {
    const order = inProgressOrder();
    order.apply(cmd({ type: 'requestExtension', until: iso(until), reason: '忙' }), actors.member, requestedAt);
    order.apply(cmd({ type: 'decideExtension', approve: false, note: '请按期办结' }), actors.supervisor, requestedAt + hour);
    expect(order.timeline().at(-1)).toMatchObject({ type: 'order.extension_denied', summary: '延期未批准：请按期办结' });
    expect(order.view(requestedAt).clocks).toEqual([{ name: 'resolve', dueAt: iso(resolveDue), level: 'none' }]);
  });

  it('lapses as denied when nobody decides in time', () => {
    const order = inProgressOrder();
    order.apply(cmd({ type: 'requestExtension', until: iso(until), reason: '忙' }), actors.member, requestedAt);
    order.drainEvents();
    expect(order.nextWakeUpAt()).toBe(resolveWarning);
    order.tick(requestedAt + day);
    expect(order.drainEvents()).toEqual([
      expect.objectContaining({ type: 'order.warning', at: resolveWarning }),
      expect.objectContaining({ type: 'order.extension_denied', at: requestedAt + day, details: { reason: 'expired', until: iso(until) } }),
    ]);
    expect(order.view(requestedAt + day).pendingExtension).toBeUndefined();
    expect(order.timeline().at(-1)?.summary).toBe('延期未批准：审批超时，视为未批准');
    expectRefused(order, cmd({ type: 'decideExtension', approve: true }), actors.dispatcher, requestedAt + day, 'WrongState');
  });

  it('allows one pending request at a time, and none after the deadline', () => {
    const order = inProgressOrder();
    order.apply(cmd({ type: 'requestExtension', until: iso(until), reason: '忙' }), actors.member, requestedAt);
    expectRefused(order, cmd({ type: 'requestExtension', until: iso(until + day), reason: '更忙' }), actors.member, requestedAt + hour, 'WrongState');

    const late = inProgressOrder();
    const message = expectRefused(late, cmd({ type: 'requestExtension', until: iso(until), reason: '忙' }), actors.member, resolveDue, 'DeadlinePassed');
    expect(message).toBe('办结时限已过，不能再申请延期');
  });

  it('refuses a decision after the decision clock has run out, even before it was ticked', () => {
    const order = inProgressOrder();
    order.apply(cmd({ type: 'requestExtension', until: iso(until), reason: '忙' }), actors.member, requestedAt);
    expectRefused(order, cmd({ type: 'decideExtension', approve: true }), actors.dispatcher, requestedAt + day, 'DeadlinePassed');
  });

  it('drops a pending request when the order is returned or reassigned', () => {
    const order = inProgressOrder();
    order.apply(cmd({ type: 'requestExtension', until: iso(until), reason: '忙' }), actors.member, requestedAt);
    order.apply(cmd({ type: 'reassign', target: targets.otherMember, reason: '换人' }), actors.dispatcher, requestedAt + hour);
    expect(order.view(requestedAt + hour).pendingExtension).toBeUndefined();
    expect(clockOf(order, 'extensionDecision', requestedAt + hour)).toBeUndefined();
  });
});
