import { firstReleaseRules, OrderCase, type OrderRules } from '../../src/order/order-case';
import { at, hour, day, isoOf, people, handlers, system, wish, command, policy } from './builders';
import { accepted, clockDues, event, expectAllowed, expectRefused, open, roundTrip, summaries, typesOf } from './builders';

/** What an order opened today runs under (order.workflow.ts decides it once per order with `patched`). */
const currentRules: OrderRules = { resolveClockFrom: 'acceptance', claimModeOnAcceptance: true };
/** An order opened after `resolve-clock-from-acceptance` but before `claim-mode-on-acceptance`: its rules lack the newer one. */
const beforeClaimMode: OrderRules = { resolveClockFrom: 'acceptance' };

describe('resolve-clock-from-acceptance', () => {
  it('first-release rules: no resolve clock at 受理; it starts at the first dispatch', () => {
    const order = accepted({ rules: firstReleaseRules });
    expect(order.view(at.accept).clocks).toEqual([]);
    order.apply(command({ type: 'dispatch', target: handlers.handler }), people.dispatcher, at.dispatch);
    expect(clockDues(order, at.dispatch)).toEqual([
      ['sign', isoOf(at.dispatch + 24 * hour)],
      ['resolve', isoOf(at.dispatch + 7 * day)],
    ]);
  });

  it('since the rule: the resolve clock starts at 受理 and a later dispatch keeps it', () => {
    const order = accepted({ rules: beforeClaimMode });
    const due = isoOf(at.accept + 7 * day);
    expect(clockDues(order, at.accept)).toEqual([['resolve', due]]);
    order.apply(command({ type: 'dispatch', target: handlers.handler }), people.dispatcher, at.dispatch + day);
    expect(clockDues(order, at.dispatch + day)).toEqual([
      ['resolve', due],
      ['sign', isoOf(at.dispatch + day + 24 * hour)],
    ]);
  });
});

describe('claim-mode-on-acceptance', () => {
  it("a wish (limits mode 'claim') opens for claiming as it is accepted: order.accepted, then order.opened_for_claim by the system", () => {
    const order = open({ intake: wish, rules: currentRules });
    const received = order.drainEvents();
    order.apply(command({ type: 'accept', note: '符合微心愿条件' }), people.dispatcher, at.accept);
    expect(order.status).toBe('open_for_claim');
    const accepted = order.drainEvents();
    expect(accepted).toEqual([
      event(2, 'order.accepted', people.dispatcher, at.accept, { note: '符合微心愿条件' }),
      event(3, 'order.opened_for_claim', system, at.accept, { reason: 'claim_mode', stage: 0 }),
    ]);
    expect(summaries([...received, ...accepted])).toEqual(['已点单', '已受理：符合微心愿条件', '待认领：按认领模式，受理后自动发布认领']);
    // the same state the dispatcher's openForClaim makes: stage 0, every member, a claim window from now
    const view = order.view(at.accept);
    expect(view).toMatchObject({ statusLabel: '待认领', claim: { stage: 0, offeredTo: [], openToAll: true }, sequence: 3, coHandlers: [] });
    expect(view.handler).toBeUndefined();
    expect(clockDues(order, at.accept)).toEqual([
      ['resolve', isoOf(at.accept + 7 * day)],
      ['claim', isoOf(at.accept + 72 * hour)],
    ]);
    // nothing is left for the dispatcher to open; any member may claim it
    expectRefused(order, command({ type: 'openForClaim' }), people.dispatcher, at.dispatch, 'WrongState');
    expectAllowed(order, command({ type: 'claim' }), people.stranger, at.dispatch);
    order.apply(command({ type: 'claim' }), people.colleague, at.dispatch);
    expect(order.view(at.dispatch)).toMatchObject({ status: 'signed', handler: { ...handlers.colleague, signedBy: people.colleague } });
  });

  it('the claim window runs from 受理: 72 h later the chain falls back to the grid member', () => {
    const order = accepted({ intake: wish, rules: currentRules });
    order.drainEvents();
    expect(order.nextWakeUpAt()).toBe(at.accept + 72 * hour);
    order.tick(at.accept + 72 * hour);
    expect(order.drainEvents()).toEqual([
      event(4, 'order.claim_fell_back', system, at.accept + 72 * hour, { stage: 1, offeredTo: [handlers.gridMember] }),
    ]);
  });

  it.each([
    ['a wish (kind default)', wish, policy(), 'open_for_claim'],
    ['a concern (urgency row)', {}, policy(), 'accepted'],
    ['a concern whose urgency row says claim', {}, policy({ general: { mode: 'claim' } }), 'open_for_claim'],
    ['a wish whose category override says dispatch', wish, policy({ categoryOverrides: { 学习用品: { mode: 'dispatch' } } }), 'accepted'],
  ] as const)('follows the order’s own limits: %s → %s', (_what, intake, orderPolicy, status) => {
    const order = accepted({ intake, policy: orderPolicy, rules: currentRules });
    expect(order.status).toBe(status);
  });

  it('a dispatch-mode order waits for the dispatcher, who may dispatch it or open it for claiming', () => {
    const order = accepted({ rules: currentRules });
    expect(typesOf(order.drainEvents())).toEqual(['order.received', 'order.accepted']);
    expect(order.view(at.accept).claim).toBeUndefined();
    expect(order.view(at.accept).clocks.map((c) => c.name)).toEqual(['resolve']);
    expectAllowed(order, command({ type: 'dispatch', target: handlers.handler }), people.dispatcher, at.dispatch);
    order.apply(command({ type: 'openForClaim' }), people.dispatcher, at.dispatch);
    expect(order.drainEvents()).toEqual([event(3, 'order.opened_for_claim', people.dispatcher, at.dispatch, { stage: 0 })]);
  });

  it.each([
    ['first-release rules', firstReleaseRules],
    ['rules recorded before claim-mode-on-acceptance', beforeClaimMode],
    ['the rule switched off', { ...currentRules, claimModeOnAcceptance: false }],
  ] as const)('off (%s): a wish in claim mode stays accepted until a dispatcher opens it for claim', (_what, rules) => {
    const order = accepted({ intake: wish, rules });
    expect(order.status).toBe('accepted');
    expect(typesOf(order.drainEvents())).toEqual(['order.received', 'order.accepted']);
    expect(order.view(at.accept).claim).toBeUndefined();
    expect(order.view(at.accept).clocks.map((c) => c.name)).not.toContain('claim');
    order.apply(command({ type: 'openForClaim', note: '应领尽领' }), people.dispatcher, at.dispatch);
    expect(order.drainEvents()).toEqual([event(3, 'order.opened_for_claim', people.dispatcher, at.dispatch, { note: '应领尽领', stage: 0 })]);
  });
});

describe('rules live in the snapshot', () => {
  it('an order keeps the rules it was opened under across continue-as-new', () => {
    const order = open({ intake: wish, rules: currentRules });
    expect(order.snapshot().rules).toEqual(currentRules);
    const restored = roundTrip(order);
    restored.apply(command({ type: 'accept' }), people.dispatcher, at.accept);
    expect(restored.status).toBe('open_for_claim');
  });

  it('a snapshot without rules (from before they existed) runs under the first-release rules', () => {
    const { rules: _rules, ...legacy } = open({ intake: wish, rules: currentRules }).snapshot();
    const restored = OrderCase.fromSnapshot(legacy);
    restored.apply(command({ type: 'accept' }), people.dispatcher, at.accept);
    expect(restored.status).toBe('accepted');
    expect(restored.view(at.accept).clocks).toEqual([]);
    restored.apply(command({ type: 'dispatch', target: handlers.handler }), people.dispatcher, at.dispatch);
    expect(restored.view(at.dispatch).clocks.map((c) => c.name)).toEqual(['sign', 'resolve']);
  });
});
