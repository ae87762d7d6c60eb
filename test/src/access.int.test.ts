import { Client, Connection } from '@temporalio/client';
import { generateKeyPair, SignJWT } from 'jose';
import mongoose from 'mongoose';
import type { IntakeOrderInput } from '@lianxin/contracts';
import { auditDatabaseName } from '@lianxin/audit';
import { eventually, startSystem, type RunningSystem } from './harness';
import { bearerFor, oidcAudience, oidcIssuer, tokenFor } from './tokens';

/**
 * Who may see and do what, over HTTP on the real stack with tokens from the real provider: a
 * role × route × scope matrix. Every cell says what the caller gets: 401 without a token, 403
 * outside their role, scope or involvement, 200 inside.
 */
let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem('access');
});
afterAll(async () => {
  await system?.close();
});

const concern = (gridId: string, phone: string): IntakeOrderInput => ({
  kind: 'concern',
  category: '环境治理',
  title: '河道垃圾堆积',
  description: '村边河道垃圾堆积，夏季异味严重。',
  channel: 'hotline',
  resident: { name: '韩立春', phone },
  location: { gridId },
});

type Caller = string | { code: string } | undefined;

async function headersOf(caller: Caller): Promise<Record<string, string>> {
  if (caller === undefined) return {};
  if (typeof caller === 'object') return { 'x-tracking-code': caller.code };
  return bearerFor(caller);
}

async function status(method: 'GET' | 'POST', url: string, caller: Caller, body?: unknown): Promise<number> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(await headersOf(caller)) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function open(gridId: string, phone: string): Promise<{ id: string; trackingCode: string }> {
  const response = await fetch(`${system.residents.url}/api/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await bearerFor('agent-hotline-1')) },
    body: JSON.stringify(concern(gridId, phone)),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; trackingCode: string };
}

/** Every cell of a table of [caller, expected status]. */
async function expectCells(what: string, cells: readonly (readonly [Caller, number])[], probe: (caller: Caller) => Promise<number>) {
  const answers: number[] = [];
  for (const [caller] of cells) answers.push(await probe(caller));
  const name = (c: Caller) => (c === undefined ? '(no token)' : typeof c === 'object' ? '(tracking code)' : c);
  expect(cells.map(([c, expected], i) => `${what} ${name(c)} → ${answers[i]}${answers[i] === expected ? '' : ` (expected ${expected})`}`)).toEqual(
    cells.map(([c, expected]) => `${what} ${name(c)} → ${expected}`),
  );
}

describe('tokens the services refuse', () => {
  it('answers 401 invalid_token to a forged, unsigned, tampered or foreign token, through the real services', async () => {
    const real = await tokenFor('mem-yeshan-dispatcher');
    const [header, payload, signature] = real.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string };
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const other = await generateKeyPair('RS256');
    const forge = (overrides: Record<string, unknown>, key = other.privateKey) =>
      new SignJWT({ ...claims, ...overrides }).setProtectedHeader({ alg: 'RS256', kid }).sign(key);
    const admin = { sub: 'admin', roles: ['admin'], org: 'org-county' };
    const tokens: Record<string, string> = {
      'signed with another key under the real kid': await forge(admin),
      'alg none': `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, ...admin })}.`,
      'payload swapped under the real signature': `${header}.${encode({ ...claims, ...admin })}.${signature}`,
      'signature altered': `${header}.${payload}.${signature.slice(0, -4)}${signature.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`,
      'expired (another key)': await forge({ exp: Math.floor(Date.now() / 1000) - 3600 }),
      'another issuer (another key)': await forge({ iss: 'https://sso.example.org' }),
      garbage: 'not.a.token',
    };
    expect(claims).toMatchObject({ iss: oidcIssuer(), aud: oidcAudience() });
    const answers: Record<string, string> = {};
    for (const [name, token] of Object.entries(tokens)) {
      const response = await fetch(`${system.cadres.url}/api/v1/members`, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      answers[name] = `${response.status} ${response.headers.get('www-authenticate') ?? ''}`;
    }
    expect(answers).toEqual(Object.fromEntries(Object.keys(tokens).map((name) => [name, expect.stringMatching(/^401 Bearer .*invalid_(token|request)/)])));
    // The real one passes.
    expect((await fetch(`${system.cadres.url}/api/v1/members`, { headers: { authorization: `Bearer ${real}` } })).status).toBe(200);
  });
});

describe('the role × route × scope matrix', () => {
  it('reads, lists, commands and reveals answer 401, 403 or 200 as designed', async () => {
    const residents = system.residents.url;
    const cadres = system.cadres.url;
    // One order in 冶山镇东王村, one in 仁和集镇仁和村.
    const yeshan = await open('grid-yeshan-dongwang-1', '13900007001');
    const renheji = await open('grid-renheji-renhe-1', '13900007002');
    for (const { id } of [yeshan, renheji]) {
      await eventually(async () => ((await status('GET', `${residents}/api/v1/orders/${id}`, 'agent-hotline-1')) === 200 ? true : undefined), 20_000, `${id} in tracking`);
    }
    const read = (id: string) => (caller: Caller) => status('GET', `${residents}/api/v1/orders/${id}`, caller);

    await expectCells('read 冶山 order', [
      [undefined, 401],
      [{ code: yeshan.trackingCode }, 200], // the resident, with their code
      [{ code: renheji.trackingCode }, 403], // another resident's code
      [{ code: 'ABCD-EFGH' }, 403],
      ['agent-hotline-1', 200], // the county's hotline
      ['leader-county', 200],
      ['admin', 200],
      ['mem-county-supervisor', 200], // 县纪委: a county agency oversees the county
      ['mem-yeshan-dispatcher', 200], // its township
      ['mem-yeshan-supervisor', 200],
      ['mem-yeshan-dongwang-1', 200], // its village's 书记
      ['mem-yeshan-dongwang-gw', 200], // its village's grid worker
      ['mem-yeshan-shiqiao-1', 403], // another village of the same township
      ['mem-renheji-dispatcher', 403], // another township
      ['mem-renheji-supervisor', 403],
      ['mem-yeshan-dongwang-2', 403], // a member not (yet) involved
      ['soc-women', 403], // a social organisation not involved
    ], read(yeshan.id));
    await expectCells('timeline of 仁和 order', [
      [undefined, 401],
      [{ code: renheji.trackingCode }, 200],
      [{ code: yeshan.trackingCode }, 403],
      ['mem-renheji-dispatcher', 200],
      ['mem-yeshan-dispatcher', 403],
    ], (caller) => status('GET', `${residents}/api/v1/orders/${renheji.id}/timeline`, caller));

    // Lists: each shows only what the caller may see.
    const queueIds = async (caller: string) => {
      const response = await fetch(`${cadres}/api/v1/dispatch-queue?limit=200`, { headers: await bearerFor(caller) });
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: { id: string }[] }).items.map((o) => o.id);
    };
    await eventually(async () => ((await queueIds('agent-hotline-1')).includes(renheji.id) ? true : undefined), 20_000, 'both orders in the county queue');
    expect(await queueIds('agent-hotline-1')).toEqual(expect.arrayContaining([yeshan.id, renheji.id]));
    expect(await queueIds('leader-county')).toEqual(expect.arrayContaining([yeshan.id, renheji.id]));
    expect(await queueIds('mem-yeshan-dispatcher')).toContain(yeshan.id);
    expect(await queueIds('mem-yeshan-dispatcher')).not.toContain(renheji.id);
    expect(await queueIds('mem-renheji-dispatcher')).not.toContain(yeshan.id);
    expect(await queueIds('mem-yeshan-shiqiao-1')).not.toContain(yeshan.id);
    await expectCells('dispatch queue', [
      [undefined, 401],
      ['mem-yeshan-dongwang-2', 403], // a member has no dispatch queue
      ['soc-women', 403],
      ['mem-yeshan-dispatcher', 200],
    ], (caller) => status('GET', `${cadres}/api/v1/dispatch-queue`, caller));
    await expectCells('inbox', [
      [undefined, 401],
      ['leader-county', 403], // oversight has no inbox
      ['agent-hotline-1', 403],
      ['mem-yeshan-dongwang-2', 200],
    ], (caller) => status('GET', `${cadres}/api/v1/inbox`, caller));
    expect(await status('GET', `${cadres}/api/v1/inbox?handlerId=mem-yeshan-dongwang-3`, 'mem-yeshan-dongwang-2')).toBe(403);
    await expectCells('claim board', [
      [undefined, 401],
      ['leader-county', 403],
      ['mem-yeshan-dongwang-2', 200],
      ['soc-women', 200],
    ], (caller) => status('GET', `${cadres}/api/v1/claim-board`, caller));
    await expectCells('register', [
      [undefined, 401],
      [{ code: yeshan.trackingCode }, 401], // a tracking code opens one order, nothing else
      ['mem-yeshan-dongwang-2', 200],
      ['leader-county', 200],
    ], (caller) => status('GET', `${cadres}/api/v1/members?organisationId=org-yeshan-dongwang`, caller));

    // Commands: role, scope and involvement, as the workflow checks them.
    const commandOn = (service: string, id: string, body: object) => (caller: Caller) => status('POST', `${service}/api/v1/orders/${id}/commands`, caller, body);
    await expectCells('accept 冶山 order', [
      [undefined, 401],
      ['leader-county', 403], // read-only oversight
      ['mem-yeshan-dongwang-2', 403], // a member does not accept
      ['mem-renheji-dispatcher', 403], // another township's dispatcher
      ['mem-yeshan-shiqiao-1', 403], // another village's 书记
      ['mem-yeshan-dispatcher', 200],
    ], commandOn(cadres, yeshan.id, { type: 'accept' }));
    const member = { kind: 'member', id: 'mem-yeshan-dongwang-2', name: '李秀英' };
    await expectCells('dispatch 冶山 order', [
      ['mem-renheji-dispatcher', 403],
      ['mem-yeshan-supervisor', 403], // supervisors oversee, dispatchers dispatch
    ], commandOn(cadres, yeshan.id, { type: 'dispatch', target: member }));
    // A dispatcher may hand an order only to someone in their subtree.
    expect(await commandOn(cadres, yeshan.id, { type: 'dispatch', target: { kind: 'member', id: 'mem-renheji-renhe-2', name: '外镇党员' } })('mem-yeshan-dispatcher')).toBe(403);
    expect(await commandOn(cadres, yeshan.id, { type: 'dispatch', target: { kind: 'organisation', id: 'org-renheji-renhe', name: '外镇村' } })('mem-yeshan-dispatcher')).toBe(403);
    expect(await commandOn(cadres, yeshan.id, { type: 'dispatch', target: member })('mem-yeshan-dispatcher')).toBe(200);
    await expectCells('sign 冶山 order', [
      ['mem-yeshan-dongwang-3', 403], // not the handler
      ['mem-yeshan-dispatcher', 403], // dispatching does not make one the handler
      ['mem-yeshan-dongwang-2', 200],
    ], commandOn(cadres, yeshan.id, { type: 'sign' }));
    // Now involved, the handler reads the order; members elsewhere still do not.
    await eventually(async () => ((await read(yeshan.id)('mem-yeshan-dongwang-2')) === 200 ? true : undefined), 20_000, 'the handler reading the order');
    expect(await read(yeshan.id)('mem-yeshan-dongwang-3')).toBe(403);

    // 查看完整号码: the handler, or a scope role that may reveal; recorded in the audit trail.
    await expectCells('reveal contact of 冶山 order', [
      [undefined, 401],
      [{ code: yeshan.trackingCode }, 401],
      ['leader-county', 403],
      ['admin', 403],
      ['mem-renheji-dispatcher', 403],
      ['mem-yeshan-dongwang-3', 403],
      ['mem-yeshan-dongwang-2', 200],
      ['mem-yeshan-dispatcher', 200],
    ], (caller) => status('POST', `${residents}/api/v1/orders/${yeshan.id}/contact-reveal`, caller));

    // Residents act on their own order only; staff on theirs by role and scope.
    await expectCells('cancel 仁和 order', [
      [undefined, 401],
      [{ code: yeshan.trackingCode }, 403], // another resident's code
      ['mem-yeshan-dispatcher', 403], // dispatchers do not cancel
      [{ code: renheji.trackingCode }, 200],
    ], commandOn(residents, renheji.id, { type: 'cancel', reason: '已解决' }));

    // The codec endpoint decodes raw Temporal payloads for operators (admin) only.
    const raw = await Connection.connect({ address: system.config.temporal.address });
    let encrypted: { metadata: Record<string, string>; data: string };
    try {
      const history = await new Client({ connection: raw, namespace: system.config.temporal.namespace }).workflow.getHandle(yeshan.id).fetchHistory();
      const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
      const base64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('base64');
      encrypted = { metadata: Object.fromEntries(Object.entries(input.metadata ?? {}).map(([k, v]) => [k, base64(v)])), data: base64(input.data) };
    } finally {
      await raw.close();
    }
    expect(Buffer.from(encrypted.data, 'base64').toString('latin1')).not.toContain('13900007001');
    const decode = (caller: Caller) => status('POST', `${cadres}/api/v1/temporal-codec/decode`, caller, { payloads: [encrypted] });
    await expectCells('decode Temporal payloads', [
      [undefined, 401],
      ['mem-yeshan-dispatcher', 403],
      ['leader-county', 403],
      ['admin', 200],
    ], decode);
    const decoded = await fetch(`${cadres}/api/v1/temporal-codec/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await bearerFor('admin')) },
      body: JSON.stringify({ payloads: [encrypted] }),
    });
    const { payloads } = (await decoded.json()) as { payloads: { data: string }[] };
    expect(Buffer.from(payloads[0]!.data, 'base64').toString('utf8')).toContain('13900007001');

    // The audit trail holds the reveals, the commands and the refusals, by whom and on what.
    const mongo = await mongoose.createConnection(system.config.mongo.url).asPromise();
    try {
      const records = mongo.useDb(auditDatabaseName(system.config.mongo.dbPrefix)).db!.collection('audit_records');
      await eventually(async () => ((await records.countDocuments({ kind: 'reveal', action: 'revealContact' })) === 2 ? true : undefined), 10_000, 'two reveals recorded');
      expect(await records.countDocuments({ kind: 'reveal', 'actor.id': 'admin' })).toBe(2); // the two decodes
      expect(await records.findOne({ kind: 'reveal', 'actor.id': 'mem-yeshan-dongwang-2' })).toMatchObject({ target: yeshan.id, chain: 'residents' });
      expect(await records.findOne({ kind: 'command', action: 'dispatch', target: yeshan.id })).toMatchObject({ actor: { id: 'mem-yeshan-dispatcher' }, outcome: 'allowed' });
      expect(await records.findOne({ kind: 'refusal', action: 'accept', 'actor.id': 'mem-renheji-dispatcher' })).toMatchObject({ reason: 'OutOfScope', outcome: 'refused' });
      expect(await records.countDocuments({ kind: 'access_denied' })).toBeGreaterThan(5);
      expect(JSON.stringify(await records.find({}).toArray())).not.toContain('13900007001');
    } finally {
      await mongo.close();
    }
  });
});
