import { orderCommandTypes, type Actor, type OrderCommand } from '@lianxin/contracts/order';
import type { OrderCase } from '../../src/order/order-case';
import { at, minute, hour, day, isoOf, people, handlers, command } from './builders';
import { accepted, andThen, dispatched, expectAllowed, expectRefused, inProgress, open, openForClaim, resolved, signed } from './builders';

const tD = at.dispatch;
const resolveDue = tD + 7 * day;
/** When the table's commands are given, unless a row says otherwise. */
const now = at.contact + hour;

const paused = andThen(inProgress, command({ type: 'pause', reason: '等待群众提供材料' }), people.handler, at.contact + 30 * minute);

function awaitingSupervisor(): OrderCase {
  const order = resolved();
  let when = at.resolve;
  for (let round = 0; round < 2; round += 1) {
    order.apply(command({ type: 'checkBack', rating: 'unsatisfied' }), people.resident, (when += hour));
    order.apply(command({ type: 'resolve', summary: '重办' }), people.handler, (when += hour));
  }
  order.apply(command({ type: 'checkBack', rating: 'unsatisfied' }), people.resident, (when += hour));
  expect(order.status).toBe('awaiting_supervisor');
  return order;
}

const rejected = andThen(open, command({ type: 'reject', reason: '重复来电' }), people.agent, at.accept);
const merged = andThen(open, command({ type: 'merge', intoOrderId: 'LX-2026-0510-042' }), people.agent, at.accept);
const closed = andThen(resolved, command({ type: 'checkBack', rating: 'satisfied' }), people.resident, at.resolve + hour);
const cancelled = andThen(inProgress, command({ type: 'cancel', reason: '不需要了' }), people.resident, at.contact + hour);

const extensionUntil = (until: number) => command({ type: 'requestExtension', until: isoOf(until), reason: '等配件' });
const explainBy = (committed: number) => command({ type: 'explain', explanation: '资金未到', committedDeadline: isoOf(committed) });
const reassignTo = (target: typeof handlers.handler) => command({ type: 'reassign', target, reason: '改派' });
const closeAsSupervisor = command({ type: 'supervisorDecide', decision: 'close', note: '销号' });
const satisfied = command({ type: 'checkBack', rating: 'satisfied' });

type Case = [title: string, build: () => OrderCase, command: OrderCommand, actor: Actor, code: string, when?: number];

/** Checked in this order: finished → role (NotAllowed) → status (WrongState) → handler (NotYourOrder) → arguments → deadlines. */
const cases: Case[] = [
  // 受理
  ['accept by a member', open, command({ type: 'accept' }), people.handler, 'NotAllowed'],
  ['accept by a resident', open, command({ type: 'accept' }), people.resident, 'NotAllowed'],
  ['accept by a supervisor', open, command({ type: 'accept' }), people.supervisor, 'NotAllowed'],
  ['accept twice', accepted, command({ type: 'accept' }), people.dispatcher, 'WrongState'],
  ['accept a dispatched order', dispatched, command({ type: 'accept' }), people.dispatcher, 'WrongState'],
  ['reject an accepted order', accepted, command({ type: 'reject', reason: '重复' }), people.dispatcher, 'WrongState'],
  ['reject by a grid worker', open, command({ type: 'reject', reason: '重复' }), people.gridWorker, 'NotAllowed'],
  ['merge by a member', open, command({ type: 'merge', intoOrderId: 'LX-1' }), people.handler, 'NotAllowed'],
  ['merge into itself', open, command({ type: 'merge', intoOrderId: 'LX-2026-0511-001' }), people.dispatcher, 'BadArguments'],
  ['merge a dispatched order', dispatched, command({ type: 'merge', intoOrderId: 'LX-1' }), people.dispatcher, 'WrongState'],
  // 派单 / 认领
  ['dispatch by an agent', accepted, command({ type: 'dispatch', target: handlers.handler }), people.agent, 'NotAllowed'],
  ['dispatch a received order', open, command({ type: 'dispatch', target: handlers.handler }), people.dispatcher, 'WrongState'],
  ['dispatch twice', dispatched, command({ type: 'dispatch', target: handlers.colleague }), people.dispatcher, 'WrongState'],
  ['dispatch with a co-handler equal to the target', accepted, command({ type: 'dispatch', target: handlers.handler, coHandlers: [handlers.handler] }), people.dispatcher, 'BadArguments'],
  ['dispatch with the same co-handler twice', accepted, command({ type: 'dispatch', target: handlers.handler, coHandlers: [handlers.coHandler, handlers.coHandler] }), people.dispatcher, 'BadArguments'],
  ['openForClaim a dispatched order', dispatched, command({ type: 'openForClaim' }), people.dispatcher, 'WrongState'],
  ['openForClaim by a member', accepted, command({ type: 'openForClaim' }), people.handler, 'NotAllowed'],
  ['claim a dispatched order', dispatched, command({ type: 'claim' }), people.colleague, 'WrongState'],
  ['claim by a dispatcher', openForClaim, command({ type: 'claim' }), people.dispatcher, 'NotAllowed'],
  // 签收 / 退单 / 联系
  ['sign by a colleague who is not the handler', dispatched, command({ type: 'sign' }), people.colleague, 'NotYourOrder'],
  ['sign by a stranger', dispatched, command({ type: 'sign' }), people.stranger, 'NotYourOrder'],
  ['sign by the dispatcher', dispatched, command({ type: 'sign' }), people.dispatcher, 'NotYourOrder'],
  ['sign twice', signed, command({ type: 'sign' }), people.handler, 'WrongState'],
  ['sign an accepted order', accepted, command({ type: 'sign' }), people.handler, 'WrongState'],
  ['return by a stranger', dispatched, command({ type: 'return', reason: '不归我管' }), people.stranger, 'NotYourOrder'],
  ['return an in-progress order', inProgress, command({ type: 'return', reason: '不归我管' }), people.handler, 'WrongState'],
  ['contact before signing', dispatched, command({ type: 'contact', method: 'phone' }), people.handler, 'WrongState'],
  ['contact by a stranger', signed, command({ type: 'contact', method: 'phone' }), people.stranger, 'NotYourOrder'],
  ['contact twice', inProgress, command({ type: 'contact', method: 'phone' }), people.handler, 'WrongState'],
  // 民情日记 / 办结 / 解释说明
  ['diary entry by a stranger', inProgress, command({ type: 'addDiaryEntry', text: '走访' }), people.stranger, 'NotYourOrder'],
  ['diary entry before signing', dispatched, command({ type: 'addDiaryEntry', text: '走访' }), people.handler, 'WrongState'],
  ['diary entry while paused', paused, command({ type: 'addDiaryEntry', text: '走访' }), people.handler, 'WrongState'],
  ['resolve a signed order (not contacted)', signed, command({ type: 'resolve', summary: '好了' }), people.handler, 'WrongState'],
  ['resolve by a colleague', inProgress, command({ type: 'resolve', summary: '好了' }), people.colleague, 'NotYourOrder'],
  ['resolve twice', resolved, command({ type: 'resolve', summary: '好了' }), people.handler, 'WrongState', at.resolve + hour],
  ['explain with a committed deadline in the past', inProgress, explainBy(now - hour), people.handler, 'BadArguments'],
  ['explain with a committed deadline equal to now', inProgress, explainBy(now), people.handler, 'BadArguments'],
  ['explain by a stranger', inProgress, explainBy(now + day), people.stranger, 'NotYourOrder'],
  // 延期
  ['extension until before the resolve deadline', inProgress, extensionUntil(resolveDue - hour), people.handler, 'BadArguments'],
  ['extension until exactly the resolve deadline', inProgress, extensionUntil(resolveDue), people.handler, 'BadArguments'],
  ['extension after the resolve deadline passed', inProgress, extensionUntil(resolveDue + 5 * day), people.handler, 'DeadlinePassed', resolveDue],
  ['extension by a stranger', inProgress, extensionUntil(resolveDue + 5 * day), people.stranger, 'NotYourOrder'],
  ['extension of a dispatched order', dispatched, extensionUntil(resolveDue + 5 * day), people.handler, 'WrongState'],
  ['decide an extension nobody asked for', inProgress, command({ type: 'decideExtension', approve: true }), people.dispatcher, 'WrongState'],
  ['decide an extension as a member', inProgress, command({ type: 'decideExtension', approve: true }), people.handler, 'NotAllowed'],
  // 挂起 / 恢复
  ['pause a dispatched order', dispatched, command({ type: 'pause', reason: '等待' }), people.handler, 'WrongState'],
  ['pause by a colleague', inProgress, command({ type: 'pause', reason: '等待' }), people.colleague, 'NotYourOrder'],
  ['pause twice', paused, command({ type: 'pause', reason: '再等等' }), people.handler, 'WrongState'],
  ['resume an order that is not paused', inProgress, command({ type: 'resume' }), people.handler, 'WrongState'],
  // 改派 / 催办 / 撤单
  ['reassign to the current handler', inProgress, reassignTo(handlers.handler), people.dispatcher, 'BadArguments'],
  ['reassign by a member', inProgress, reassignTo(handlers.colleague), people.handler, 'NotAllowed'],
  ['reassign a resolved order', resolved, reassignTo(handlers.colleague), people.dispatcher, 'WrongState', at.resolve + hour],
  ['reassign a received order', open, reassignTo(handlers.colleague), people.dispatcher, 'WrongState'],
  ['remind a received order', open, command({ type: 'remind' }), people.dispatcher, 'WrongState'],
  ['remind by a member', dispatched, command({ type: 'remind' }), people.colleague, 'NotAllowed'],
  ['cancel by a dispatcher', dispatched, command({ type: 'cancel', reason: '撤' }), people.dispatcher, 'NotAllowed'],
  ['cancel by the handler', inProgress, command({ type: 'cancel', reason: '撤' }), people.handler, 'NotAllowed'],
  ['cancel a resolved order', resolved, command({ type: 'cancel', reason: '撤' }), people.resident, 'WrongState', at.resolve + hour],
  ['cancel an order awaiting the supervisor', awaitingSupervisor, command({ type: 'cancel', reason: '撤' }), people.resident, 'WrongState', at.resolve + day],
  // 回访 / 督办
  ['check back by the handler', resolved, satisfied, people.handler, 'NotAllowed', at.resolve + hour],
  ['check back an in-progress order', inProgress, satisfied, people.resident, 'WrongState'],
  ['check back at the end of the window', resolved, satisfied, people.resident, 'DeadlinePassed', at.resolve + 7 * day],
  ['supervisor decision by a dispatcher', awaitingSupervisor, closeAsSupervisor, people.dispatcher, 'NotAllowed', at.resolve + day],
  ['supervisor reassign without a target', awaitingSupervisor, command({ type: 'supervisorDecide', decision: 'reassign', note: '换人' }), people.supervisor, 'BadArguments', at.resolve + day],
  ['supervisor decision on a resolved order', resolved, closeAsSupervisor, people.supervisor, 'WrongState', at.resolve + hour],
];

describe('refused commands change nothing', () => {
  it.each(cases.map(([title, build, cmd, actor, code, when]) => ({ title, build, cmd, actor, code, when })))(
    '$title → $code',
    ({ build, cmd, actor, code, when }) => {
      expectRefused(build(), cmd, actor, when ?? now, code);
    },
  );
});

describe('final states refuse every command, whoever asks, with WrongState (checked before the role)', () => {
  const later = at.resolve + 200 * day;
  const everyCommand: OrderCommand[] = [
    command({ type: 'accept' }),
    command({ type: 'reject', reason: 'x' }),
    command({ type: 'merge', intoOrderId: 'LX-9' }),
    command({ type: 'dispatch', target: handlers.handler }),
    command({ type: 'openForClaim' }),
    command({ type: 'claim' }),
    command({ type: 'sign' }),
    command({ type: 'return', reason: 'x' }),
    command({ type: 'contact', method: 'phone' }),
    command({ type: 'addDiaryEntry', text: 'x' }),
    command({ type: 'resolve', summary: 'x' }),
    explainBy(later + 100 * day),
    extensionUntil(later + 100 * day),
    command({ type: 'decideExtension', approve: true }),
    command({ type: 'pause', reason: 'x' }),
    command({ type: 'resume' }),
    reassignTo(handlers.colleague),
    command({ type: 'remind' }),
    command({ type: 'cancel', reason: 'x' }),
    satisfied,
    closeAsSupervisor,
  ];

  it('the list covers every command type', () => {
    expect(everyCommand.map((c) => c.type).sort()).toEqual([...orderCommandTypes].sort());
  });

  it.each([
    ['rejected', rejected],
    ['merged', merged],
    ['closed', closed],
    ['cancelled', cancelled],
  ] as const)('%s', (status, build) => {
    const order = build();
    expect(order.status).toBe(status);
    expect(order.finished).toBe(true);
    for (const cmd of everyCommand) {
      for (const actor of Object.values(people)) expect(order.can(cmd, actor, later)?.code).toBe('WrongState');
    }
    expectRefused(order, command({ type: 'cancel', reason: 'x' }), people.resident, later, 'WrongState');
  });
});

describe('specific refusals', () => {
  it('the role is checked before the status; the messages name the role and the status in Chinese', () => {
    const order = dispatched();
    expect(expectRefused(order, command({ type: 'accept' }), people.handler, now, 'NotAllowed')).toBe('党员无权受理');
    expect(expectRefused(order, command({ type: 'accept' }), people.dispatcher, now, 'WrongState')).toBe('工单当前状态为「待签收」，不能受理');
  });

  it('a committed deadline must lie in the future, and the message says so', () => {
    expect(inProgress().can(explainBy(now), people.handler, now)?.message).toBe('整改时限必须晚于当前时间');
  });

  it('a second pending extension is refused WrongState; the first stays as it was', () => {
    const order = inProgress();
    order.apply(extensionUntil(resolveDue + day), people.handler, tD + day);
    expectRefused(order, extensionUntil(resolveDue + 5 * day), people.handler, tD + day + hour, 'WrongState');
    expect(order.view(tD + day + hour).pendingExtension?.until).toBe(isoOf(resolveDue + day));
  });

  it('requesting an extension one millisecond before the deadline is fine; from the deadline on it is DeadlinePassed', () => {
    const order = inProgress();
    const cmd = extensionUntil(resolveDue + day);
    expectAllowed(order, cmd, people.handler, resolveDue - 1);
    expect(expectRefused(order, cmd, people.handler, resolveDue, 'DeadlinePassed')).toBe('办结时限已过，不能再申请延期');
    order.tick(resolveDue + 2 * day);
    expectRefused(order, cmd, people.handler, resolveDue + 2 * day, 'DeadlinePassed');
  });

  it('an extension decided after its decision limit (before the tick) is DeadlinePassed', () => {
    const order = inProgress();
    order.apply(extensionUntil(resolveDue + day), people.handler, tD + day);
    expectRefused(order, command({ type: 'decideExtension', approve: false }), people.supervisor, tD + 2 * day, 'DeadlinePassed');
  });

  it('diary entries: handler and co-handlers may write, a member of the co-handling organisation too', () => {
    const order = inProgress({ coHandlers: [handlers.coHandler, { kind: 'organisation', id: 'org-police', name: '派出所' }] });
    const entry = command({ type: 'addDiaryEntry', text: '现场查看' });
    expectAllowed(order, entry, people.handler, now);
    expectAllowed(order, entry, people.coHandler, now);
    expectAllowed(order, entry, { id: 'pm-44', role: 'member', organisationId: 'org-police' }, now);
    expectRefused(order, entry, people.colleague, now, 'NotYourOrder');
  });

  it('resume: the handler or an overseer, not anyone else', () => {
    const order = paused();
    const resume = command({ type: 'resume' });
    expectRefused(order, resume, people.colleague, now, 'NotYourOrder');
    expectRefused(order, resume, people.resident, now, 'NotAllowed'); // not a role that resumes (access.ts)
    for (const overseer of [people.handler, people.dispatcher, people.supervisor]) expectAllowed(order, resume, overseer, now);
  });

  it('a refused apply between two accepted ones does not disturb the sequence', () => {
    const order = dispatched();
    expect(() => order.apply(command({ type: 'contact', method: 'phone' }), people.handler, at.sign)).toThrow('不能联系群众');
    order.apply(command({ type: 'sign' }), people.handler, at.sign);
    expect(order.drainEvents().map((e) => [e.sequence, e.type])).toEqual([[4, 'order.signed']]);
  });
});
