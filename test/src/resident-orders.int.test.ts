import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { auditDatabaseName, auditKeyFromEnv, verifyAuditTrail } from '@lianxin/audit';
import type { IntakeOrderInput, OrderSummary } from '@lianxin/contracts';
import { eventually, startSystem, type RunningSystem } from './harness';
import { bearerFor } from './tokens';

/**
 * 历史工单 over the real residents service: intake, by either door (POST /api/v1/orders and
 * Open311), notes each order under a keyed hash of the resident's phone; an agent finds a caller's
 * earlier orders by the number (masked, newest first, only those they may read), every search is
 * audited with the hash, and nothing in the databases holds the number in clear.
 */
const phone = '13766660101';
const otherPhone = '13766660202';

const order = (number: string, title: string): IntakeOrderInput => ({
  kind: 'concern',
  category: '道路安全',
  title,
  description: '村口路面塌陷，雨天积水，老人出行不便。',
  channel: 'hotline',
  resident: { name: '欧阳秀英', phone: number },
  location: { gridId: 'grid-yeshan-dongwang-1', address: '冶山镇东王村三组十二号' },
});

let system: RunningSystem;
let db: Connection;

beforeAll(async () => {
  system = await startSystem('resident-orders');
  db = mongoose.createConnection(system.config.mongo.url, { serverSelectionTimeoutMS: 10_000 });
  await db.asPromise();
});
afterAll(async () => {
  await db?.close();
  await system?.close();
});

const residentsDb = () => db.useDb(`${system.config.mongo.dbPrefix}_residents`);
const auditDb = () => db.useDb(auditDatabaseName(system.config.mongo.dbPrefix));

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${system.residents.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

async function search(username: string, number: unknown) {
  const answer = await post('/api/v1/orders/search-by-phone', { phone: number }, await bearerFor(username));
  return { ...answer, body: JSON.parse(answer.text) as { items: OrderSummary[]; total: number; type?: string } };
}

/** Waits until the tracking read model holds the order (the search reads it). */
async function tracked(id: string): Promise<void> {
  const headers = await bearerFor('agent-hotline-1');
  await eventually(async () => ((await fetch(`${system.residents.url}/api/v1/orders/${id}`, { headers })).status === 200 ? true : undefined), 30_000, `${id} in tracking`);
}

describe('历史工单: a caller\'s earlier orders by phone number', () => {
  const ids: { hotline?: string; open311?: string; other?: string } = {};

  it('notes orders of both doors under the phone, once per order even when intake is retried', async () => {
    const agent = await bearerFor('agent-hotline-1');
    const key = `resident-orders-${randomUUID()}`;
    const first = await post('/api/v1/orders', order(phone, '村口路面塌陷'), { ...agent, 'idempotency-key': key });
    expect(first.status).toBe(201);
    ids.hotline = (JSON.parse(first.text) as { id: string }).id;
    const retry = await post('/api/v1/orders', order(phone, '村口路面塌陷'), { ...agent, 'idempotency-key': key });
    expect({ status: retry.status, id: (JSON.parse(retry.text) as { id: string }).id }).toEqual({ status: 200, id: ids.hotline });

    // The same resident through Open311, the number written as people write it.
    const client = await post('/api/v1/open311/clients', { name: '市民随手拍' }, await bearerFor('admin'));
    expect(client.status).toBe(201);
    const apiKey = (JSON.parse(client.text) as { apiKey: string }).apiKey;
    const form = new URLSearchParams({
      api_key: apiKey,
      service_code: 'concern.road-safety',
      address_id: 'grid-yeshan-dongwang-1',
      description: '村口两盏路灯不亮，夜间行人有安全隐患。',
      last_name: '欧阳',
      first_name: '秀英',
      phone: '+86 137-6666-0101',
    });
    const submitted = await fetch(`${system.residents.url}/open311/v2/requests.json`, { method: 'POST', body: form });
    expect(submitted.status).toBe(201);
    ids.open311 = ((await submitted.json()) as { service_request_id: string }[])[0]!.service_request_id;

    // Another resident, opening their own order without an account.
    const other = await post('/api/v1/orders', { ...order(otherPhone, '路灯不亮'), channel: 'web' });
    expect(other.status).toBe(201);
    ids.other = (JSON.parse(other.text) as { id: string }).id;

    const index = await residentsDb().collection<{ _id: string; orderIds: string[] }>('resident_order_index').find().toArray();
    expect(index).toHaveLength(2);
    for (const entry of index) expect(entry._id).toMatch(/^[0-9a-f]{64}$/);
    const mine = index.find((entry) => entry.orderIds.includes(ids.hotline!));
    expect(mine?.orderIds.sort()).toEqual([ids.hotline, ids.open311].sort()); // the retry added nothing
    expect(index.find((entry) => entry !== mine)?.orderIds).toEqual([ids.other]);
  });

  it('finds exactly the caller\'s orders for an agent, masked and newest first, however the number is written', async () => {
    await Promise.all([ids.hotline!, ids.open311!, ids.other!].map(tracked));
    const found = await search('agent-hotline-1', phone);
    expect(found.status).toBe(200);
    expect(found.body.total).toBe(2);
    expect(found.body.items.map((item) => item.id)).toEqual([ids.open311, ids.hotline]);
    expect(found.body.items[1]).toMatchObject({ title: '村口路面塌陷', status: 'received', residentName: '欧**英', channel: 'hotline' });
    expect(found.body.items[0]).toMatchObject({ channel: 'open311', residentName: '欧**英' });
    expect(found.text).not.toContain(phone);
    expect(found.text).not.toContain('欧阳秀英');
    expect(found.text).not.toContain('三组十二号');

    const written = await search('agent-hotline-1', '+86 137 6666-0101');
    expect(written.body.items.map((item) => item.id)).toEqual([ids.open311, ids.hotline]);
    const other = await search('agent-hotline-1', otherPhone);
    expect(other.body.items.map((item) => item.id)).toEqual([ids.other]);
    const nobody = await search('agent-hotline-1', '13900000000');
    expect(nobody.body).toEqual({ items: [], total: 0 });
  });

  it('answers only the orders a dispatcher may read: the township\'s, not another township\'s', async () => {
    const own = await search('mem-yeshan-dispatcher', phone);
    expect({ status: own.status, total: own.body.total }).toEqual({ status: 200, total: 2 });
    const elsewhere = await search('mem-renheji-dispatcher', phone);
    expect({ status: elsewhere.status, body: elsewhere.body }).toEqual({ status: 200, body: { items: [], total: 0 } });
  });

  it('refuses people without the role (403) and anonymous callers (401)', async () => {
    const member = await search('mem-yeshan-dongwang-2', phone);
    expect(member.status).toBe(403);
    expect(member.contentType).toContain('application/problem+json');
    const anonymous = await post('/api/v1/orders/search-by-phone', { phone });
    expect(anonymous.status).toBe(401);
  });

  it('refuses what is not a mainland mobile number with a 400 problem', async () => {
    for (const bad of ['12345', '23766660101', '1376666010x', 13766660101, '']) {
      const answer = await search('agent-hotline-1', bad);
      expect({ bad, status: answer.status }).toEqual({ bad, status: 400 });
      expect(answer.contentType).toContain('application/problem+json');
    }
    const extra = await post('/api/v1/orders/search-by-phone', { phone, name: 'x' }, await bearerFor('agent-hotline-1'));
    expect(extra.status).toBe(400);
    const notJson = await fetch(`${system.residents.url}/api/v1/orders/search-by-phone`, { method: 'POST', headers: await bearerFor('agent-hotline-1'), body: phone });
    expect(notJson.status).toBe(415);
  });

  it('audits every search with the number\'s hash, never the number, and the trail still verifies', async () => {
    const records = await auditDb()
      .collection<{ kind: string; action: string; actor: { id: string }; details?: Record<string, unknown> }>('audit_records')
      .find({ action: 'searchOrdersByPhone' })
      .sort({ seq: 1 })
      .toArray();
    // agent ×4 (phone, written otherwise, other phone, nobody), two dispatchers; refusals are access denials, not searches.
    expect(records).toHaveLength(6);
    const index = await residentsDb().collection<{ _id: string; orderIds: string[] }>('resident_order_index').findOne({ orderIds: ids.hotline! });
    const byAgent = records.filter((record) => record.actor.id === 'agent-hotline-1');
    expect(byAgent[0]).toMatchObject({ kind: 'reveal', details: { phoneHash: index!._id, total: 2 } });
    expect(byAgent[1]!.details!['phoneHash']).toBe(index!._id);
    const text = JSON.stringify(await auditDb().collection('audit_records').find().toArray());
    expect(text).not.toContain(phone);
    expect(text).not.toContain('6666-0101');
    expect(text).not.toContain(otherPhone);

    const verification = await verifyAuditTrail(auditDb(), { key: auditKeyFromEnv(process.env) });
    expect(verification.ok).toBe(true);
  });

  it('leaves no phone number in clear anywhere in the residents\' database or the audit trail', async () => {
    for (const database of [residentsDb(), auditDb()]) {
      for (const { name } of await database.db!.listCollections().toArray()) {
        if (name.startsWith('attachments.')) continue;
        const documents = JSON.stringify(await database.collection(name).find().toArray());
        expect({ collection: name, phone: documents.includes(phone), otherPhone: documents.includes(otherPhone) }).toEqual({ collection: name, phone: false, otherPhone: false });
      }
    }
  });
});
