import type { IntakeOrderInput, OrderRouting, OrderSummary, OrderView } from '@lianxin/contracts';
import { eventually, startSystem, type RunningSystem } from './harness';
import { bearerFor } from './tokens';

/** Intake and dispatch name only what exists; routing comes from the register's owner, cadres. */
let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem('refs');
});
afterAll(async () => {
  await system?.close();
});

const concern: IntakeOrderInput = {
  kind: 'concern',
  category: '道路安全',
  title: '村口路灯损坏',
  description: '东王村村口两盏路灯不亮，夜间行人有安全隐患。',
  channel: 'hotline',
  resident: { name: '赵建华', phone: '13700001234' },
  location: { gridId: 'grid-yeshan-dongwang-1' },
};
let agent: Record<string, string>;
let dispatcher: Record<string, string>;
beforeAll(async () => {
  agent = await bearerFor('agent-hotline-1');
  dispatcher = await bearerFor('mem-yeshan-dispatcher');
});

async function intake(body: IntakeOrderInput) {
  const response = await fetch(`${system.residents.url}/api/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...agent },
    body: JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as Record<string, unknown> & { errors?: { path: string; allowed: unknown[] }[] } };
}

async function command(orderId: string, body: object, headers: Record<string, string>) {
  const response = await fetch(`${system.cadres.url}/api/v1/orders/${orderId}/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as OrderView & { type?: string; errors?: { path: string; value: string }[] } };
}

describe('references to the catalogue and the register', () => {
  it('refuses an unknown category, grid or organisation with 422 and the allowed values', async () => {
    const badCategory = await intake({ ...concern, category: '学习用品' }); // a wish category, not a concern's
    expect(badCategory).toMatchObject({ status: 422, body: { type: 'urn:lianxin:problem:unknown-reference' } });
    expect(badCategory.type).toContain('application/problem+json');
    expect(badCategory.body.errors).toEqual([expect.objectContaining({ path: 'category', allowed: expect.arrayContaining(['道路安全', '环境治理']) })]);

    const badGrid = await intake({ ...concern, location: { gridId: 'grid-nowhere-9' } });
    expect(badGrid.status).toBe(422);
    expect(badGrid.body.errors![0]).toMatchObject({ path: 'location.gridId', allowed: expect.arrayContaining([expect.objectContaining({ id: 'grid-yeshan-dongwang-1' })]) });

    const badOrganisation = await intake({ ...concern, location: { organisationId: 'org-nowhere' } });
    expect(badOrganisation.status).toBe(422);
    expect(badOrganisation.body.errors![0]).toMatchObject({ path: 'location.organisationId' });

    const good = await intake(concern);
    expect(good.status).toBe(201);
  });

  it('routes an order through the cadres service: organisation, grid member, fallback', async () => {
    const routing = (await (await fetch(`${system.cadres.url}/api/v1/routing?gridId=grid-yeshan-dongwang-1`, { headers: dispatcher })).json()) as OrderRouting;
    expect(routing.organisationId).toBe('org-yeshan-dongwang');
    expect(routing.organisationPath).toEqual(['org-yeshan-dongwang', 'org-yeshan', 'org-county']);
    expect(routing.scope).toEqual(expect.arrayContaining(['org-yeshan-dongwang', 'org-yeshan', 'org-county', 'org-county-jiwei']));
    expect(routing.claimChain.gridMember).toMatchObject({ kind: 'member' });
    expect(routing.claimChain.fallbackOrganisation).toMatchObject({ kind: 'organisation' });
    const byOrganisation = (await (await fetch(`${system.cadres.url}/api/v1/routing?organisationId=org-yeshan-dongwang`, { headers: dispatcher })).json()) as OrderRouting;
    expect(byOrganisation.claimChain.fallbackOrganisation).toEqual(routing.claimChain.fallbackOrganisation);
    expect((await fetch(`${system.cadres.url}/api/v1/routing?grid=x`, { headers: dispatcher })).status).toBe(400);
    expect((await fetch(`${system.cadres.url}/api/v1/routing?gridId=grid-yeshan-dongwang-1`)).status).toBe(401);

    // The order's own view carries the organisation that routing found for its grid.
    const { body } = await intake(concern);
    const view = await eventually(async () => {
      const r = await fetch(`${system.residents.url}/api/v1/orders/${String(body.id)}`, { headers: dispatcher });
      return r.ok ? ((await r.json()) as OrderView) : undefined;
    }, 30_000, 'the order in tracking');
    expect(view.location.organisationId).toBe('org-yeshan-dongwang');
    expect(view.scope).toEqual(expect.arrayContaining(['org-yeshan-dongwang', 'org-yeshan', 'org-county', 'org-county-zuzhibu']));
    expect(view.scope).not.toContain('org-renheji');
  });

  it('refuses to dispatch to someone the register does not hold; dispatches to a member it does', async () => {
    const { body } = await intake(concern);
    const id = String(body.id);
    expect((await command(id, { type: 'accept' }, dispatcher)).status).toBe(200);
    const stranger = await command(id, { type: 'dispatch', target: { kind: 'member', id: 'mem-invented', name: '无名氏' }, coHandlers: [] }, dispatcher);
    expect(stranger).toMatchObject({ status: 422, body: { type: 'urn:lianxin:problem:unknown-target', errors: [{ path: 'target', value: 'mem-invented' }] } });
    const coHandler = await command(
      id,
      { type: 'dispatch', target: { kind: 'member', id: 'mem-yeshan-dongwang-2', name: '李秀英' }, coHandlers: [{ kind: 'organisation', id: 'org-invented', name: '虚构支部' }] },
      dispatcher,
    );
    expect(coHandler).toMatchObject({ status: 422, body: { errors: [{ path: 'coHandlers.0', value: 'org-invented' }] } });
    const dispatched = await command(id, { type: 'dispatch', target: { kind: 'member', id: 'mem-yeshan-dongwang-2', name: '李秀英' }, coHandlers: [] }, dispatcher);
    expect(dispatched).toMatchObject({ status: 200, body: { status: 'dispatched', handler: { id: 'mem-yeshan-dongwang-2' } } });
  });

  it('shows a member the claim offers open to all members, not only those offered to them by name', async () => {
    const { body } = await intake({ ...concern, kind: 'wish', category: '学习用品', title: '孩子需要一套课外读物' });
    const id = String(body.id);
    const accepted = await command(id, { type: 'accept' }, dispatcher);
    if (accepted.body.status !== 'open_for_claim') await command(id, { type: 'openForClaim', note: '应领尽领' }, dispatcher);
    const board = await eventually(async () => {
      const r = (await (await fetch(`${system.cadres.url}/api/v1/claim-board`, { headers: await bearerFor('mem-yeshan-dongwang-2') })).json()) as { items: OrderSummary[]; total: number };
      return r.items.some((o) => o.id === id) ? r : undefined;
    }, 30_000, 'the open offer on the member\'s claim board');
    expect(board.items.find((o) => o.id === id)).toMatchObject({ status: 'open_for_claim', claim: { openToAll: true } });
  });
});
