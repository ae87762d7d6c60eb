import { randomUUID } from 'node:crypto';
import type { IntakeOrderInput, OrderView } from '@lianxin/contracts';
import { connectMongo } from '@lianxin/platform';
import { readEventLog, type EventLog } from './event-log';
import { eventually, startSystem, type RunningSystem } from './harness';
import { bearerFor } from './tokens';

const wish: IntakeOrderInput = {
  kind: 'wish',
  category: '学习用品',
  title: '留守儿童想要一个新书包',
  description: '张铺镇和平社区留守儿童小明，书包破了，希望得到一个新书包。',
  channel: 'wish_card',
  resident: { name: '张桂芳', phone: '13812345678', keyPopulations: ['留守儿童'] },
  location: { gridId: 'grid-zhangpu-heping-1' },
};

/** The resident, with the order's tracking code (查询码). */
const withCode = (code: string) => ({ 'x-tracking-code': code });

let system: RunningSystem;
let events: EventLog;

beforeAll(async () => {
  system = await startSystem('commands');
  events = await readEventLog(system.config);
});
afterAll(async () => {
  await events?.close();
  await system?.close();
});

async function command(service: string, orderId: string, body: object, headers: Record<string, string>, key?: string) {
  const response = await fetch(`${service}/api/v1/orders/${orderId}/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers, ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as OrderView & { type?: string; title?: string } };
}

describe('commands over HTTP through the services, the workflow and the read models', () => {
  it('claims a wish from the claim board, works it, and closes it on the resident\'s check-back', async () => {
    const created = await fetch(`${system.residents.url}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await bearerFor('agent-hotline-1')) },
      body: JSON.stringify(wish),
    });
    expect(created.status).toBe(201);
    const { id, trackingCode } = (await created.json()) as { id: string; trackingCode: string };
    expect(trackingCode).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const resident = withCode(trackingCode);
    const cadres = system.cadres.url;
    const dispatcher = await bearerFor('mem-zhangpu-dispatcher');
    const member = await bearerFor('mem-zhangpu-heping-2');
    const get = async (url: string, headers: Record<string, string>) => (await fetch(url, { headers })).json();

    // A wish is offered for claiming first (its limits say mode 'claim'): accepting it opens it for claim.
    const accepted = await command(cadres, id, { type: 'accept' }, dispatcher);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'open_for_claim', claim: { stage: 0, openToAll: true } });

    const board = await eventually(async () => {
      const r = (await get(`${cadres}/api/v1/claim-board`, member)) as { items: OrderView[] };
      return r.items.some((o) => o.id === id) ? r : undefined;
    }, 20_000, 'the wish on the claim board');
    expect(board.items.find((o) => o.id === id)!.title).toBe(wish.title);

    const claimed = await command(cadres, id, { type: 'claim' }, member);
    expect(claimed.body).toMatchObject({ status: 'signed', handler: { id: 'mem-zhangpu-heping-2' } });
    const inbox = await eventually(async () => {
      const r = (await get(`${cadres}/api/v1/inbox`, member)) as { items: OrderView[] };
      return r.items.some((o) => o.id === id) ? r : undefined;
    }, 20_000, 'the order in the member\'s inbox');
    expect(inbox.items.find((o) => o.id === id)!.status).toBe('signed');

    // A retried command with the same Idempotency-Key is applied once.
    const key = `contact-${randomUUID()}`;
    const first = await command(cadres, id, { type: 'contact', method: 'phone', note: '已电话联系家长' }, member, key);
    const retry = await command(cadres, id, { type: 'contact', method: 'phone', note: '已电话联系家长' }, member, key);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body.sequence).toBe(first.body.sequence);
    expect(retry.body).toEqual(first.body); // the first answer, kept with the key for the life of the order
    const reused = await command(cadres, id, { type: 'addDiaryEntry', text: '同一个键，另一个请求', photos: [] }, member, key);
    expect(reused).toMatchObject({ status: 422, body: { type: 'urn:lianxin:problem:idempotency-key-reused' } });

    // Refusals are problems people can act on.
    const early = await command(system.residents.url, id, { type: 'checkBack', rating: 'satisfied' }, resident);
    expect(early).toMatchObject({ status: 409, body: { type: 'urn:lianxin:problem:WrongState' } });
    expect(early.type).toContain('application/problem+json');
    const stranger = await command(cadres, id, { type: 'resolve', summary: '不是我的', evidence: [] }, await bearerFor('mem-yeshan-dongwang-2'));
    expect(stranger).toMatchObject({ status: 403, body: { type: 'urn:lianxin:problem:NotYourOrder' } });
    const badBody = await command(cadres, id, { type: 'resolve' }, member);
    expect(badBody.status).toBe(400);
    const wrongService = await command(system.residents.url, id, { type: 'resolve', summary: '办结', evidence: [] }, member);
    expect(wrongService.status).toBe(404);
    const noActor = await command(cadres, id, { type: 'resolve', summary: '办结', evidence: [] }, {});
    expect(noActor).toMatchObject({ status: 401, body: { type: 'urn:lianxin:problem:unauthorized' } });
    const forged = await command(cadres, id, { type: 'resolve', summary: '办结', evidence: [] }, { 'x-actor-id': 'mem-zhangpu-heping-2', 'x-actor-role': 'member' });
    expect(forged.status).toBe(401); // identity comes from the token only
    const missing = await command(cadres, 'LX20260101-NOTHERE1', { type: 'accept' }, dispatcher);
    expect(missing).toMatchObject({ status: 404, body: { type: 'urn:lianxin:problem:order-not-found' } });

    await command(cadres, id, { type: 'addDiaryEntry', text: '已购买书包并送到家中', photos: ['photo://bag.jpg'] }, member);
    expect((await command(cadres, id, { type: 'resolve', summary: '书包已送达', evidence: ['photo://bag.jpg'] }, member)).body.status).toBe('resolved');
    const closed = await command(system.residents.url, id, { type: 'checkBack', rating: 'satisfied', comment: '谢谢党员同志' }, resident);
    expect(closed.body).toMatchObject({ status: 'closed', rating: 'satisfied' });

    const tracked = await eventually(async () => {
      const r = (await get(`${system.residents.url}/api/v1/orders/${id}`, resident)) as OrderView;
      return r.status === 'closed' ? r : undefined;
    }, 20_000, 'closed in the residents read model');
    expect(tracked.resident).toMatchObject({ name: '张*芳', phone: '138****5678' });
    expect(tracked).not.toHaveProperty('personal');
    expect(tracked.location.organisationId).toBe('org-zhangpu-heping'); // from the grid, via the register

    const timeline = (await get(`${system.residents.url}/api/v1/orders/${id}/timeline`, resident)) as { entries: { type: string }[] };
    expect(timeline.entries.map((e) => e.type)).toEqual([
      'order.received', 'order.accepted', 'order.opened_for_claim', 'order.claimed', 'order.contacted',
      'order.diary_entry_added', 'order.resolved', 'order.checked_back',
    ]);
    const published = await eventually(async () => {
      const found = events.of(id);
      return found.some((e) => e.type === 'order.checked_back') ? found : undefined;
    }, 20_000, 'all events on Kafka');
    expect(new Set(published.map((e) => e.id)).size).toBe(8);

    const notifications = await connectMongo(system.config, 'notifications');
    try {
      const texts = await eventually(async () => {
        const docs = await notifications.collection('notification_deliveries').find({ orderId: id }).toArray();
        return docs.some((d) => d['eventType'] === 'order.closed' || d['eventType'] === 'order.resolved') ? docs : undefined;
      }, 20_000, 'notifications');
      expect(texts.map((d) => d['eventType'])).toEqual(expect.arrayContaining(['order.received', 'order.opened_for_claim', 'order.resolved']));
    } finally {
      await notifications.close();
    }
  });

  it('serves the register: organisations, grids, members with filters, and problems for bad queries', async () => {
    const cadres = system.cadres.url;
    const headers = await bearerFor('mem-yeshan-dispatcher');
    const townships = (await (await fetch(`${cadres}/api/v1/organisations?level=township`, { headers })).json()) as { items: { name: string }[]; total: number };
    expect(townships.items.map((o) => o.name)).toEqual(expect.arrayContaining(['冶山镇党委', '仁和集镇党委', '张铺镇党委', '铜城镇党委']));
    const grid = (await (await fetch(`${cadres}/api/v1/grids/grid-yeshan-dongwang-1`, { headers })).json()) as { responsibleMemberId: string };
    expect(grid.responsibleMemberId).toBe('mem-yeshan-dongwang-2');
    const bad = await fetch(`${cadres}/api/v1/members?limit=9999`, { headers });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${cadres}/api/v1/members/nobody`, { headers })).status).toBe(404);
    expect((await fetch(`${cadres}/api/v1/members`)).status).toBe(401);
  });
});
