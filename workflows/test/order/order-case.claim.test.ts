import type { ClaimChain, OrderCase } from '../../src/order/order-case';
import { actors, clockOf, cmd, day, drainedTypes, expectRefused, fullChain, hour, iso, openOrder, t0, tAccept, targets, tDispatch } from './fixtures';

const window = 72 * hour;

function openForClaim(chain: ClaimChain = fullChain): OrderCase {
  const order = openOrder({ intake: { kind: 'wish', category: '学习用品', title: '想要一套课外读物', description: '留守儿童，想要课外书' }, chain });
  order.apply(cmd({ type: 'accept' }), actors.dispatcher, tAccept);
  order.apply(cmd({ type: 'openForClaim', note: '欢迎党员认领' }), actors.dispatcher, tDispatch);
  order.drainEvents();
  return order;
}

describe('open for claim', () => {
  it('opens to every member with a claim clock and the resolve clock', () => {
    const order = openForClaim();
    expect(order.status).toBe('open_for_claim');
    const view = order.view(tDispatch);
    expect(view.claim).toEqual({ stage: 0, offeredTo: [], openToAll: true });
    expect(view.clocks).toEqual([
      { name: 'claim', dueAt: iso(tDispatch + window), level: 'none' },
      { name: 'resolve', dueAt: iso(tDispatch + 7 * day), level: 'none' },
    ]);
    expect(order.timeline().at(-1)).toMatchObject({ type: 'order.opened_for_claim', details: { note: '欢迎党员认领', stage: 0 } });
  });

  it('is a dispatcher\'s choice for any order kind', () => {
    const order = openOrder();
    order.apply(cmd({ type: 'accept' }), actors.dispatcher, tAccept);
    expect(order.can(cmd({ type: 'openForClaim' }), actors.dispatcher, tDispatch)).toBeUndefined();
    expect(order.can(cmd({ type: 'dispatch', target: targets.member }), actors.dispatcher, tDispatch)).toBeUndefined();
  });

  it('lets one member claim: claimed means signed, with the contact clock running', () => {
    const order = openForClaim();
    const at = tDispatch + hour;
    order.apply(cmd({ type: 'claim' }), actors.member, at);
    expect(order.status).toBe('signed');
    const view = order.view(at);
    expect(view.handler).toEqual({ kind: 'member', id: 'm-1', name: '李明', organisationId: 'org-village', signedBy: actors.member });
    expect(view.claim).toBeUndefined();
    expect(view.clocks).toEqual([
      { name: 'resolve', dueAt: iso(tDispatch + 7 * day), level: 'none' },
      { name: 'contact', dueAt: iso(at + 48 * hour), level: 'none' },
    ]);
    expect(order.drainEvents()).toEqual([
      expect.objectContaining({ sequence: 4, type: 'order.claimed', actor: actors.member, details: { stage: 0, handler: view.handler } }),
    ]);
    order.apply(cmd({ type: 'contact', method: 'phone' }), actors.member, at + hour);
    expect(order.status).toBe('in_progress');
  });

  it('refuses the second of two concurrent claims with WrongState', () => {
    const order = openForClaim();
    const at = tDispatch + hour;
    expect(order.can(cmd({ type: 'claim' }), actors.member, at)).toBeUndefined();
    expect(order.can(cmd({ type: 'claim' }), actors.otherMember, at)).toBeUndefined();
    order.apply(cmd({ type: 'claim' }), actors.member, at);
    const message = expectRefused(order, cmd({ type: 'claim' }), actors.otherMember, at, 'WrongState');
    expect(message).toBe('工单当前状态为「已签收」，不能认领');
    expect(order.view(at).handler?.id).toBe('m-1');
    expect(drainedTypes(order)).toEqual(['order.claimed']);
  });

  it('refuses non-members at the open stage', () => {
    const order = openForClaim();
    expectRefused(order, cmd({ type: 'claim' }), actors.socialOrgUser, tDispatch + hour, 'NotAllowed');
    expectRefused(order, cmd({ type: 'claim' }), actors.dispatcher, tDispatch + hour, 'NotAllowed');
  });

  it('refuses a claim at the very instant the window closes, even before the tick', () => {
    const order = openForClaim();
    expectRefused(order, cmd({ type: 'claim' }), actors.member, tDispatch + window, 'DeadlinePassed');
  });
});

describe('the claim fallback chain', () => {
  it('offers to the grid member, then the social organisations, then dispatches to the fallback organisation', () => {
    const order = openForClaim();
    expect(order.nextWakeUpAt()).toBe(tDispatch + window);

    order.tick(tDispatch + window);
    expect(order.drainEvents()).toEqual([
      expect.objectContaining({
        type: 'order.claim_fell_back',
        at: tDispatch + window,
        actor: expect.objectContaining({ role: 'system' }),
        details: { stage: 1, offeredTo: [targets.gridMember] },
      }),
    ]);
    expect(order.status).toBe('open_for_claim');
    expect(order.view(tDispatch + window).claim).toEqual({ stage: 1, offeredTo: [targets.gridMember], openToAll: false });
    expect(clockOf(order, 'claim', tDispatch + window)?.dueAt).toBe(iso(tDispatch + 2 * window));
    expect(order.timeline().at(-1)?.summary).toBe('认领超时，转交下一级：「吴网格」');

    order.tick(tDispatch + 2 * window);
    // the resolve warning (+126 h) falls between the two fallbacks
    expect(order.drainEvents().map((e) => [e.type, e.at - tDispatch, e.details['stage']])).toEqual([
      ['order.warning', 126 * hour, undefined],
      ['order.claim_fell_back', 2 * window, 2],
    ]);
    expect(order.view(tDispatch + 2 * window).claim).toEqual({ stage: 2, offeredTo: [targets.socialOrg, targets.socialOrg2], openToAll: false });

    order.tick(tDispatch + 3 * window);
    const last = order.drainEvents();
    expect(last.map((e) => e.type)).toEqual(['order.overdue', 'order.reminded', 'order.supervised', 'order.claim_fell_back']);
    expect(last.at(-1)?.details).toEqual({ stage: 3, offeredTo: [targets.fallback] });
    expect(order.status).toBe('dispatched');
    const view = order.view(tDispatch + 3 * window);
    expect(view.handler).toEqual(targets.fallback);
    expect(view.claim).toBeUndefined();
    expect(view.clocks.map((c) => [c.name, c.dueAt])).toEqual([
      ['resolve', iso(tDispatch + 7 * day)],
      ['sign', iso(tDispatch + 3 * window + 24 * hour)],
    ]);
    order.apply(cmd({ type: 'sign' }), actors.fallbackUser, tDispatch + 3 * window + hour);
    expect(order.status).toBe('signed');
  });

  it('fires the whole chain in time order in a single tick', () => {
    const order = openForClaim();
    order.tick(tDispatch + 3 * window);
    expect(order.drainEvents().map((e) => [e.type, (e.at - tDispatch) / hour])).toEqual([
      ['order.claim_fell_back', 72],
      ['order.warning', 126],
      ['order.claim_fell_back', 144],
      ['order.overdue', 168],
      ['order.reminded', 168],
      ['order.supervised', 192],
      ['order.claim_fell_back', 216],
    ]);
  });

  it('lets only the grid member claim at stage 1', () => {
    const order = openForClaim();
    order.tick(tDispatch + window);
    const at = tDispatch + window + hour;
    expectRefused(order, cmd({ type: 'claim' }), actors.member, at, 'NotYourOrder');
    expectRefused(order, cmd({ type: 'claim' }), actors.socialOrgUser, at, 'NotAllowed');
    order.apply(cmd({ type: 'claim' }), actors.gridMember, at);
    expect(order.view(at).handler).toEqual({ ...targets.gridMember, signedBy: actors.gridMember });
  });

  it('lets only the offered social organisations claim at stage 2', () => {
    const order = openForClaim();
    order.tick(tDispatch + 2 * window);
    const at = tDispatch + 2 * window + hour;
    expectRefused(order, cmd({ type: 'claim' }), actors.gridMember, at, 'NotAllowed');
    expectRefused(order, cmd({ type: 'claim' }), { id: 'so-x', role: 'social_org', organisationId: 'so-9' }, at, 'NotYourOrder');
    order.apply(cmd({ type: 'claim' }), actors.socialOrgUser, at);
    expect(order.status).toBe('signed');
    expect(order.view(at).handler).toEqual({ ...targets.socialOrg, signedBy: actors.socialOrgUser });
    order.apply(cmd({ type: 'contact', method: 'visit' }), actors.socialOrgUser, at + hour);
    expect(order.status).toBe('in_progress');
  });

  it('skips the grid member when the grid has none', () => {
    const order = openForClaim({ socialOrgs: [targets.socialOrg], fallbackOrganisation: targets.fallback });
    order.tick(tDispatch + window);
    expect(order.drainEvents()).toEqual([expect.objectContaining({ type: 'order.claim_fell_back', details: { stage: 2, offeredTo: [targets.socialOrg] } })]);
  });

  it('skips the social stage when no social organisation serves the area', () => {
    const order = openForClaim({ gridMember: targets.gridMember, socialOrgs: [], fallbackOrganisation: targets.fallback });
    order.tick(tDispatch + 2 * window);
    expect(order.drainEvents().filter((e) => e.type === 'order.claim_fell_back').map((e) => e.details)).toEqual([
      { stage: 1, offeredTo: [targets.gridMember] },
      { stage: 3, offeredTo: [targets.fallback] },
    ]);
    expect(order.status).toBe('dispatched');
  });

  it('goes straight to the fallback organisation when the chain is empty', () => {
    const order = openForClaim({ socialOrgs: [], fallbackOrganisation: targets.fallback });
    order.tick(tDispatch + window);
    expect(order.drainEvents()).toEqual([expect.objectContaining({ type: 'order.claim_fell_back', details: { stage: 3, offeredTo: [targets.fallback] } })]);
    expect(order.status).toBe('dispatched');
    expect(order.view(tDispatch + window).handler).toEqual(targets.fallback);
  });

  it('lets a dispatcher reassign an unclaimed order instead of waiting out the chain', () => {
    const order = openForClaim();
    order.apply(cmd({ type: 'reassign', target: targets.member, reason: '直接指派' }), actors.dispatcher, tDispatch + day);
    expect(order.status).toBe('dispatched');
    expect(order.view(tDispatch + day).claim).toBeUndefined();
    expect(clockOf(order, 'claim', tDispatch + day)).toBeUndefined();
  });

  it('lets the resident cancel an unclaimed wish, stopping the chain', () => {
    const order = openForClaim();
    order.apply(cmd({ type: 'cancel', reason: '已有亲属帮忙' }), actors.resident, t0 + day);
    expect(order.nextWakeUpAt()).toBeUndefined();
    order.tick(tDispatch + 10 * window);
    expect(drainedTypes(order)).toEqual(['order.cancelled']);
  });
});
