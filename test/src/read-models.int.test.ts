import type { Connection } from 'mongoose';
import type { ReceivedOrderEvent } from '@lianxin/contracts';
import {
  applyToTimeline,
  applyToTracking,
  applyToWorkQueues,
  findTimeline,
  listWorkQueue,
  orderTimelineModel,
  queuedOrderModel,
  trackedOrderModel,
  workQueueFilters,
} from '@lianxin/order-views';
import { sampleEventData, sampleOrderView, type SampleOrderOptions } from '@lianxin/order-views/samples';
import { connectMongo } from '@lianxin/platform';
import { isolatedConfig } from './harness';

let db: Connection;

beforeAll(async () => {
  db = await connectMongo(isolatedConfig('readmodels'), 'readmodels');
});
afterAll(async () => {
  await db?.close();
});

function eventOf(options: SampleOrderOptions): ReceivedOrderEvent {
  const data = sampleEventData(sampleOrderView(options));
  return { id: `${data.orderId}:${data.sequence}`, type: data.type, subject: data.orderId, sequence: data.sequence, trace: {}, data };
}

describe('read models on the real MongoDB-compatible store', () => {
  it('tracking keeps the newest view; an older or repeated event writes nothing', async () => {
    const model = trackedOrderModel(db, 'tracking_newest');
    expect(await applyToTracking(model, eventOf({ id: 'LXT1', status: 'received', sequence: 1 }))).toBe('written');
    expect(await applyToTracking(model, eventOf({ id: 'LXT1', status: 'signed', sequence: 3, handlerId: 'm1' }))).toBe('written');
    const stored = await model.findById('LXT1').lean();
    expect(stored).toMatchObject({ sequence: 3, view: { status: 'signed' } });

    expect(await applyToTracking(model, eventOf({ id: 'LXT1', status: 'accepted', sequence: 2 }))).toBe('stale');
    expect(await applyToTracking(model, eventOf({ id: 'LXT1', status: 'signed', sequence: 3, handlerId: 'm1' }))).toBe('stale');
    const after = await model.findById('LXT1').lean();
    expect(after!.updatedAt.getTime()).toBe(stored!.updatedAt.getTime()); // not rewritten
    expect(after!.view.status).toBe('signed');
  });

  it('the timeline keeps one line per event: a repeated event adds nothing, a late one lands in its place', async () => {
    const model = orderTimelineModel(db, 'timeline_lines');
    const diary = (sequence: number, text: string): ReceivedOrderEvent => {
      const event = eventOf({ id: 'LXTL1', status: 'in_progress', sequence });
      return { ...event, type: 'order.diary_entry_added', data: { ...event.data, type: 'order.diary_entry_added', actor: { id: 'm1', role: 'member', name: '李秀英' }, details: { text, photos: ['att_1'] } } };
    };
    expect(await applyToTimeline(model, eventOf({ id: 'LXTL1', status: 'received', sequence: 1 }))).toBe('written');
    expect(await applyToTimeline(model, diary(3, '第二次走访'))).toBe('written');
    expect(await applyToTimeline(model, diary(3, '第二次走访'))).toBe('unchanged');
    // a dead letter replayed late: the gap is filled, in sequence order
    expect(await applyToTimeline(model, diary(2, '第一次走访'))).toBe('written');
    expect(await applyToTimeline(model, diary(2, '第一次走访'))).toBe('unchanged');
    const lines = await findTimeline(model, 'LXTL1');
    expect(lines.map((l) => [l.sequence, l.summary])).toEqual([
      [1, '已点单'],
      [2, '民情日记：第一次走访'],
      [3, '民情日记：第二次走访'],
    ]);
    expect(lines[2]).toMatchObject({ type: 'order.diary_entry_added', actor: { id: 'm1' }, details: { photos: ['att_1'] } });
    expect(await findTimeline(model, 'LX-NONE')).toEqual([]);
  });

  it('work queues hold open orders only, newest change first, with totals and pages', async () => {
    const model = queuedOrderModel(db, 'queues_pages');
    const base = Date.parse('2026-11-01T00:00:00Z');
    for (let i = 0; i < 12; i += 1) {
      await applyToWorkQueues(model, eventOf({ id: `LXQ${i}`, status: 'signed', handlerId: i % 2 === 0 ? 'm-even' : 'm-odd', updatedAt: new Date(base + i * 60_000) }));
    }
    const first = await listWorkQueue(model, workQueueFilters.inbox(['m-even']), { offset: 0, limit: 4 });
    expect(first.total).toBe(6);
    expect(first.items.map((o) => o.id)).toEqual(['LXQ10', 'LXQ8', 'LXQ6', 'LXQ4']);
    const second = await listWorkQueue(model, workQueueFilters.inbox(['m-even']), { offset: 4, limit: 4 });
    expect(second.items.map((o) => o.id)).toEqual(['LXQ2', 'LXQ0']);

    // 销号 removes the order from every queue; a replayed older event brings it back only until the newer one follows.
    expect(await applyToWorkQueues(model, eventOf({ id: 'LXQ10', status: 'closed', sequence: 2, handlerId: 'm-even' }))).toBe('removed');
    expect((await listWorkQueue(model, workQueueFilters.inbox(['m-even']), { offset: 0, limit: 50 })).total).toBe(5);
    expect(await applyToWorkQueues(model, eventOf({ id: 'LXQ10', status: 'closed', sequence: 2, handlerId: 'm-even' }))).toBe('unchanged');
    expect(await model.countDocuments({ _id: 'LXQ10' })).toBe(0);

    const filtered = await listWorkQueue(model, workQueueFilters.inbox(['m-odd'], 'in_progress'), { offset: 0, limit: 50 });
    expect(filtered).toEqual({ items: [], total: 0 });
  });

  it('the claim board shows a candidate what is offered to them and what is open to all members', async () => {
    const model = queuedOrderModel(db, 'queues_claims');
    const at = (minute: number) => new Date(Date.parse('2026-11-02T00:00:00Z') + minute * 60_000);
    await applyToWorkQueues(model, eventOf({ id: 'LXC1', status: 'open_for_claim', updatedAt: at(1) }));
    await applyToWorkQueues(model, eventOf({ id: 'LXC2', status: 'open_for_claim', offeredTo: ['m-grid'], updatedAt: at(2) }));
    await applyToWorkQueues(model, eventOf({ id: 'LXC3', status: 'open_for_claim', offeredTo: ['so-1'], updatedAt: at(3) }));
    await applyToWorkQueues(model, eventOf({ id: 'LXC4', status: 'open_for_claim', updatedAt: at(4) }));

    const forGridMember = await listWorkQueue(model, workQueueFilters.claimBoard({ id: 'm-grid', isMember: true }), { offset: 0, limit: 50 });
    expect(forGridMember).toMatchObject({ total: 3 });
    expect(forGridMember.items.map((o) => o.id)).toEqual(['LXC4', 'LXC2', 'LXC1']);
    const paged = await listWorkQueue(model, workQueueFilters.claimBoard({ id: 'm-grid', isMember: true }), { offset: 1, limit: 1 });
    expect(paged.items.map((o) => o.id)).toEqual(['LXC2']);
    // A social organisation sees only what is offered to it.
    expect((await listWorkQueue(model, workQueueFilters.claimBoard({ id: 'so-1', isMember: false }), { offset: 0, limit: 50 })).items.map((o) => o.id)).toEqual(['LXC3']);
  });

  it('the dispatch queue holds the subtree of an organisation: a village its own, a township its villages, the county all', async () => {
    const model = queuedOrderModel(db, 'queues_dispatch');
    const scoped = (event: ReturnType<typeof eventOf>, scope: string[]) => ({ ...event, data: { ...event.data, order: { ...event.data.order, scope } } });
    await applyToWorkQueues(model, scoped(eventOf({ id: 'LXD1', status: 'received', organisationId: 'org-a' }), ['org-a', 'org-town', 'org-county']));
    await applyToWorkQueues(model, scoped(eventOf({ id: 'LXD2', status: 'returned', organisationId: 'org-b' }), ['org-b', 'org-other-town', 'org-county']));
    await applyToWorkQueues(model, scoped(eventOf({ id: 'LXD3', status: 'dispatched', organisationId: 'org-a', handlerId: 'm1' }), ['org-a', 'org-town', 'org-county']));
    const ids = async (scope: string, organisationId?: string) =>
      (await listWorkQueue(model, workQueueFilters.dispatchQueue(scope, organisationId), { offset: 0, limit: 50 })).items.map((o) => o.id).sort();
    expect(await ids('org-a')).toEqual(['LXD1']);
    expect(await ids('org-town')).toEqual(['LXD1']);
    expect(await ids('org-county')).toEqual(['LXD1', 'LXD2']);
    expect(await ids('org-town', 'org-b')).toEqual([]); // naming a village elsewhere does not reach it
  });
});
