import { OrderCase, firstReleaseRules } from '../../src/order/order-case';
import { defaultOrderPolicy } from '../../src/order/policy';
import { IntakeOrder, OrderCommand, type Actor } from '@lianxin/contracts/order';

const day = 86_400_000;
const t0 = Date.parse('2026-11-23T08:00:00.000Z');
const agent: Actor = { id: 'agent-1', role: 'agent' };
const intake = IntakeOrder.parse({
  kind: 'concern', category: '环境治理', urgency: 'general', title: '垃圾未清运', description: '三天无人清运',
  channel: 'hotline', resident: { name: '李桂兰' },
});
const chain = { socialOrgs: [], fallbackOrganisation: { kind: 'organisation' as const, id: 'org-fallback', name: '兜底专班' } };

function acceptedAt(rules?: Parameters<typeof OrderCase.open>[3]) {
  const order = OrderCase.open({ id: 'LX-R', intake, openedBy: agent, claimChain: chain }, defaultOrderPolicy, t0, rules);
  order.apply(OrderCommand.parse({ type: 'accept' }), agent, t0 + day);
  return order;
}

describe('rules that changed while orders were running', () => {
  it('first-release rules: no resolve clock until the first dispatch', () => {
    const order = acceptedAt(firstReleaseRules);
    expect(order.view(t0 + day).clocks.map((c) => c.name)).not.toContain('resolve');
  });

  it('since resolve-clock-from-acceptance: the resolve clock starts at 受理 and dispatch keeps it', () => {
    const order = acceptedAt({ resolveClockFrom: 'acceptance' });
    const due = new Date(t0 + day + 7 * day).toISOString();
    expect(order.view(t0 + day).clocks.find((c) => c.name === 'resolve')?.dueAt).toBe(due);
    order.apply(
      OrderCommand.parse({ type: 'dispatch', target: { kind: 'member', id: 'm1', name: '王建国' } }),
      { id: 'd1', role: 'dispatcher' },
      t0 + 2 * day,
    );
    expect(order.view(t0 + 2 * day).clocks.find((c) => c.name === 'resolve')?.dueAt).toBe(due);
  });

  it('a snapshot without rules (from before they existed) keeps the first-release rules', () => {
    const { rules: _rules, ...old } = acceptedAt({ resolveClockFrom: 'acceptance' }).snapshot();
    const restored = OrderCase.fromSnapshot({ ...old, status: 'received', clocks: [] });
    restored.apply(OrderCommand.parse({ type: 'accept' }), agent, t0 + 3 * day);
    expect(restored.view(t0 + 3 * day).clocks.map((c) => c.name)).not.toContain('resolve');
  });
});
