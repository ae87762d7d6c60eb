import { connectMongo } from '@lianxin/platform';
import { orderTimelineModel } from '@lianxin/order-views';
import { backfillPhoneIndex, backfillTimelines } from '@lianxin/residents';
import type { Connection } from 'mongoose';
import { eventually, startSystem, type RunningSystem } from './harness';
import { bearerFor } from './tokens';

/**
 * The residents' backfills read the order-event topic from its beginning for orders older than a
 * read model. `npm run timelines:backfill`: orders that ran before the timeline left the
 * workflow's state have no lines in `order_timelines` for their early events; it adds only what is
 * missing. `npm run phone-index:backfill`: orders opened before the phone index existed are not
 * found by 历史工单; it notes them under their number's hash. Both may run again.
 */
let system: RunningSystem;
let db: Connection;

beforeAll(async () => {
  system = await startSystem('backfill');
  db = await connectMongo(system.config, 'residents');
});
afterAll(async () => {
  await db?.close();
  await system?.close();
});

async function openOrder(title: string, phone = '13912345678'): Promise<{ id: string; trackingCode: string }> {
  const response = await fetch(`${system.residents.url}/api/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await bearerFor('agent-hotline-1')) },
    body: JSON.stringify({
      kind: 'concern',
      category: '道路安全',
      title,
      description: '东王村村口两盏路灯不亮，夜间行人有安全隐患。',
      channel: 'hotline',
      resident: { name: '王秀英', phone },
      location: { gridId: 'grid-yeshan-dongwang-1' },
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; trackingCode: string };
}

async function timelineOf(order: { id: string; trackingCode: string }): Promise<string[]> {
  const response = await fetch(`${system.residents.url}/api/v1/orders/${order.id}/timeline`, { headers: { 'x-tracking-code': order.trackingCode } });
  return ((await response.json()) as { entries: { type: string }[] }).entries.map((entry) => entry.type);
}

describe('timelines:backfill', () => {
  it('fills in the lines an order lacks from the topic, leaves the others, and changes nothing when run again', async () => {
    const older = await openOrder('村口路灯损坏（升级前）');
    const newer = await openOrder('村口路灯损坏（升级后）');
    const dispatcher = await bearerFor('mem-yeshan-dispatcher');
    const accepted = await fetch(`${system.cadres.url}/api/v1/orders/${older.id}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...dispatcher },
      body: JSON.stringify({ type: 'accept', note: '属实' }),
    });
    expect(accepted.status).toBe(200);
    await eventually(async () => ((await timelineOf(older)).length === 2 ? true : undefined), 20_000, 'both lines of the older order');
    await eventually(async () => ((await timelineOf(newer)).length === 1 ? true : undefined), 20_000, 'the line of the newer order');

    // As an order that ran before the change: its timeline never got its early events.
    await orderTimelineModel(db).deleteOne({ _id: older.id });
    expect(await timelineOf(older)).toEqual([]);

    const first = await backfillTimelines(system.config, { timeoutMs: 60_000 });
    expect(first.added).toBeGreaterThanOrEqual(2);
    expect(await timelineOf(older)).toEqual(['order.received', 'order.accepted']);
    expect(await timelineOf(newer)).toEqual(['order.received']);

    const again = await backfillTimelines(system.config, { timeoutMs: 60_000 });
    expect(again.added).toBe(0);
    expect(again.present).toBe(first.added + first.present);
    expect(await timelineOf(older)).toEqual(['order.received', 'order.accepted']);
  });
});

describe('phone-index:backfill', () => {
  const phone = '13766661234';

  async function searchedIds(): Promise<string[]> {
    const response = await fetch(`${system.residents.url}/api/v1/orders/search-by-phone`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await bearerFor('agent-hotline-1')) },
      body: JSON.stringify({ phone }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: { id: string }[] }).items.map((item) => item.id);
  }

  it('lets 历史工单 find the orders opened before the index, notes each once, and changes nothing when run again', async () => {
    const first = await openOrder('楼道灯不亮（索引前）', phone);
    const second = await openOrder('楼道灯又坏了（索引前）', phone);
    const index = db.collection<{ _id: string; orderIds: string[] }>('resident_order_index');
    await eventually(async () => ((await searchedIds()).length === 2 ? true : undefined), 30_000, 'both orders found by phone');

    // As orders opened before intake kept the index.
    await index.deleteMany({ orderIds: { $in: [first.id, second.id] } });
    expect(await searchedIds()).toEqual([]);

    const result = await backfillPhoneIndex(system.config, { timeoutMs: 60_000 });
    expect(result.indexed).toBeGreaterThanOrEqual(2);
    expect(result.unreadable).toBe(0);
    expect((await searchedIds()).sort()).toEqual([first.id, second.id].sort());
    const stored = await index.find({ orderIds: first.id }).toArray();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(phone);

    const again = await backfillPhoneIndex(system.config, { timeoutMs: 60_000 });
    expect(again.indexed).toBe(result.indexed);
    const after = await index.findOne({ _id: stored[0]!._id });
    expect([...after!.orderIds].sort()).toEqual([first.id, second.id].sort());
  });
});
