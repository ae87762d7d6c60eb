import type { Actor, OrderCommand } from '@lianxin/contracts/order';
import { OrderRefused, type OrderCase } from '../../src/order/order-case';
import {
  actors,
  cmd,
  day,
  dispatchedOrder,
  expectRefused,
  hour,
  inProgressOrder,
  iso,
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

type Case = [name: string, make: () => OrderCase, command: OrderCommand, actor: Actor, at: number, code: string];

const accepted = () => {
  const order = openOrder();
  order.apply(cmd({ type: 'accept' }), actors.dispatcher, tAccept);
  return order;
};
const signed = () => {
  const order = dispatchedOrder();
  order.apply(cmd({ type: 'sign' }), actors.member, tSign);
  return order;
};
const paused = () => {
  const order = inProgressOrder();
  order.apply(cmd({ type: 'pause', reason: '等待群众提供材料' }), actors.member, tContact + hour);
  return order;
};

const cases: Case[] = [
  // roles → NotAllowed
  ['a member cannot accept', openOrder, cmd({ type: 'accept' }), actors.member, tAccept, 'NotAllowed'],
  ['a supervisor cannot accept', openOrder, cmd({ type: 'accept' }), actors.supervisor, tAccept, 'NotAllowed'],
  ['a resident cannot reject', openOrder, cmd({ type: 'reject', reason: '无' }), actors.resident, tAccept, 'NotAllowed'],
  ['a member cannot merge', openOrder, cmd({ type: 'merge', intoOrderId: 'LX-2' }), actors.member, tAccept, 'NotAllowed'],
  ['an agent cannot dispatch', accepted, cmd({ type: 'dispatch', target: targets.member }), actors.agent, tDispatch, 'NotAllowed'],
  ['a member cannot open for claim', accepted, cmd({ type: 'openForClaim' }), actors.member, tDispatch, 'NotAllowed'],
  ['a member cannot reassign', inProgressOrder, cmd({ type: 'reassign', target: targets.otherMember, reason: '换' }), actors.member, tContact, 'NotAllowed'],
  ['a resident cannot remind', inProgressOrder, cmd({ type: 'remind' }), actors.resident, tContact, 'NotAllowed'],
  ['a member cannot cancel', inProgressOrder, cmd({ type: 'cancel', reason: '不想办' }), actors.member, tContact, 'NotAllowed'],
  ['a dispatcher cannot cancel', inProgressOrder, cmd({ type: 'cancel', reason: '不办了' }), actors.dispatcher, tContact, 'NotAllowed'],
  ['a member cannot check back', resolvedOrder, cmd({ type: 'checkBack', rating: 'satisfied' }), actors.member, tResolve + hour, 'NotAllowed'],
  ['a member cannot decide an extension', inProgressOrder, cmd({ type: 'decideExtension', approve: true }), actors.member, tContact, 'NotAllowed'],
  ['a grid worker cannot claim', accepted, cmd({ type: 'claim' }), actors.gridWorker, tDispatch, 'WrongState'],
  // status → WrongState
  ['dispatch before accept', openOrder, cmd({ type: 'dispatch', target: targets.member }), actors.dispatcher, tAccept, 'WrongState'],
  ['dispatch twice', dispatchedOrder, cmd({ type: 'dispatch', target: targets.otherMember }), actors.dispatcher, tSign, 'WrongState'],
  ['accept twice', accepted, cmd({ type: 'accept' }), actors.dispatcher, tDispatch, 'WrongState'],
  ['sign twice', signed, cmd({ type: 'sign' }), actors.member, tSign + hour, 'WrongState'],
  ['contact before sign', dispatchedOrder, cmd({ type: 'contact', method: 'phone' }), actors.member, tSign, 'WrongState'],
  ['resolve before contact', signed, cmd({ type: 'resolve', summary: '好了' }), actors.member, tSign + hour, 'WrongState'],
  ['diary entry before sign', dispatchedOrder, cmd({ type: 'addDiaryEntry', text: '记' }), actors.member, tSign, 'WrongState'],
  ['diary entry while paused', paused, cmd({ type: 'addDiaryEntry', text: '记' }), actors.member, tContact + 2 * hour, 'WrongState'],
  ['claim an order dispatched directly', dispatchedOrder, cmd({ type: 'claim' }), actors.member, tSign, 'WrongState'],
  ['check back before resolution', inProgressOrder, cmd({ type: 'checkBack', rating: 'satisfied' }), actors.resident, tContact, 'WrongState'],
  ['remind a received order', openOrder, cmd({ type: 'remind' }), actors.dispatcher, tAccept, 'WrongState'],
  ['resume an order that is not paused', inProgressOrder, cmd({ type: 'resume' }), actors.member, tContact, 'WrongState'],
  ['pause twice', paused, cmd({ type: 'pause', reason: '再挂' }), actors.member, tContact + 2 * hour, 'WrongState'],
  ['cancel after resolution', resolvedOrder, cmd({ type: 'cancel', reason: '算了' }), actors.resident, tResolve + hour, 'WrongState'],
  ['reassign a received order', openOrder, cmd({ type: 'reassign', target: targets.member, reason: '派' }), actors.dispatcher, tAccept, 'WrongState'],
  ['decide without a pending extension', inProgressOrder, cmd({ type: 'decideExtension', approve: true }), actors.dispatcher, tContact, 'WrongState'],
  ['supervisor decides an order not awaiting one', resolvedOrder, cmd({ type: 'supervisorDecide', decision: 'close', note: '结' }), actors.supervisor, tResolve, 'WrongState'],
  // handler → NotYourOrder
  ['another member signs', dispatchedOrder, cmd({ type: 'sign' }), actors.otherMember, tSign, 'NotYourOrder'],
  ['a dispatcher signs', dispatchedOrder, cmd({ type: 'sign' }), actors.dispatcher, tSign, 'NotYourOrder'],
  ['another member contacts', signed, cmd({ type: 'contact', method: 'phone' }), actors.otherMember, tContact, 'NotYourOrder'],
  ['another member resolves', inProgressOrder, cmd({ type: 'resolve', summary: '好' }), actors.otherMember, tContact, 'NotYourOrder'],
  ['another member returns', dispatchedOrder, cmd({ type: 'return', reason: '不归我' }), actors.otherMember, tSign, 'NotYourOrder'],
  ['another member pauses', inProgressOrder, cmd({ type: 'pause', reason: '等' }), actors.otherMember, tContact, 'NotYourOrder'],
  ['another member resumes', paused, cmd({ type: 'resume' }), actors.otherMember, tContact + 2 * hour, 'NotYourOrder'],
  ['another member explains', inProgressOrder, cmd({ type: 'explain', explanation: '无', committedDeadline: iso(t0 + 30 * day) }), actors.otherMember, tContact, 'NotYourOrder'],
  ['another member requests an extension', inProgressOrder, cmd({ type: 'requestExtension', until: iso(t0 + 30 * day), reason: '忙' }), actors.otherMember, tContact, 'NotYourOrder'],
  ['another member writes the diary', inProgressOrder, cmd({ type: 'addDiaryEntry', text: '记' }), actors.otherMember, tContact, 'NotYourOrder'],
  // arguments → BadArguments
  ['merge into itself', openOrder, cmd({ type: 'merge', intoOrderId: 'LX-0001' }), actors.agent, tAccept, 'BadArguments'],
  ['co-handler equal to the lead', accepted, cmd({ type: 'dispatch', target: targets.member, coHandlers: [targets.member] }), actors.dispatcher, tDispatch, 'BadArguments'],
  ['extension not beyond the deadline', inProgressOrder, cmd({ type: 'requestExtension', until: iso(tDispatch + 7 * day), reason: '忙' }), actors.member, tContact, 'BadArguments'],
];

describe('refused commands change nothing', () => {
  it.each(cases)('%s → %s', (_name, make, command, actor, at, code) => {
    expectRefused(make(), command, actor, at, code);
  });
});

describe('refusal messages', () => {
  it('names the current status in Chinese', () => {
    const order = signed();
    expect(order.can(cmd({ type: 'sign' }), actors.member, tSign + hour)).toEqual({ code: 'WrongState', message: '工单当前状态为「已签收」，不能签收' });
  });

  it('names the role in Chinese', () => {
    expect(openOrder().can(cmd({ type: 'accept' }), actors.member, tAccept)).toEqual({ code: 'NotAllowed', message: '党员无权受理' });
  });

  it('throws an OrderRefused carrying the refusal', () => {
    const order = signed();
    expect(() => order.apply(cmd({ type: 'sign' }), actors.member, tSign + hour)).toThrow(OrderRefused);
    expect(() => order.apply(cmd({ type: 'sign' }), actors.member, tSign + hour)).toThrow('工单当前状态为「已签收」，不能签收');
  });

  it('checks role before status', () => {
    expect(resolvedOrder().can(cmd({ type: 'dispatch', target: targets.member }), actors.member, tResolve)?.code).toBe('NotAllowed');
  });

  it('answers can() without recording anything', () => {
    const order = dispatchedOrder();
    const before = order.snapshot();
    expect(order.can(cmd({ type: 'sign' }), actors.member, tSign)).toBeUndefined();
    expect(order.snapshot()).toEqual(before);
  });
});
