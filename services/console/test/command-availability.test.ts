import { commandAccess } from '@lianxin/contracts/access';
import { allCommands, offeredCommands, type OrderLike } from '../web/src/orders/availability';
import type { Principal } from '../web/src/auth/principal';

const dispatcher: Principal = { id: 'mem-yeshan-dispatcher', name: '王德明', roles: ['dispatcher', 'member'], organisationId: 'org-yeshan' };
const member: Principal = { id: 'mem-yeshan-dongwang-2', name: '杨桂兰', roles: ['member'], organisationId: 'org-yeshan-dongwang' };
const agent: Principal = { id: 'agent-hotline-1', name: '周坐席', roles: ['agent'], organisationId: 'org-county' };

const order = (status: OrderLike['status'], more: Partial<OrderLike> = {}): OrderLike => ({ id: 'LX-1', status, scope: ['org-county', 'org-yeshan', 'org-yeshan-dongwang'], ...more });
const handledBy = { handler: { kind: 'member' as const, id: member.id, name: '杨桂兰' } };

describe('the commands a console offers', () => {
  it('offers the township dispatcher 受理/派单 on orders of their subtree, and nothing outside it', () => {
    expect(offeredCommands(dispatcher, order('received'), allCommands).sort()).toEqual(['accept', 'merge', 'reject']);
    expect(offeredCommands(dispatcher, order('accepted'), allCommands)).toEqual(expect.arrayContaining(['dispatch', 'openForClaim']));
    expect(offeredCommands(dispatcher, order('received', { scope: ['org-county', 'org-zhangpu'] }), allCommands)).toEqual([]);
  });

  it('offers the handler what a handler does at each step, and others none of it', () => {
    expect(offeredCommands(member, order('dispatched', handledBy), allCommands).sort()).toEqual(['return', 'sign'].sort());
    expect(offeredCommands(member, order('signed', handledBy), allCommands)).toEqual(expect.arrayContaining(['contact', 'addDiaryEntry', 'requestExtension', 'pause', 'return']));
    expect(offeredCommands(member, order('in_progress', handledBy), allCommands)).toEqual(expect.arrayContaining(['resolve', 'explain']));
    expect(offeredCommands(member, order('dispatched', { handler: { kind: 'member', id: 'someone-else', name: '张三' } }), allCommands)).toEqual([]);
    expect(offeredCommands(member, order('open_for_claim'), allCommands)).toEqual(['claim']);
  });

  it('offers 撤单 and 回访 to the agent in scope, at the right time', () => {
    expect(offeredCommands(agent, order('in_progress', handledBy), ['cancel', 'checkBack'])).toEqual(['cancel']);
    expect(offeredCommands(agent, order('resolved', handledBy), ['cancel', 'checkBack'])).toEqual(['checkBack']);
  });

  it('offers every command only to roles the shared access table allows', () => {
    for (const type of allCommands) {
      for (const person of [dispatcher, member, agent]) {
        for (const status of ['received', 'accepted', 'open_for_claim', 'dispatched', 'signed', 'in_progress', 'paused', 'resolved', 'awaiting_supervisor'] as const) {
          if (offeredCommands(person, order(status, handledBy), [type]).length > 0) {
            expect({ type, person: person.id, allowed: person.roles.some((role) => commandAccess[type].roles.includes(role)) }).toEqual({ type, person: person.id, allowed: true });
          }
        }
      }
    }
  });
});
