import mongoose from 'mongoose';
import type { IntakeOrderInput } from '@lianxin/contracts';
import { auditDatabaseName } from '@lianxin/audit';
import { eventually, startSystem, type RunningSystem } from './harness';
import { bearerFor } from './tokens';

/**
 * 附件 over the real residents service (GridFS in its own FerretDB database): who may upload and
 * read an order's photos, the limits (kind by the bytes, size, count), the bytes read back as
 * sent, and an attachment id named as a 民情日记 photo showing in the order's timeline.
 */
const maxPerOrder = 4;
let system: RunningSystem;
const previousLimit = process.env.LIANXIN_ATTACHMENTS_MAX_PER_ORDER;

beforeAll(async () => {
  process.env.LIANXIN_ATTACHMENTS_MAX_PER_ORDER = String(maxPerOrder);
  system = await startSystem('attachments');
});
afterAll(async () => {
  await system?.close();
  if (previousLimit === undefined) delete process.env.LIANXIN_ATTACHMENTS_MAX_PER_ORDER;
  else process.env.LIANXIN_ATTACHMENTS_MAX_PER_ORDER = previousLimit;
});

/** A 1×1 PNG and a tiny JFIF JPEG: real files, as a phone would send them. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const jpeg = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAA//EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AN//Z',
  'base64',
);

const concern: IntakeOrderInput = {
  kind: 'concern',
  category: '道路安全',
  title: '村口路灯损坏',
  description: '东王村村口两盏路灯不亮，夜间行人有安全隐患。',
  channel: 'hotline',
  resident: { name: '王秀英', phone: '13912345678' },
  location: { gridId: 'grid-yeshan-dongwang-1', address: '冶山镇东王村3组12号' },
};

interface AttachmentBody {
  id: string;
  orderId: string;
  contentType: string;
  size: number;
  sha256: string;
  filename: string;
  createdAt: string;
  url: string;
}

type Headers = Record<string, string>;

const upload = async (orderId: string, bytes: Buffer, contentType: string, headers: Headers) => {
  const response = await fetch(`${system.residents.url}/api/v1/orders/${orderId}/attachments`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body: bytes,
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', location: response.headers.get('location'), body: (await response.json()) as AttachmentBody & { type?: string; maxBytes?: number; maxPerOrder?: number } };
};

const read = (path: string, headers: Headers) => fetch(`${system.residents.url}${path}`, { headers });

async function command(orderId: string, body: object, who: string): Promise<number> {
  const response = await fetch(`${system.cadres.url}/api/v1/orders/${orderId}/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await bearerFor(who)) },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('attachments of an order', () => {
  it('are uploaded and read back by whoever may read the order, within the limits, and named by diary entries', async () => {
    const agent = await bearerFor('agent-hotline-1');
    const handler = await bearerFor('mem-yeshan-dongwang-2');
    const outsider = await bearerFor('mem-renheji-renhe-2');
    const created = await fetch(`${system.residents.url}/api/v1/orders`, { method: 'POST', headers: { 'content-type': 'application/json', ...agent }, body: JSON.stringify(concern) });
    expect(created.status).toBe(201);
    const { id, trackingCode } = (await created.json()) as { id: string; trackingCode: string };
    const resident = { 'x-tracking-code': trackingCode };

    // The township accepts and dispatches it to a member of the village, who signs for it: now he may read it.
    await eventually(async () => ((await command(id, { type: 'accept' }, 'mem-yeshan-dispatcher')) === 200 ? true : undefined), 20_000, 'the order accepted');
    expect(await command(id, { type: 'dispatch', target: { kind: 'member', id: 'mem-yeshan-dongwang-2', name: '李秀英' } }, 'mem-yeshan-dispatcher')).toBe(200);
    expect(await command(id, { type: 'sign' }, 'mem-yeshan-dongwang-2')).toBe(200);
    await eventually(async () => ((await read(`/api/v1/orders/${id}`, handler)).status === 200 ? true : undefined), 20_000, 'the handler reading the order');

    // A PNG (its name in UTF-8, percent-encoded) and a JPEG (with an Idempotency-Key).
    const first = await upload(id, png, 'image/png', { ...handler, 'x-filename': encodeURIComponent('东王村路灯.png') });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.stringMatching(/^att_[0-9a-f]{32}$/),
      orderId: id,
      contentType: 'image/png',
      size: png.length,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      filename: '东王村路灯.png',
      createdAt: expect.any(String),
      url: `/api/v1/orders/${id}/attachments/${first.body.id}`,
    });
    expect(first.location).toBe(first.body.url);
    const key = { 'idempotency-key': `photo-${id}-jpeg-1` };
    const second = await upload(id, jpeg, 'image/jpeg', { ...handler, ...key });
    expect(second.status).toBe(201);
    // The same bytes under the same key: the same attachment; other bytes under it: refused.
    const retried = await upload(id, jpeg, 'image/jpeg', { ...handler, ...key });
    expect({ status: retried.status, id: retried.body.id }).toEqual({ status: 200, id: second.body.id });
    const reused = await upload(id, png, 'image/png', { ...handler, ...key });
    expect(reused.status).toBe(422);

    // Read back byte for byte, with the stored type and the headers that keep a browser from guessing.
    for (const [stored, bytes, type] of [[first.body, png, 'image/png'], [second.body, jpeg, 'image/jpeg']] as const) {
      const answer = await read(stored.url, handler);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe(type);
      expect(answer.headers.get('cache-control')).toBe('private');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('content-disposition')).toMatch(/^inline; filename="[^"]+"; filename\*=UTF-8''/);
      expect(Buffer.from(await answer.arrayBuffer()).equals(bytes)).toBe(true);
    }
    expect((await read(first.body.url, handler)).headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('东王村路灯')}.png`);

    // A member of another township: refused everywhere; nobody at all: asked to sign in.
    expect((await upload(id, png, 'image/png', outsider)).status).toBe(403);
    expect((await read(first.body.url, outsider)).status).toBe(403);
    expect((await read(`/api/v1/orders/${id}/attachments`, outsider)).status).toBe(403);
    expect((await read(first.body.url, {})).status).toBe(401);

    // Wrong kinds and too large: problems, and nothing stored.
    const text = await upload(id, Buffer.from('这不是图片，只是一段文字。'), 'image/png', handler);
    expect({ status: text.status, type: text.type.split(';')[0], problem: text.body.type }).toEqual({ status: 415, type: 'application/problem+json', problem: 'urn:lianxin:problem:attachment-type-mismatch' });
    const plain = await upload(id, Buffer.from('plain text'), 'text/plain', handler);
    expect({ status: plain.status, problem: plain.body.type }).toEqual({ status: 415, problem: 'urn:lianxin:problem:unsupported-attachment-type' });
    const huge = await upload(id, Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024)]), 'image/png', handler);
    expect({ status: huge.status, problem: huge.body.type, maxBytes: huge.body.maxBytes }).toEqual({ status: 413, problem: 'urn:lianxin:problem:attachment-too-large', maxBytes: 5 * 1024 * 1024 });
    const listed = (await (await read(`/api/v1/orders/${id}/attachments`, handler)).json()) as { orderId: string; items: AttachmentBody[] };
    expect(listed).toEqual({ orderId: id, items: [first.body, second.body] });

    // The resident reads them with the tracking code; a wrong code is refused.
    const byResident = await read(first.body.url, resident);
    expect(byResident.status).toBe(200);
    expect(Buffer.from(await byResident.arrayBuffer()).equals(png)).toBe(true);
    expect((await read(`/api/v1/orders/${id}/attachments`, resident)).status).toBe(200);
    expect((await read(first.body.url, { 'x-tracking-code': 'ABCD-EFGH' })).status).toBe(403);

    // Unknown ids: a well-formed one is not found, a malformed one is a bad request, another order is not found.
    const unknown = await read(`/api/v1/orders/${id}/attachments/att_00000000000000000000000000000000`, handler);
    expect({ status: unknown.status, problem: ((await unknown.json()) as { type: string }).type }).toEqual({ status: 404, problem: 'urn:lianxin:problem:attachment-not-found' });
    expect((await read(`/api/v1/orders/${id}/attachments/..%2F..%2Fetc`, handler)).status).toBe(400);
    expect((await read(`/api/v1/orders/LX00000000-NONE/attachments/${first.body.id}`, agent)).status).toBe(404);

    // 民情日记 names the photo by its id; the timeline shows it.
    expect(await command(id, { type: 'addDiaryEntry', text: '已联系供电所，现场拍照留存', photos: [first.body.id] }, 'mem-yeshan-dongwang-2')).toBe(200);
    const diary = await eventually(async () => {
      const timeline = (await (await read(`/api/v1/orders/${id}/timeline`, resident)).json()) as { entries: { type: string; details: { photos?: string[] } }[] };
      return timeline.entries.find((entry) => entry.type === 'order.diary_entry_added');
    }, 20_000, 'the diary entry in the timeline');
    expect(diary.details.photos).toEqual([first.body.id]);

    // The resident adds one too; then the order is full.
    expect((await upload(id, png, 'image/png', resident)).status).toBe(201);
    expect((await upload(id, jpeg, 'image/jpeg', handler)).status).toBe(201);
    const full = await upload(id, png, 'image/png', handler);
    expect({ status: full.status, problem: full.body.type, maxPerOrder: full.body.maxPerOrder }).toEqual({ status: 422, problem: 'urn:lianxin:problem:too-many-attachments', maxPerOrder });

    // Every upload is in the residents' audit trail (who, which order, which file — no names or bytes).
    const mongo = await mongoose.createConnection(system.config.mongo.url).asPromise();
    try {
      const records = mongo.useDb(auditDatabaseName(system.config.mongo.dbPrefix)).db!.collection('audit_records');
      const uploads = await records.find({ kind: 'command', action: 'uploadAttachment', target: id }).toArray();
      expect(uploads.map((r) => (r as unknown as { actor: { id: string } }).actor.id).sort()).toEqual(['mem-yeshan-dongwang-2', 'mem-yeshan-dongwang-2', 'mem-yeshan-dongwang-2', `resident:${id}`]);
      // The bytes are in GridFS, in the residents' own database.
      const files = mongo.useDb(`${system.config.mongo.dbPrefix}_residents`).db!.collection('attachments.files');
      expect(await files.countDocuments({ _id: first.body.id as never })).toBe(1);
    } finally {
      await mongo.close();
    }
  });
});
