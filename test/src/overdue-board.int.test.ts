import type { EscalationLevel, IntakeOrderInput, OrderSummary } from '@lianxin/contracts';
import { escalationRank } from '@lianxin/contracts';
import { commandAs, openOrder, type OpenedOrder } from './browser/orders';
import { eventually, startSystem, type RunningSystem } from './harness';
import { policyOfSeconds } from './notify-helpers';
import { bearerFor } from './tokens';

/**
 * 超期看板 and 在办负荷 over the real stack: with a policy of seconds, orders nobody signs climb
 * the ladder; the township dispatcher's board (cadres, from the work-queue read model) lists his
 * township's escalated orders, most overdue first, never another township's; `minLevel` filters;
 * a plain village member is refused; each member's open and overdue counts match what they hold.
 */
jest.setTimeout(120_000);

let system: RunningSystem;

beforeAll(async () => {
  system = await startSystem('overdueboard', { policy: async () => policyOfSeconds(3_000) });
});
afterAll(async () => {
  await system?.close();
});

const yeshanDispatcher = 'mem-yeshan-dispatcher';
const renhejiDispatcher = 'mem-renheji-dispatcher';

const concern = (gridId: string, title: string): IntakeOrderInput => ({
  kind: 'concern',
  category: '道路安全',
  urgency: 'general',
  title,
  description: '村口路灯坏了，老人晚上出门看不清路。',
  channel: 'hotline',
  resident: { name: '王秀英', phone: '13912345678' },
  location: { gridId },
});

/** Opens an order, has the village's dispatcher accept it and send it to a member who never signs. */
async function unsignedOrder(gridId: string, villageDispatcher: string, member: { id: string; name: string; organisationId: string }, title: string): Promise<OpenedOrder> {
  const order = await openOrder(system, concern(gridId, title));
  await eventually(async () => commandAs(system.cadres.url, villageDispatcher, order.id, { type: 'accept' }).catch(() => undefined), 20_000, `${order.id} accepted`);
  await commandAs(system.cadres.url, villageDispatcher, order.id, { type: 'dispatch', target: { kind: 'member', ...member }, coHandlers: [] });
  return order;
}

interface BoardPage {
  items: OrderSummary[];
  total: number;
  offset: number;
  limit: number;
}

async function get(username: string, path: string): Promise<Response> {
  return fetch(`${system.cadres.url}${path}`, { headers: await bearerFor(username) });
}

async function board(username: string, query = ''): Promise<BoardPage> {
  const response = await get(username, `/api/v1/overdue-board${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as BoardPage;
}

const levelOf = (page: BoardPage, id: string): EscalationLevel | undefined => page.items.find((o) => o.id === id)?.escalationLevel;
const atLeast = (level: EscalationLevel | undefined, floor: EscalationLevel) => level !== undefined && escalationRank(level) >= escalationRank(floor);

describe('the overdue board', () => {
  let first: OpenedOrder;
  let second: OpenedOrder;
  let elsewhere: OpenedOrder;

  beforeAll(async () => {
    first = await unsignedOrder('grid-yeshan-dongwang-1', 'mem-yeshan-dongwang-1', { id: 'mem-yeshan-dongwang-2', name: '李秀英', organisationId: 'org-yeshan-dongwang' }, '东王村口路灯损坏');
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the second falls due a second later
    second = await unsignedOrder('grid-yeshan-dongwang-2', 'mem-yeshan-dongwang-1', { id: 'mem-yeshan-dongwang-3', name: '张志强', organisationId: 'org-yeshan-dongwang' }, '后王组路灯损坏');
    elsewhere = await unsignedOrder('grid-renheji-renhe-1', 'mem-renheji-renhe-1', { id: 'mem-renheji-renhe-2', name: '胡秀兰', organisationId: 'org-renheji-renhe' }, '仁和村路灯损坏');
  });

  it('lists the township\'s escalated orders most overdue first, and not another township\'s', async () => {
    const page = await eventually(async () => {
      const current = await board(yeshanDispatcher, '?minLevel=overdue');
      return atLeast(levelOf(current, first.id), 'overdue') && atLeast(levelOf(current, second.id), 'overdue') ? current : undefined;
    }, 40_000, 'both yeshan orders overdue on the board');
    const ids = page.items.map((o) => o.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(ids).not.toContain(elsewhere.id);
    expect(page).toMatchObject({ offset: 0, limit: 50, total: page.items.length });
    const dues = page.items.map((o) => o.nextDeadline?.dueAt ?? '9');
    expect([...dues].sort()).toEqual(dues);
    expect(page.items.find((o) => o.id === first.id)).toMatchObject({ residentName: '王*英', handler: { id: 'mem-yeshan-dongwang-2' } });

    const theirs = await eventually(async () => {
      const current = await board(renhejiDispatcher, '?minLevel=overdue');
      return current.items.some((o) => o.id === elsewhere.id) ? current : undefined;
    }, 40_000, 'the renheji order on its own board');
    expect(theirs.items.map((o) => o.id)).not.toContain(first.id);
  });

  it('filters by minLevel, and pages', async () => {
    const escalated = await eventually(async () => {
      const current = await board(yeshanDispatcher, '?minLevel=escalated');
      return current.items.some((o) => o.id === first.id) ? current : undefined;
    }, 40_000, 'the first order at 挂牌督办');
    expect(escalated.items.every((o) => o.escalationLevel === 'escalated')).toBe(true);
    const all = await board(yeshanDispatcher, '?minLevel=none');
    expect(all.total).toBeGreaterThanOrEqual(escalated.total);
    const onePerPage = await board(yeshanDispatcher, '?minLevel=none&limit=1&offset=1');
    expect(onePerPage).toMatchObject({ total: all.total, offset: 1, limit: 1 });
    expect(onePerPage.items.map((o) => o.id)).toEqual(all.items.slice(1, 2).map((o) => o.id));
    // One village of the township: its orders only.
    const village = await board(yeshanDispatcher, '?minLevel=none&organisationId=org-yeshan-dongwang&include=decisions,extensions');
    expect(village.items.map((o) => o.id).sort()).toEqual([first.id, second.id].sort());
  });

  it('refuses a village member, another township\'s village and bad input, as problems', async () => {
    const member = await get('mem-yeshan-dongwang-2', '/api/v1/overdue-board');
    expect(member.status).toBe(403);
    expect(member.headers.get('content-type')).toContain('application/problem+json');
    const outside = await get(yeshanDispatcher, '/api/v1/overdue-board?organisationId=org-renheji-renhe');
    expect(outside.status).toBe(403);
    expect(outside.headers.get('content-type')).toContain('application/problem+json');
    for (const query of ['?minLevel=late', '?include=everything', '?limit=0', '?colour=red']) {
      const bad = await get(yeshanDispatcher, `/api/v1/overdue-board${query}`);
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('counts each member\'s open and overdue orders', async () => {
    const counts = await eventually(async () => {
      const response = await get(yeshanDispatcher, '/api/v1/members/workload?organisationId=org-yeshan-dongwang');
      expect(response.status).toBe(200);
      const list = (await response.json()) as { memberId: string; open: number; overdue: number }[];
      const byId = new Map(list.map((w) => [w.memberId, w]));
      return byId.get('mem-yeshan-dongwang-3')?.overdue === 1 ? byId : undefined;
    }, 40_000, 'the workload of the village');
    expect(counts.get('mem-yeshan-dongwang-2')).toEqual({ memberId: 'mem-yeshan-dongwang-2', open: 1, overdue: 1 });
    expect(counts.get('mem-yeshan-dongwang-3')).toEqual({ memberId: 'mem-yeshan-dongwang-3', open: 1, overdue: 1 });
    expect(counts.get('mem-yeshan-dongwang-1')).toEqual({ memberId: 'mem-yeshan-dongwang-1', open: 0, overdue: 0 });
    expect([...counts.keys()].every((id) => id.startsWith('mem-yeshan-dongwang-'))).toBe(true);

    expect((await get(renhejiDispatcher, '/api/v1/members/workload?organisationId=org-yeshan-dongwang')).status).toBe(403);
    expect((await get('mem-yeshan-dongwang-2', '/api/v1/members/workload?organisationId=org-yeshan-dongwang')).status).toBe(403);
    expect((await get(yeshanDispatcher, '/api/v1/members/workload')).status).toBe(400);
    expect((await get(yeshanDispatcher, '/api/v1/members/workload?organisationId=org-nowhere')).status).toBe(404);
  });
});
