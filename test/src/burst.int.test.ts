import type { IntakeOrderInput, OrderSummary, OrderView } from '@lianxin/contracts';
import { eventually, startSystem, type RunningSystem } from './harness';
import { bearerFor } from './tokens';

/**
 * A burst of intakes through the residents service must reach every read model: the bound below
 * catches a frozen consumer (what a burst used to cause), it does not measure speed.
 */
const bursts = [50, 100];
const visibleWithinMs = 120_000;

let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem('burst');
});
afterAll(async () => {
  await system?.close();
});

const intake = (i: number): IntakeOrderInput => ({
  kind: 'concern',
  category: '环境治理',
  urgency: 'general',
  title: `楼道堆放杂物 ${i} 号`,
  description: '楼道内长期堆放杂物，存在消防隐患。',
  channel: i % 2 === 0 ? 'hotline' : 'web',
  resident: { name: '陈立新', phone: '13800001111' },
  location: { gridId: 'grid-yeshan-dongwang-1' },
});

async function post(i: number): Promise<string> {
  const response = await fetch(`${system.residents.url}/api/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await bearerFor('agent-hotline-1')) },
    body: JSON.stringify(intake(i)),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

describe('a burst of intake reaches every read model', () => {
  it(`shows every order of ${bursts.join(' + ')} concurrent intakes in tracking and in the dispatch queue`, async () => {
    const ids: string[] = [];
    const agent = await bearerFor('agent-hotline-1');
    let n = 0;
    for (const size of bursts) ids.push(...(await Promise.all(Array.from({ length: size }, () => post(n++)))));

    const missingFromTracking = await eventually(async () => {
      const statuses = await Promise.all(ids.map((id) => fetch(`${system.residents.url}/api/v1/orders/${id}`, { headers: agent }).then((r) => r.status)));
      const missing = ids.filter((_, i) => statuses[i] !== 200);
      return missing.length === 0 ? missing : undefined;
    }, visibleWithinMs, 'every order in the tracking read model');
    expect(missingFromTracking).toEqual([]);
    const one = (await (await fetch(`${system.residents.url}/api/v1/orders/${ids[0]}`, { headers: agent })).json()) as OrderView;
    expect(one.resident.phone).toBe('138****1111');

    const queue = await eventually(async () => {
      const r = (await (await fetch(`${system.cadres.url}/api/v1/dispatch-queue?limit=200`, { headers: agent })).json()) as { items: OrderSummary[]; total: number };
      return ids.every((id) => r.items.some((o) => o.id === id)) ? r : undefined;
    }, visibleWithinMs, 'every order in the dispatch queue');
    expect(queue.total).toBe(ids.length);

    // Readiness reports each consumer's lag, which drains to zero.
    for (const service of [system.residents, system.cadres, system.notifications]) {
      const drained = await eventually(async () => {
        const body = (await (await fetch(`${service.url}/readyz`)).json()) as { consumers: { groupId: string; lag: number; stuck: boolean; checkedAt?: string }[] };
        return body.consumers.length === 1 && body.consumers[0]!.checkedAt && body.consumers[0]!.lag === 0 ? body : undefined;
      }, visibleWithinMs, 'consumer lag back to zero');
      expect(drained.consumers[0]).toMatchObject({ lag: 0, stuck: false });
    }
  });
});
