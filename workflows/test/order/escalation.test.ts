import type { OrderEventType } from '@lianxin/contracts/order';
import { T0, at, minute, hour, day, isoOf, people, handlers, system, command, policy } from './builders';
import { clockView, dispatched, event, expectNextStepAt, inProgress, open, summaries, typeAndAt } from './builders';

const tD = at.dispatch;

function ladderDetails(clock: string, dueAt: number, scheduledAt: number, level: string) {
  return { clock, dueAt: isoOf(dueAt), scheduledAt: isoOf(scheduledAt), level };
}

/** A ladder step of `clock` (deadline `dueAt`) as the system records it at its scheduled instant. */
function ladderStep(sequence: number, type: OrderEventType, clock: string, dueAt: number, scheduledAt: number, level: string, extra = {}) {
  return event(sequence, type, system, scheduledAt, { ...ladderDetails(clock, dueAt, scheduledAt, level), ...extra });
}

describe('escalation ladder with the default policy (general: sign 24 h, resolve 7 d)', () => {
  it('an unsigned order: sign clock warns at +18 h, overdue and reminded at +24 h, supervised at +48 h, escalated at +96 h', () => {
    const order = dispatched();
    const signDue = tD + 24 * hour;

    const warned = expectNextStepAt(order, tD + 18 * hour);
    expect(warned).toEqual([ladderStep(4, 'order.warning', 'sign', signDue, tD + 18 * hour, 'warning')]);
    expect(order.view(tD + 18 * hour).escalationLevel).toBe('warning');
    expect(summaries(warned)).toEqual(['预警：即将超期（签收时限）']);

    expect(expectNextStepAt(order, signDue)).toEqual([
      ladderStep(5, 'order.overdue', 'sign', signDue, signDue, 'overdue'),
      ladderStep(6, 'order.reminded', 'sign', signDue, signDue, 'reminded', { automatic: true }),
    ]);
    expect(clockView(order, 'sign', signDue)?.level).toBe('reminded');

    expect(expectNextStepAt(order, tD + 48 * hour)).toEqual([ladderStep(7, 'order.supervised', 'sign', signDue, tD + 48 * hour, 'supervised')]);
    expect(order.view(tD + 48 * hour).escalationLevel).toBe('supervised');
    expect(expectNextStepAt(order, tD + 96 * hour)).toEqual([ladderStep(8, 'order.escalated', 'sign', signDue, tD + 96 * hour, 'next_organisation')]);
    // without reassignOnEscalate nothing else changes
    expect(order.status).toBe('dispatched');
    expect(order.view(tD + 96 * hour).handler).toEqual(handlers.handler);
    expect(clockView(order, 'sign', tD + 96 * hour)?.level).toBe('escalated');
  });

  it('the resolve clock of the same order ladders at +126 h (75 % of 7 d), +168 h, +192 h, +240 h, then stops', () => {
    const order = dispatched();
    order.tick(tD + 96 * hour);
    order.drainEvents();
    const resolveDue = tD + 7 * day;

    expect(typeAndAt(expectNextStepAt(order, tD + 126 * hour))).toEqual([['order.warning', tD + 126 * hour]]);
    const atDue = expectNextStepAt(order, resolveDue);
    expect(typeAndAt(atDue)).toEqual([
      ['order.overdue', resolveDue],
      ['order.reminded', resolveDue],
    ]);
    expect(atDue[0]?.details).toEqual(ladderDetails('resolve', resolveDue, resolveDue, 'overdue'));
    expect(typeAndAt(expectNextStepAt(order, resolveDue + day))).toEqual([['order.supervised', resolveDue + day]]);
    const escalated = expectNextStepAt(order, resolveDue + 3 * day);
    expect(escalated).toEqual([ladderStep(13, 'order.escalated', 'resolve', resolveDue, resolveDue + 3 * day, 'next_organisation')]);
    expect(summaries(escalated)).toEqual(['挂牌督办（办结时限）']);
    expect(order.nextWakeUpAt()).toBeUndefined();
    order.tick(resolveDue + 365 * day);
    expect(order.drainEvents()).toEqual([]);
    expect(order.status).toBe('dispatched');
  });

  it('one big tick fires every step in time order, each at its own scheduled instant', () => {
    const order = dispatched();
    order.tick(tD + 365 * day);
    expect(typeAndAt(order.drainEvents())).toEqual([
      ['order.warning', tD + 18 * hour],
      ['order.overdue', tD + 24 * hour],
      ['order.reminded', tD + 24 * hour],
      ['order.supervised', tD + 48 * hour],
      ['order.escalated', tD + 96 * hour],
      ['order.warning', tD + 126 * hour],
      ['order.overdue', tD + 168 * hour],
      ['order.reminded', tD + 168 * hour],
      ['order.supervised', tD + 192 * hour],
      ['order.escalated', tD + 240 * hour],
    ]);
    expect(order.view(tD + 365 * day).updatedAt).toBe(isoOf(tD + 240 * hour));
  });

  it('the accept clock (2 h) ladders on an order left received, and never reassigns', () => {
    const order = open({ policy: policy({ escalation: { reassignOnEscalate: true } }) });
    order.drainEvents();
    const acceptDue = T0 + 2 * hour;
    const warning = expectNextStepAt(order, T0 + 90 * minute);
    order.tick(T0 + 30 * day);
    const events = [...warning, ...order.drainEvents()];
    expect(typeAndAt(events)).toEqual([
      ['order.warning', T0 + 90 * minute],
      ['order.overdue', acceptDue],
      ['order.reminded', acceptDue],
      ['order.supervised', acceptDue + 24 * hour],
      ['order.escalated', acceptDue + 72 * hour],
    ]);
    expect(events.every((e) => e.details['clock'] === 'accept')).toBe(true);
    expect(events.at(-1)?.details).toEqual(ladderDetails('accept', acceptDue, acceptDue + 72 * hour, 'next_organisation'));
    expect(order.status).toBe('received');
    expect(order.view(T0 + 30 * day)).toMatchObject({ escalationLevel: 'escalated', clocks: [{ name: 'accept', level: 'escalated' }] });
    expect(order.view(T0 + 30 * day).handler).toBeUndefined();
  });

  it('accepting in time stops the accept ladder', () => {
    const order = open();
    order.tick(T0 + 90 * minute);
    order.apply(command({ type: 'accept' }), people.dispatcher, T0 + 100 * minute);
    order.drainEvents();
    order.tick(T0 + 30 * day);
    expect(order.drainEvents()).toEqual([]);
    expect(order.view(T0 + 30 * day).escalationLevel).toBe('none');
  });

  it('the contact clock (48 h from signing) ladders between the sign and resolve clocks', () => {
    const order = dispatched();
    order.apply(command({ type: 'sign' }), people.handler, at.sign);
    order.drainEvents();
    const contactDue = at.sign + 48 * hour;
    order.tick(tD + 130 * hour);
    const events = order.drainEvents();
    expect(events.map((e) => [e.type, e.details['clock'], e.at])).toEqual([
      ['order.warning', 'contact', at.sign + 36 * hour],
      ['order.overdue', 'contact', contactDue],
      ['order.reminded', 'contact', contactDue],
      ['order.supervised', 'contact', contactDue + day],
      ['order.escalated', 'contact', contactDue + 3 * day],
      ['order.warning', 'resolve', tD + 126 * hour],
    ]);
    // contacting late stops the contact clock; the resolve clock keeps its level
    order.apply(command({ type: 'contact', method: 'phone' }), people.handler, tD + 130 * hour);
    expect(order.view(tD + 130 * hour).clocks).toEqual([{ name: 'resolve', dueAt: isoOf(tD + 7 * day), level: 'warning' }]);
  });

  it('policy offsets are honoured: warnAtFraction 0.5 and a 2 h reminder offset', () => {
    const order = dispatched({ policy: policy({ escalation: { warnAtFraction: 0.5, remindAfterMs: 2 * hour } }) });
    order.tick(tD + 30 * hour);
    expect(typeAndAt(order.drainEvents())).toEqual([
      ['order.warning', tD + 12 * hour],
      ['order.overdue', tD + 24 * hour],
      ['order.reminded', tD + 26 * hour],
    ]);
  });

  it('an emergency order (resolve 2 h) warns at 90 minutes; the sign and contact clocks, stopped before they were ticked, never fire', () => {
    const order = inProgress({ intake: { urgency: 'emergency' } });
    order.tick(tD + 90 * minute);
    expect(order.drainEvents().map((e) => [e.type, e.details['clock'], e.at])).toEqual([['order.warning', 'resolve', tD + 90 * minute]]);
  });
});

describe('reassignOnEscalate', () => {
  const reassigning = () => policy({ escalation: { reassignOnEscalate: true } });

  it('the escalated step of the sign clock hands the order to the fallback organisation in one event', () => {
    const order = dispatched({ policy: reassigning(), coHandlers: [handlers.coHandler] });
    order.tick(tD + 96 * hour - 1);
    expect(order.drainEvents().map((e) => e.type)).toEqual(['order.warning', 'order.overdue', 'order.reminded', 'order.supervised']);

    order.tick(tD + 96 * hour);
    const reassignedTo = handlers.fallback;
    const escalated = order.drainEvents();
    expect(escalated).toEqual([ladderStep(8, 'order.escalated', 'sign', tD + 24 * hour, tD + 96 * hour, 'next_organisation', { reassignedTo })]);
    expect(order.status).toBe('dispatched');
    const view = order.view(tD + 96 * hour);
    expect(view.handler).toEqual(handlers.fallback);
    expect(view.coHandlers).toEqual([handlers.coHandler]);
    expect(view.clocks).toEqual([
      { name: 'resolve', dueAt: isoOf(tD + 7 * day), level: 'none' },
      { name: 'sign', dueAt: isoOf(tD + 120 * hour), level: 'none' },
    ]);
    expect(order.nextWakeUpAt()).toBe(tD + 114 * hour);
    expect(summaries(escalated)).toEqual(['挂牌督办（签收时限）：「街道兜底工作组」']);

    expect(order.can(command({ type: 'sign' }), people.handler, tD + 97 * hour)?.code).toBe('NotYourOrder');
    expect(order.can(command({ type: 'sign' }), people.fallbackMember, tD + 97 * hour)).toBeUndefined();
  });

  it('once with the fallback organisation, a later escalated step only records (no second reassignment)', () => {
    const order = dispatched({ policy: reassigning() });
    order.tick(tD + 96 * hour);
    order.drainEvents();
    order.tick(tD + 192 * hour);
    const events = order.drainEvents();
    expect(events.map((e) => [e.type, e.details['clock'], e.at])).toEqual([
      ['order.warning', 'sign', tD + 114 * hour],
      ['order.overdue', 'sign', tD + 120 * hour],
      ['order.reminded', 'sign', tD + 120 * hour],
      ['order.warning', 'resolve', tD + 126 * hour],
      ['order.supervised', 'sign', tD + 144 * hour],
      ['order.overdue', 'resolve', tD + 168 * hour],
      ['order.reminded', 'resolve', tD + 168 * hour],
      // a tie: the clock that has run longer (resolve) goes first
      ['order.supervised', 'resolve', tD + 192 * hour],
      ['order.escalated', 'sign', tD + 192 * hour],
    ]);
    expect(events.at(-1)?.details).not.toHaveProperty('reassignedTo');
    expect(order.view(tD + 192 * hour).handler).toEqual(handlers.fallback);
    expect(order.status).toBe('dispatched');
  });

  it('the escalated step of the resolve clock takes an in-progress order back to dispatched with the fallback', () => {
    const order = inProgress({ policy: reassigning() });
    const resolveDue = tD + 7 * day;
    order.tick(resolveDue + 3 * day - 1);
    expect(order.drainEvents().map((e) => e.type)).toEqual(['order.warning', 'order.overdue', 'order.reminded', 'order.supervised']);
    expect(order.status).toBe('in_progress');
    order.tick(resolveDue + 3 * day);
    const events = order.drainEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'order.escalated',
      at: resolveDue + 3 * day,
      details: { clock: 'resolve', level: 'next_organisation', reassignedTo: handlers.fallback },
    });
    expect(order.status).toBe('dispatched');
    expect(order.view(resolveDue + 3 * day).handler).toEqual(handlers.fallback);
    expect(clockView(order, 'sign', resolveDue + 3 * day)?.dueAt).toBe(isoOf(resolveDue + 4 * day));
  });
});

describe('view levels', () => {
  it('each clock shows its level and escalationLevel is the highest', () => {
    const order = dispatched();
    const levels = (now: number) => {
      const view = order.view(now);
      return [view.escalationLevel, view.clocks.map((c) => `${c.name}:${c.level}`)];
    };
    order.tick(tD + 30 * hour);
    expect(levels(tD + 30 * hour)).toEqual(['reminded', ['sign:reminded', 'resolve:none']]);
    order.tick(tD + 126 * hour);
    expect(levels(tD + 126 * hour)).toEqual(['escalated', ['sign:escalated', 'resolve:warning']]);
    // signing late stops the sign clock: the highest level is now the resolve clock's
    order.apply(command({ type: 'sign' }), people.handler, tD + 127 * hour);
    expect(levels(tD + 127 * hour)).toEqual(['warning', ['resolve:warning', 'contact:none']]);
  });
});
