import type { Actor, OrderCommand } from '@lianxin/contracts/order';
import type { OrderCase } from '../../src/order/order-case';
import {
  at,
  command,
  day,
  dispatched,
  expectAllowed,
  expectRefused,
  handlers,
  hour,
  inProgress,
  isoOf,
  open,
  openForClaim,
  people,
  resolved,
} from './builders';

const tD = at.dispatch;
const resolveDue = tD + 7 * day;

function accepted(): OrderCase {
  const order = open();
  order.apply(command({ type: 'accept' }), people.dispatcher, at.accept);
  return order;
}

function signed(): OrderCase {
  const order = dispatched();
  order.apply(command({ type: 'sign' }), people.handler, at.sign);
  return order;
}

function awaitingSupervisor(): OrderCase {
  const order = resolved();
  let now = at.resolve;
  for (let round = 0; round < 2; round += 1) {
    order.apply(command({ type: 'checkBack', rating: 'unsatisfied' }), people.resident, (now += hour));
    order.apply(command({ type: 'resolve', summary: '重办' }), people.handler, (now += hour));
  }
  order.apply(command({ type: 'checkBack', rating: 'unsatisfied' }), people.resident, (now += hour));
  expect(order.status).toBe('awaiting_supervisor');
  return order;
}

function closed(): OrderCase {
  const order = resolved();
  order.apply(command({ type: 'checkBack', rating: 'satisfied' }), people.resident, at.resolve + hour);
  return order;
}

function cancelled(): OrderCase {
  const order = dispatched();
  order.apply(command({ type: 'cancel', reason: '不需要了' }), people.resident, tD + hour);
  return order;
}

const now = at.contact + hour;

type Case = [title: string, build: () => OrderCase, command: OrderCommand, actor: Actor, code: string, when?: number];

const cases: Case[] = [
  // 受理
  ['accept by a member', open, command({ type: 'accept' }), people.handler, 'NotAllowed'],
  ['accept by a resident', open, command({ type: 'accept' }), people.resident, 'NotAllowed'],
  ['accept twice', accepted, command({ type: 'accept' }), people.dispatcher, 'WrongState'],
  ['accept a dispatched order', dispatched, command({ type: 'accept' }), people.dispatcher, 'WrongState'],
  ['reject an accepted order', accepted, command({ type: 'reject', reason: '重复' }), people.dispatcher, 'WrongState'],
  ['reject by a grid worker', open, command({ type: 'reject', reason: '重复' }), people.gridWorker, 'NotAllowed'],
  ['merge into itself', open, command({ type: 'merge', intoOrderId: 'LX-2026-0511-001' }), people.dispatcher, 'BadArguments'],
  ['merge a dispatched order', dispatched, command({ type: 'merge', intoOrderId: 'LX-1' }), people.dispatcher, 'WrongState'],
  // 派单 / 认领
  ['dispatch by an agent', accepted, command({ type: 'dispatch', target: handlers.handler }), people.agent, 'NotAllowed'],
  ['dispatch a received order', open, command({ type: 'dispatch', target: handlers.handler }), people.dispatcher, 'WrongState'],
  ['dispatch twice', dispatched, command({ type: 'dispatch', target: handlers.colleague }), people.dispatcher, 'WrongState'],
  [
    'dispatch with a co-handler equal to the target',
    accepted,
    command({ type: 'dispatch', target: handlers.handler, coHandlers: [handlers.handler] }),
    people.dispatcher,
    'BadArguments',
  ],
  [
    'dispatch with the same co-handler twice',
    accepted,
    command({ type: 'dispatch', target: handlers.handler, coHandlers: [handlers.coHandler, handlers.coHandler] }),
    people.dispatcher,
    'BadArguments',
  ],
  ['openForClaim a dispatched order', dispatched, command({ type: 'openForClaim' }), people.dispatcher, 'WrongState'],
  ['openForClaim by a member', accepted, command({ type: 'openForClaim' }), people.handler, 'NotAllowed'],
  ['claim a dispatched order', dispatched, command({ type: 'claim' }), people.colleague, 'WrongState'],
  ['claim by a dispatcher', openForClaim, command({ type: 'claim' }), people.dispatcher, 'NotAllowed'],
  // 签收 / 退单 / 联系
  ['sign by a colleague who is not the handler', dispatched, command({ type: 'sign' }), people.colleague, 'NotYourOrder'],
  ['sign by a stranger', dispatched, command({ type: 'sign' }), people.stranger, 'NotYourOrder'],
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
  ['resolve a signed order (not contacted)', signed, command({ type: 'resolve', summary: '好了' }), people.handler, 'WrongState'],
  ['resolve by a colleague', inProgress, command({ type: 'resolve', summary: '好了' }), people.colleague, 'NotYourOrder'],
  ['resolve twice', resolved, command({ type: 'resolve', summary: '好了' }), people.handler, 'WrongState', at.resolve + hour],
  [
    'explain with a committed deadline in the past',
    inProgress,
    command({ type: 'explain', explanation: '资金未到', committedDeadline: isoOf(now - hour) }),
    people.handler,
    'BadArguments',
  ],
  [
    'explain with a committed deadline equal to now',
    inProgress,
    command({ type: 'explain', explanation: '资金未到', committedDeadline: isoOf(now) }),
    people.handler,
    'BadArguments',
  ],
  [
    'explain by a stranger',
    inProgress,
    command({ type: 'explain', explanation: '资金未到', committedDeadline: isoOf(now + day) }),
    people.stranger,
    'NotYourOrder',
  ],
  // 延期
  [
    'extension until before the resolve deadline',
    inProgress,
    command({ type: 'requestExtension', until: isoOf(resolveDue - hour), reason: '等配件' }),
    people.handler,
    'BadArguments',
  ],
  [
    'extension until exactly the resolve deadline',
    inProgress,
    command({ type: 'requestExtension', until: isoOf(resolveDue), reason: '等配件' }),
    people.handler,
    'BadArguments',
  ],
  [
    'extension after the resolve deadline passed',
    inProgress,
    command({ type: 'requestExtension', until: isoOf(resolveDue + 5 * day), reason: '等配件' }),
    people.handler,
    'DeadlinePassed',
    resolveDue,
  ],
  [
    'extension by a stranger',
    inProgress,
    command({ type: 'requestExtension', until: isoOf(resolveDue + 5 * day), reason: '等配件' }),
    people.stranger,
    'NotYourOrder',
  ],
  [
    'extension of a dispatched order',
    dispatched,
    command({ type: 'requestExtension', until: isoOf(resolveDue + 5 * day), reason: '等配件' }),
    people.handler,
    'WrongState',
  ],
  ['decide an extension nobody asked for', inProgress, command({ type: 'decideExtension', approve: true }), people.dispatcher, 'WrongState'],
  ['decide an extension as a member', inProgress, command({ type: 'decideExtension', approve: true }), people.handler, 'NotAllowed'],
  // 挂起 / 恢复
  ['pause a dispatched order', dispatched, command({ type: 'pause', reason: '等待' }), people.handler, 'WrongState'],
  ['pause by a colleague', inProgress, command({ type: 'pause', reason: '等待' }), people.colleague, 'NotYourOrder'],
  ['resume an order that is not paused', inProgress, command({ type: 'resume' }), people.handler, 'WrongState'],
  // 改派 / 催办 / 撤单
  ['reassign to the current handler', inProgress, command({ type: 'reassign', target: handlers.handler, reason: '改派' }), people.dispatcher, 'BadArguments'],
  ['reassign by a member', inProgress, command({ type: 'reassign', target: handlers.colleague, reason: '改派' }), people.handler, 'NotAllowed'],
  ['reassign a resolved order', resolved, command({ type: 'reassign', target: handlers.colleague, reason: '改派' }), people.dispatcher, 'WrongState', at.resolve + hour],
  ['reassign a received order', open, command({ type: 'reassign', target: handlers.colleague, reason: '改派' }), people.dispatcher, 'WrongState'],
  ['remind a received order', open, command({ type: 'remind' }), people.dispatcher, 'WrongState'],
  ['remind by a member', dispatched, command({ type: 'remind' }), people.colleague, 'NotAllowed'],
  ['cancel by a dispatcher', dispatched, command({ type: 'cancel', reason: '撤' }), people.dispatcher, 'NotAllowed'],
  ['cancel a resolved order', resolved, command({ type: 'cancel', reason: '撤' }), people.resident, 'WrongState', at.resolve + hour],
  ['cancel an order awaiting the supervisor', awaitingSupervisor, command({ type: 'cancel', reason: '撤' }), people.resident, 'WrongState', at.resolve + day],
  // 回访 / 督办
  ['check back by the handler', resolved, command({ type: 'checkBack', rating: 'satisfied' }), people.handler, 'NotAllowed', at.resolve + hour],
  ['check back an in-progress order', inProgress, command({ type: 'checkBack', rating: 'satisfied' }), people.resident, 'WrongState'],
  ['check back at the end of the window', resolved, command({ type: 'checkBack', rating: 'satisfied' }), people.resident, 'DeadlinePassed', at.resolve + 7 * day],
  ['supervisor decision by a dispatcher', awaitingSupervisor, command({ type: 'supervisorDecide', decision: 'close', note: '销号' }), people.dispatcher, 'NotAllowed', at.resolve + day],
  ['supervisor reassign without a target', awaitingSupervisor, command({ type: 'supervisorDecide', decision: 'reassign', note: '换人' }), people.supervisor, 'BadArguments', at.resolve + day],
  ['supervisor decision on a resolved order', resolved, command({ type: 'supervisorDecide', decision: 'close', note: '销号' }), people.supervisor, 'WrongState', at.resolve + hour],
  // finished orders refuse everything, whoever asks (finished is checked before the role)
  ['remind a closed order', closed, command({ type: 'remind' }), people.dispatcher, 'WrongState', at.resolve + day],
  ['accept a closed order, as a member', closed, command({ type: 'accept' }), people.handler, 'WrongState', at.resolve + day],
  ['cancel a cancelled order', cancelled, command({ type: 'cancel', reason: '撤' }), people.resident, 'WrongState'],
  ['dispatch a cancelled order', cancelled, command({ type: 'dispatch', target: handlers.handler }), people.dispatcher, 'WrongState'],
];

describe('refused commands change nothing', () => {
  it.each(cases.map(([title, build, cmd, actor, code, when]) => ({ title, build, cmd, actor, code, when })))(
    '$title → $code',
    ({ build, cmd, actor, code, when }) => {
      const order = build();
      expectRefused(order, cmd, actor, when ?? now, code);
    },
  );
});

describe('specific refusals', () => {
  it('the role is checked before the status; the message names the status in Chinese', () => {
    const order = dispatched();
    expectRefused(order, command({ type: 'accept' }), people.handler, now, 'NotAllowed');
    const message = expectRefused(order, command({ type: 'accept' }), people.dispatcher, now, 'WrongState');
    expect(message).toBe('工单当前状态为「待签收」，不能受理');
  });

  it('a second pending extension is refused WrongState; the first stays as it was', () => {
    const order = inProgress();
    const first = command({ type: 'requestExtension', until: isoOf(resolveDue + day), reason: '等配件' });
    order.apply(first, people.handler, tD + day);
    const second = command({ type: 'requestExtension', until: isoOf(resolveDue + 5 * day), reason: '再等等' });
    expectRefused(order, second, people.handler, tD + day + hour, 'WrongState');
    expect(order.view(tD + day + hour).pendingExtension?.until).toBe(isoOf(resolveDue + day));
  });

  it('requesting an extension one millisecond before the deadline is fine; at the deadline it is DeadlinePassed', () => {
    const order = inProgress();
    const cmd = command({ type: 'requestExtension', until: isoOf(resolveDue + day), reason: '等配件' });
    expectAllowed(order, cmd, people.handler, resolveDue - 1);
    expectRefused(order, cmd, people.handler, resolveDue, 'DeadlinePassed');
    order.tick(resolveDue + 2 * day);
    expectRefused(order, cmd, people.handler, resolveDue + 2 * day, 'DeadlinePassed');
  });

  it('an extension decided after its decision limit (before the tick) is DeadlinePassed', () => {
    const order = inProgress();
    order.apply(command({ type: 'requestExtension', until: isoOf(resolveDue + day), reason: '等配件' }), people.handler, tD + day);
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
    const order = inProgress();
    order.apply(command({ type: 'pause', reason: '等待' }), people.handler, now);
    const resume = command({ type: 'resume' });
    expectRefused(order, resume, people.colleague, now + hour, 'NotYourOrder');
    expectRefused(order, resume, people.resident, now + hour, 'NotYourOrder');
    expectAllowed(order, resume, people.handler, now + hour);
    expectAllowed(order, resume, people.dispatcher, now + hour);
    expectAllowed(order, resume, people.supervisor, now + hour);
  });

  it('a refused apply between two accepted ones does not disturb the sequence', () => {
    const order = dispatched();
    expect(() => order.apply(command({ type: 'contact', method: 'phone' }), people.handler, at.sign)).toThrow('不能联系群众');
    order.apply(command({ type: 'sign' }), people.handler, at.sign);
    expect(order.drainEvents().map((e) => [e.sequence, e.type])).toEqual([[4, 'order.signed']]);
  });
});
