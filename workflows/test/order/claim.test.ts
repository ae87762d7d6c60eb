import {
  at,
  chainWithoutGridMember,
  claimChain,
  clockView,
  command,
  day,
  expectAllowed,
  expectRefused,
  handlers,
  hour,
  isoOf,
  openForClaim,
  people,
  system,
} from './builders';

const tC = at.dispatch;
const claim = command({ type: 'claim' });

describe('claim fallback chain: all members → grid member → social organisations → fallback organisation', () => {
  it('stage 0 is open to every member and to no other role', () => {
    const order = openForClaim();
    expectAllowed(order, claim, people.colleague, tC + hour);
    expectAllowed(order, claim, people.stranger, tC + hour);
    expectRefused(order, claim, people.volunteerA, tC + hour, 'NotAllowed');
    expectRefused(order, claim, people.dispatcher, tC + hour, 'NotAllowed');
    expectRefused(order, claim, people.resident, tC + hour, 'NotAllowed');
  });

  it('when the window ends the order is offered to the grid member only', () => {
    const order = openForClaim();
    expect(order.nextWakeUpAt()).toBe(tC + 72 * hour);
    order.tick(tC + 72 * hour - 1);
    expect(order.drainEvents()).toEqual([]);
    order.tick(tC + 72 * hour);
    expect(order.drainEvents()).toEqual([
      {
        sequence: 4,
        type: 'order.claim_fell_back',
        actor: system,
        at: tC + 72 * hour,
        details: { stage: 1, offeredTo: [handlers.gridMember] },
      },
    ]);
    expect(order.status).toBe('open_for_claim');
    const now = tC + 72 * hour;
    expect(order.view(now).claim).toEqual({ stage: 1, offeredTo: [handlers.gridMember], openToAll: false });
    expect(clockView(order, 'claim', now)).toEqual({ name: 'claim', dueAt: isoOf(tC + 144 * hour), level: 'none' });
    expect(order.timeline().at(-1)?.summary).toBe('认领超时，转交下一级：「郭网格长」');

    // others are refused
    expectRefused(order, claim, people.colleague, now + hour, 'NotYourOrder');
    expectRefused(order, claim, people.handler, now + hour, 'NotYourOrder');
    expectRefused(order, claim, people.volunteerA, now + hour, 'NotAllowed');
    expectRefused(order, claim, people.dispatcher, now + hour, 'NotAllowed');

    // the grid member claims: signed, handler = the grid member, signed by them
    order.apply(claim, people.gridMember, now + hour);
    expect(order.status).toBe('signed');
    const handler = { ...handlers.gridMember, signedBy: people.gridMember };
    expect(order.drainEvents()).toEqual([
      { sequence: 5, type: 'order.claimed', actor: people.gridMember, at: now + hour, details: { stage: 1, handler } },
    ]);
    expect(order.view(now + hour).handler).toEqual(handler);
    expect(order.view(now + hour).claim).toBeUndefined();
    expect(order.view(now + hour).clocks.map((c) => [c.name, c.dueAt])).toEqual([
      ['resolve', isoOf(tC + 7 * day)],
      ['contact', isoOf(now + hour + 48 * hour)],
    ]);
  });

  it('then to the social organisations: a social_org actor matching by organisationId or by id may claim', () => {
    const order = openForClaim();
    order.tick(tC + 144 * hour);
    const events = order.drainEvents();
    expect(events.map((e) => [e.type, e.at])).toEqual([
      ['order.claim_fell_back', tC + 72 * hour],
      ['order.warning', tC + 126 * hour],
      ['order.claim_fell_back', tC + 144 * hour],
    ]);
    expect(events[2]?.details).toEqual({ stage: 2, offeredTo: [handlers.socialA, handlers.socialB] });
    const now = tC + 144 * hour;
    expect(order.view(now).claim).toEqual({ stage: 2, offeredTo: [handlers.socialA, handlers.socialB], openToAll: false });

    expectRefused(order, claim, people.gridMember, now, 'NotAllowed');
    expectRefused(order, claim, people.colleague, now, 'NotAllowed');
    expectRefused(order, claim, people.volunteerX, now, 'NotYourOrder');
    expectAllowed(order, claim, people.volunteerA, now);
    expectAllowed(order, claim, people.socialOrgB, now);

    order.apply(claim, people.volunteerA, now + hour);
    expect(order.status).toBe('signed');
    const handler = { ...handlers.socialA, signedBy: people.volunteerA };
    expect(order.drainEvents()).toEqual([
      { sequence: 7, type: 'order.claimed', actor: people.volunteerA, at: now + hour, details: { stage: 2, handler } },
    ]);
    expect(order.view(now + hour).handler).toEqual(handler);
    // the volunteer works it for the organisation
    order.apply(command({ type: 'contact', method: 'visit' }), people.volunteerA, now + 2 * hour);
    expect(order.status).toBe('in_progress');
  });

  it('a social organisation acting under its own id claims as itself', () => {
    const order = openForClaim();
    order.tick(tC + 144 * hour);
    order.drainEvents();
    order.apply(claim, people.socialOrgB, tC + 145 * hour);
    expect(order.view(tC + 145 * hour).handler).toEqual({ ...handlers.socialB, signedBy: people.socialOrgB });
  });

  it('finally dispatched to the fallback organisation (stage 3), with a fresh sign clock', () => {
    const order = openForClaim();
    order.tick(tC + 216 * hour - 1);
    expect(order.status).toBe('open_for_claim');
    order.drainEvents();
    order.tick(tC + 216 * hour);
    const now = tC + 216 * hour;
    expect(order.drainEvents()).toEqual([
      {
        sequence: 10,
        type: 'order.claim_fell_back',
        actor: system,
        at: now,
        details: { stage: 3, offeredTo: [handlers.fallback] },
      },
    ]);
    expect(order.status).toBe('dispatched');
    const view = order.view(now);
    expect(view.handler).toEqual(handlers.fallback);
    expect(view.claim).toBeUndefined();
    expect(view.clocks.map((c) => [c.name, c.dueAt])).toEqual([
      ['resolve', isoOf(tC + 7 * day)],
      ['sign', isoOf(now + 24 * hour)],
    ]);
    expect(order.can(claim, people.volunteerA, now)?.code).toBe('WrongState');
    expect(order.can(command({ type: 'sign' }), people.fallbackMember, now)).toBeUndefined();
  });

  it('skips an absent grid member: stage 0 → stage 2 → fallback', () => {
    const order = openForClaim({ chain: chainWithoutGridMember() });
    order.tick(tC + 72 * hour);
    expect(order.drainEvents()).toEqual([
      {
        sequence: 4,
        type: 'order.claim_fell_back',
        actor: system,
        at: tC + 72 * hour,
        details: { stage: 2, offeredTo: [handlers.socialA, handlers.socialB] },
      },
    ]);
    expect(order.view(tC + 72 * hour).claim?.stage).toBe(2);
    order.tick(tC + 144 * hour);
    const events = order.drainEvents().filter((e) => e.type === 'order.claim_fell_back');
    expect(events.map((e) => [e.at, e.details['stage']])).toEqual([[tC + 144 * hour, 3]]);
    expect(order.status).toBe('dispatched');
    expect(order.view(tC + 144 * hour).handler).toEqual(handlers.fallback);
  });

  it('skips absent social organisations: stage 1 → fallback', () => {
    const order = openForClaim({ chain: claimChain({ socialOrgs: [] }) });
    order.tick(tC + 72 * hour);
    expect(order.drainEvents().map((e) => e.details['stage'])).toEqual([1]);
    order.tick(tC + 144 * hour);
    const fellBack = order.drainEvents().filter((e) => e.type === 'order.claim_fell_back');
    expect(fellBack).toEqual([
      expect.objectContaining({ at: tC + 144 * hour, details: { stage: 3, offeredTo: [handlers.fallback] } }),
    ]);
    expect(order.status).toBe('dispatched');
  });

  it('with neither a grid member nor social organisations the first window end dispatches to the fallback', () => {
    const order = openForClaim({ chain: chainWithoutGridMember({ socialOrgs: [] }) });
    order.tick(tC + 72 * hour);
    expect(order.drainEvents()).toEqual([
      expect.objectContaining({ type: 'order.claim_fell_back', at: tC + 72 * hour, details: { stage: 3, offeredTo: [handlers.fallback] } }),
    ]);
    expect(order.status).toBe('dispatched');
    expect(order.view(tC + 72 * hour).handler).toEqual(handlers.fallback);
  });

  it('two claims: the second is refused WrongState', () => {
    const order = openForClaim();
    order.apply(claim, people.colleague, tC + hour);
    expectRefused(order, claim, people.stranger, tC + 2 * hour, 'WrongState');
    expectRefused(order, claim, people.colleague, tC + 2 * hour, 'WrongState');
    expect(order.view(tC + 2 * hour).handler?.id).toBe(people.colleague.id);
  });

  it('a claim at the very instant the window ends (before the tick) is refused DeadlinePassed', () => {
    const order = openForClaim();
    expectRefused(order, claim, people.colleague, tC + 72 * hour, 'DeadlinePassed');
    expectAllowed(order, claim, people.colleague, tC + 72 * hour - 1);
  });

  it('a dispatcher may reassign instead of waiting out the chain', () => {
    const order = openForClaim();
    order.tick(tC + 72 * hour);
    order.apply(command({ type: 'reassign', target: handlers.colleague, reason: '直接指派' }), people.dispatcher, tC + 73 * hour);
    expect(order.status).toBe('dispatched');
    order.drainEvents();
    order.tick(tC + 144 * hour);
    expect(order.drainEvents().some((e) => e.type === 'order.claim_fell_back')).toBe(false);
  });
});
