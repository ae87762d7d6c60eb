import type { IntakeOrderInput } from '@lianxin/contracts';
import { commandKeysModel, pruneCommandKeys } from '@lianxin/order-http';
import { connectMongo, connectTemporal } from '@lianxin/platform';
import { idempotencyModel, pruneIdempotencyKeys } from '@lianxin/residents/src/intake/idempotency';
import { eventually, startSystem, type RunningSystem } from './harness';
import { bearerFor } from './tokens';

/** One order per intake key for ever: a retry after the order has ended is the same order, not a new run. */
let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem('keys');
});
afterAll(async () => {
  await system?.close();
});

const wish: IntakeOrderInput = {
  kind: 'wish',
  category: '精神文化',
  title: '社区老人想要一台收音机',
  description: '铜城社区独居老人希望有一台收音机听戏。',
  channel: 'hotline',
  resident: { name: '孙玉兰', phone: '13600002222' },
};

const post = async (key: string) =>
  fetch(`${system.residents.url}/api/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await bearerFor('agent-hotline-2')), 'idempotency-key': key },
    body: JSON.stringify(wish),
  });

describe('intake keys', () => {
  it('answers a retry after 撤单 with the same order and starts no second run', async () => {
    const key = `intake-after-close-${Date.now()}`;
    const first = await post(key);
    expect(first.status).toBe(201);
    const { id, trackingCode } = (await first.json()) as { id: string; trackingCode: string };

    const cancelled = await fetch(`${system.residents.url}/api/v1/orders/${id}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tracking-code': trackingCode },
      body: JSON.stringify({ type: 'cancel', reason: '已自行解决' }),
    });
    expect(cancelled.status).toBe(200);

    const { connection, client } = await connectTemporal(system.config);
    try {
      const handle = client.workflow.getHandle(id);
      const ended = await eventually(async () => {
        const description = await handle.describe();
        return description.status.name === 'COMPLETED' ? description : undefined;
      }, 30_000, 'the order workflow to end');

      const retry = await post(key);
      expect(retry.status).toBe(200);
      // The same order, and the same tracking code to tell the caller again.
      expect((await retry.json()) as { id: string; trackingCode: string }).toMatchObject({ id, trackingCode });
      const after = await handle.describe();
      expect(after.runId).toBe(ended.runId);
      expect(after.status.name).toBe('COMPLETED');
    } finally {
      await connection.close();
    }
  });
});

describe('key retention', () => {
  it('forgets intake and command keys past their retention, and keeps the recent ones', async () => {
    const db = await connectMongo(system.config, 'residents');
    try {
      const intakeKeys = idempotencyModel(db);
      const commandKeys = commandKeysModel(db);
      const day = 86_400_000;
      const tag = Date.now();
      await intakeKeys.create([
        { _id: `old-${tag}`, requestHash: 'h', orderId: 'LX20260101-OLD00001', createdAt: new Date(Date.now() - 31 * day) },
        { _id: `new-${tag}`, requestHash: 'h', orderId: 'LX20260101-NEW00001', createdAt: new Date(Date.now() - 29 * day) },
      ]);
      await commandKeys.create([
        { _id: `LX20260101-OLD00001|old-${tag}`, requestHash: 'h', createdAt: new Date(Date.now() - 31 * day) },
        { _id: `LX20260101-NEW00001|new-${tag}`, requestHash: 'h', createdAt: new Date(Date.now() - day) },
      ]);
      const before = new Date(Date.now() - 30 * day);
      expect(await pruneIdempotencyKeys(intakeKeys, before)).toBeGreaterThanOrEqual(1);
      expect(await pruneCommandKeys(commandKeys, before)).toBeGreaterThanOrEqual(1);
      expect(await intakeKeys.findById(`old-${tag}`).lean()).toBeNull();
      expect(await intakeKeys.findById(`new-${tag}`).lean()).not.toBeNull();
      expect(await commandKeys.findById(`LX20260101-OLD00001|old-${tag}`).lean()).toBeNull();
      expect(await commandKeys.findById(`LX20260101-NEW00001|new-${tag}`).lean()).not.toBeNull();
    } finally {
      await db.close();
    }
  });
});
