import type { IntakeOrderInput } from '@lianxin/contracts';
import { eventually, startSystem, type RunningSystem } from './harness';
import { bearerFor } from './tokens';

const wish: IntakeOrderInput = {
  kind: 'wish',
  category: '学习用品',
  title: '留守儿童想要一个新书包',
  description: '张铺镇和平社区留守儿童小明，书包破了，希望得到一个新书包。',
  channel: 'wish_card',
  resident: { name: '张桂芳', phone: '13812345678' },
  location: { gridId: 'grid-zhangpu-heping-1' },
};


interface NotificationPage {
  items: { orderId: string; eventType: string; recipient: { id: string } }[];
  total: number;
}

let system: RunningSystem;

beforeAll(async () => {
  system = await startSystem('notifications');
});
afterAll(async () => {
  await system?.close();
});

async function open(): Promise<string> {
  const response = await fetch(`${system.residents.url}/api/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(wish),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function notifications(query: string, as = 'mem-zhangpu-dispatcher'): Promise<NotificationPage> {
  const response = await fetch(`${system.notifications.url}/api/v1/notifications?${query}`, { headers: await bearerFor(as) });
  expect(response.status).toBe(200);
  return (await response.json()) as NotificationPage;
}

describe('GET /api/v1/notifications', () => {
  it('answers the first page of the matching records and, as total, how many match', async () => {
    // Rejected: the resident hears of the intake and of the rejection (two records); the other
    // order's intake notice is one record that no query below may count.
    const rejected = await open();
    const other = await open();
    const refusal = await fetch(`${system.cadres.url}/api/v1/orders/${rejected}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await bearerFor('mem-zhangpu-dispatcher')) },
      body: JSON.stringify({ type: 'reject', reason: '不属于服务范围' }),
    });
    expect(refusal.status).toBe(200);

    const all = await eventually(async () => {
      const page = await notifications(`orderId=${rejected}`);
      // items and total are read side by side: wait until both show the two notices.
      return page.items.length === 2 && page.total === 2 ? page : undefined;
    }, 20_000, 'both notices of the rejected order (items and total)');
    expect(all.total).toBe(2);
    expect(all.items.map((n) => n.eventType)).toEqual(['order.received', 'order.rejected']);
    await eventually(async () => ((await notifications(`orderId=${other}`)).total === 1 ? true : undefined), 20_000, 'the other order\'s notice');

    const firstPage = await notifications(`orderId=${rejected}&limit=1`);
    expect(firstPage.items).toHaveLength(1);
    expect(firstPage.items[0]).toMatchObject({ orderId: rejected, eventType: 'order.received' });
    expect(firstPage.total).toBe(2);

    // A resident's notices are addressed to `resident:<order id>` (residents have no account).
    expect(await notifications(`recipientId=resident:${rejected}&limit=1`)).toMatchObject({ total: 2 });
    expect(await notifications('orderId=LX20260101-NOTHERE1')).toEqual({ items: [], total: 0 });
    // Another township's dispatcher sees none of them; a member may not list notices by order.
    expect(await notifications(`orderId=${rejected}`, 'mem-yeshan-dispatcher')).toEqual({ items: [], total: 0 });
    const member = await fetch(`${system.notifications.url}/api/v1/notifications?orderId=${rejected}`, { headers: await bearerFor('mem-zhangpu-heping-2') });
    expect(member.status).toBe(403);
    expect((await fetch(`${system.notifications.url}/api/v1/notifications?orderId=${rejected}`)).status).toBe(401);
  });
});
