import { at, hour, day, isoOf, people, handlers, system, wish, command, claimChain, chainWithoutGridMember } from './builders';
import { accepted, clockDues, clockView, event, expectAllowed, expectNextStepAt, expectRefused, openForClaim, summaries, typesOf } from './builders';

const tC = at.dispatch;
const window = 72 * hour;
const claim = command({ type: 'claim' });

describe('待认领 → 认领', () => {
  it('openForClaim → open_for_claim with a claim clock and the resolve clock; claim → signed with the claimer as handler', () => {
    const order = accepted({ intake: wish });
    order.drainEvents();
    order.apply(command({ type: 'openForClaim', note: '应领尽领' }), people.dispatcher, tC);
    expect(order.status).toBe('open_for_claim');
    expect(order.drainEvents()).toEqual([event(3, 'order.opened_for_claim', people.dispatcher, tC, { note: '应领尽领', stage: 0 })]);
    const view = order.view(tC);
    expect(view).toMatchObject({ statusLabel: '待认领', claim: { stage: 0, offeredTo: [], openToAll: true } });
    expect(view.handler).toBeUndefined();
    expect(view.clocks).toEqual([
      { name: 'claim', dueAt: isoOf(tC + window), level: 'none' },
      { name: 'resolve', dueAt: isoOf(tC + 7 * day), level: 'none' },
    ]);

    const claimAt = tC + 5 * hour;
    order.apply(claim, people.colleague, claimAt);
    expect(order.status).toBe('signed');
    const handler = { ...handlers.colleague, signedBy: people.colleague };
    expect(order.drainEvents()).toEqual([event(4, 'order.claimed', people.colleague, claimAt, { stage: 0, handler })]);
    const after = order.view(claimAt);
    expect(after.handler).toEqual(handler);
    expect(after.claim).toBeUndefined();
    expect(clockDues(order, claimAt)).toEqual([
      ['resolve', isoOf(tC + 7 * day)],
      ['contact', isoOf(claimAt + 48 * hour)],
    ]);
    // the claimer now works it like any handler
    order.apply(command({ type: 'contact', method: 'visit' }), people.colleague, claimAt + hour);
    expect(order.status).toBe('in_progress');
  });

  it("is a dispatcher's choice for any kind of order", () => {
    const order = accepted();
    expectAllowed(order, command({ type: 'openForClaim' }), people.dispatcher, tC);
    expectAllowed(order, command({ type: 'dispatch', target: handlers.handler }), people.dispatcher, tC);
  });

  it('stage 0 is open to every member and to no other role', () => {
    const order = openForClaim();
    expectAllowed(order, claim, people.colleague, tC + hour);
    expectAllowed(order, claim, people.stranger, tC + hour);
    expectRefused(order, claim, people.volunteerA, tC + hour, 'NotAllowed');
    expectRefused(order, claim, people.dispatcher, tC + hour, 'NotAllowed');
    expectRefused(order, claim, people.resident, tC + hour, 'NotAllowed');
  });

  it('two claims: the second is refused WrongState, naming the new status', () => {
    const order = openForClaim();
    order.apply(claim, people.colleague, tC + hour);
    expect(typesOf(order.drainEvents())).toEqual(['order.claimed']);
    const message = expectRefused(order, claim, people.stranger, tC + 2 * hour, 'WrongState');
    expect(message).toBe('工单当前状态为「已签收」，不能认领');
    expectRefused(order, claim, people.colleague, tC + 2 * hour, 'WrongState');
    expect(order.view(tC + 2 * hour).handler?.id).toBe(people.colleague.id);
  });

  it('a claim at the very instant the window ends (before the tick) is refused DeadlinePassed', () => {
    const order = openForClaim();
    expectRefused(order, claim, people.colleague, tC + window, 'DeadlinePassed');
    expectAllowed(order, claim, people.colleague, tC + window - 1);
  });
});

describe('claim fallback chain: all members → grid member → social organisations → fallback organisation', () => {
  it('when the window ends the order is offered to the grid member only', () => {
    const order = openForClaim();
    const now = tC + window;
    const fellBack = expectNextStepAt(order, now);
    expect(fellBack).toEqual([event(4, 'order.claim_fell_back', system, now, { stage: 1, offeredTo: [handlers.gridMember] })]);
    expect(order.status).toBe('open_for_claim');
    expect(order.view(now).claim).toEqual({ stage: 1, offeredTo: [handlers.gridMember], openToAll: false });
    expect(clockView(order, 'claim', now)).toEqual({ name: 'claim', dueAt: isoOf(tC + 2 * window), level: 'none' });
    expect(summaries(fellBack)).toEqual(['认领超时，转交下一级：「郭网格长」']);

    // others are refused
    expectRefused(order, claim, people.colleague, now + hour, 'NotYourOrder');
    expectRefused(order, claim, people.handler, now + hour, 'NotYourOrder');
    expectRefused(order, claim, people.volunteerA, now + hour, 'NotAllowed');
    expectRefused(order, claim, people.dispatcher, now + hour, 'NotAllowed');

    // the grid member claims: signed, handler = the grid member, signed by them
    order.apply(claim, people.gridMember, now + hour);
    expect(order.status).toBe('signed');
    const handler = { ...handlers.gridMember, signedBy: people.gridMember };
    expect(order.drainEvents()).toEqual([event(5, 'order.claimed', people.gridMember, now + hour, { stage: 1, handler })]);
    expect(order.view(now + hour)).toMatchObject({ handler });
    expect(order.view(now + hour).claim).toBeUndefined();
    expect(clockDues(order, now + hour)).toEqual([
      ['resolve', isoOf(tC + 7 * day)],
      ['contact', isoOf(now + hour + 48 * hour)],
    ]);
  });

  it('then to the social organisations: a social_org actor matching by organisationId or by id may claim', () => {
    const order = openForClaim();
    const now = tC + 2 * window;
    order.tick(now);
    const events = order.drainEvents();
    expect(events.map((e) => [e.type, e.at])).toEqual([
      ['order.claim_fell_back', tC + window],
      ['order.warning', tC + 126 * hour],
      ['order.claim_fell_back', now],
    ]);
    const offeredTo = [handlers.socialA, handlers.socialB];
    expect(events[2]?.details).toEqual({ stage: 2, offeredTo });
    expect(order.view(now).claim).toEqual({ stage: 2, offeredTo, openToAll: false });

    expectRefused(order, claim, people.gridMember, now, 'NotAllowed');
    expectRefused(order, claim, people.colleague, now, 'NotAllowed');
    expectRefused(order, claim, people.volunteerX, now, 'NotYourOrder');
    expectAllowed(order, claim, people.volunteerA, now);
    expectAllowed(order, claim, people.socialOrgB, now);

    order.apply(claim, people.volunteerA, now + hour);
    expect(order.status).toBe('signed');
    const handler = { ...handlers.socialA, signedBy: people.volunteerA };
    expect(order.drainEvents()).toEqual([event(7, 'order.claimed', people.volunteerA, now + hour, { stage: 2, handler })]);
    expect(order.view(now + hour).handler).toEqual(handler);
    // the volunteer works it for the organisation
    order.apply(command({ type: 'contact', method: 'visit' }), people.volunteerA, now + 2 * hour);
    expect(order.status).toBe('in_progress');
  });

  it('a social organisation acting under its own id claims as itself', () => {
    const order = openForClaim();
    order.tick(tC + 2 * window);
    order.apply(claim, people.socialOrgB, tC + 145 * hour);
    expect(order.view(tC + 145 * hour).handler).toEqual({ ...handlers.socialB, signedBy: people.socialOrgB });
  });

  it('finally dispatched to the fallback organisation (stage 3), with a fresh sign clock', () => {
    const order = openForClaim();
    const now = tC + 3 * window;
    order.tick(now - 1);
    expect(order.status).toBe('open_for_claim');
    order.drainEvents();
    order.tick(now);
    expect(order.drainEvents()).toEqual([event(10, 'order.claim_fell_back', system, now, { stage: 3, offeredTo: [handlers.fallback] })]);
    expect(order.status).toBe('dispatched');
    const view = order.view(now);
    expect(view.handler).toEqual(handlers.fallback);
    expect(view.claim).toBeUndefined();
    expect(clockDues(order, now)).toEqual([
      ['resolve', isoOf(tC + 7 * day)],
      ['sign', isoOf(now + 24 * hour)],
    ]);
    expect(order.can(claim, people.volunteerA, now)?.code).toBe('WrongState');
    order.apply(command({ type: 'sign' }), people.fallbackMember, now + hour);
    expect(order.status).toBe('signed');
  });

  it('one tick fires the whole chain and the resolve ladder between its steps, in time order', () => {
    const order = openForClaim();
    order.tick(tC + 3 * window);
    expect(order.drainEvents().map((e) => [e.type, (e.at - tC) / hour, e.details['stage']])).toEqual([
      ['order.claim_fell_back', 72, 1],
      ['order.warning', 126, undefined],
      ['order.claim_fell_back', 144, 2],
      ['order.overdue', 168, undefined],
      ['order.reminded', 168, undefined],
      ['order.supervised', 192, undefined],
      ['order.claim_fell_back', 216, 3],
    ]);
  });

  it('skips an absent grid member: stage 0 → stage 2 → fallback', () => {
    const order = openForClaim({ chain: chainWithoutGridMember() });
    order.tick(tC + window);
    const offeredTo = [handlers.socialA, handlers.socialB];
    expect(order.drainEvents()).toEqual([event(4, 'order.claim_fell_back', system, tC + window, { stage: 2, offeredTo })]);
    expect(order.view(tC + window).claim?.stage).toBe(2);
    order.tick(tC + 2 * window);
    const events = order.drainEvents().filter((e) => e.type === 'order.claim_fell_back');
    expect(events.map((e) => [e.at, e.details['stage']])).toEqual([[tC + 2 * window, 3]]);
    expect(order.status).toBe('dispatched');
    expect(order.view(tC + 2 * window).handler).toEqual(handlers.fallback);
  });

  it('skips absent social organisations: stage 1 → fallback', () => {
    const order = openForClaim({ chain: claimChain({ socialOrgs: [] }) });
    order.tick(tC + window);
    expect(order.drainEvents().map((e) => e.details['stage'])).toEqual([1]);
    order.tick(tC + 2 * window);
    const fellBack = order.drainEvents().filter((e) => e.type === 'order.claim_fell_back');
    expect(fellBack).toEqual([expect.objectContaining({ at: tC + 2 * window, details: { stage: 3, offeredTo: [handlers.fallback] } })]);
    expect(order.status).toBe('dispatched');
  });

  it('with neither a grid member nor social organisations the first window end dispatches to the fallback', () => {
    const order = openForClaim({ chain: chainWithoutGridMember({ socialOrgs: [] }) });
    order.tick(tC + window);
    expect(order.drainEvents()).toEqual([
      expect.objectContaining({ type: 'order.claim_fell_back', at: tC + window, details: { stage: 3, offeredTo: [handlers.fallback] } }),
    ]);
    expect(order.status).toBe('dispatched');
    expect(order.view(tC + window).handler).toEqual(handlers.fallback);
  });
});

describe('leaving the chain early', () => {
  it('reassign straight from open_for_claim ends the claim offer and its clock', () => {
    const order = openForClaim();
    order.apply(command({ type: 'reassign', target: handlers.handler, reason: '指定专人' }), people.dispatcher, tC + hour);
    expect(order.status).toBe('dispatched');
    const view = order.view(tC + hour);
    expect(view.claim).toBeUndefined();
    expect(view.clocks.map((c) => c.name)).toEqual(['resolve', 'sign']);
    expect(order.drainEvents()[0]?.details).toEqual({ target: handlers.handler, reason: '指定专人' });
  });

  it('a dispatcher may reassign after a fallback instead of waiting out the chain', () => {
    const order = openForClaim();
    order.tick(tC + window);
    order.apply(command({ type: 'reassign', target: handlers.colleague, reason: '直接指派' }), people.dispatcher, tC + 73 * hour);
    expect(order.status).toBe('dispatched');
    order.drainEvents();
    order.tick(tC + 2 * window);
    expect(order.drainEvents().some((e) => e.type === 'order.claim_fell_back')).toBe(false);
  });

  it('the resident may cancel an unclaimed wish, which stops the chain', () => {
    const order = openForClaim();
    order.apply(command({ type: 'cancel', reason: '已有亲属帮忙' }), people.resident, tC + day);
    expect(order.nextWakeUpAt()).toBeUndefined();
    order.tick(tC + 10 * window);
    expect(typesOf(order.drainEvents())).toEqual(['order.cancelled']);
  });
});
