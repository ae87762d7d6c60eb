import { IntakeOrder, OrderCommand, type Actor, type HandlerTarget, type IntakeOrderInput } from '@lianxin/contracts/order';
import type { z } from 'zod';
import { OrderCase, type ClaimChain, type OrderCaseSnapshot } from '../../src/order/order-case';
import { defaultOrderPolicy, type OrderPolicy } from '../../src/order/policy';

export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;

/** 2026-03-02 09:00 Beijing time. */
export const t0 = Date.parse('2026-03-02T01:00:00.000Z');
export const iso = (ms: number) => new Date(ms).toISOString();

export const actors = {
  agent: { id: 'agent-1', role: 'agent', name: '王话务' },
  dispatcher: { id: 'disp-1', role: 'dispatcher', organisationId: 'org-town', name: '赵派单' },
  supervisor: { id: 'sup-1', role: 'supervisor', name: '钱督办' },
  resident: { id: 'res-1', role: 'resident', name: '张大爷' },
  member: { id: 'm-1', role: 'member', organisationId: 'org-village', name: '李明' },
  otherMember: { id: 'm-2', role: 'member', organisationId: 'org-other', name: '周强' },
  villageMember: { id: 'm-3', role: 'member', organisationId: 'org-village', name: '孙丽' },
  gridMember: { id: 'm-grid', role: 'member', organisationId: 'org-village', name: '吴网格' },
  socialOrgUser: { id: 'so-user', role: 'social_org', organisationId: 'so-1', name: '爱心社志愿者' },
  fallbackUser: { id: 'fb-user', role: 'member', organisationId: 'org-fallback', name: '兜底专班' },
  gridWorker: { id: 'gw-1', role: 'grid_worker', name: '郑网格员' },
} satisfies Record<string, Actor>;

export const targets = {
  member: { kind: 'member', id: 'm-1', name: '李明', organisationId: 'org-village' },
  otherMember: { kind: 'member', id: 'm-2', name: '周强', organisationId: 'org-other' },
  village: { kind: 'organisation', id: 'org-village', name: '幸福村党支部' },
  gridMember: { kind: 'member', id: 'm-grid', name: '吴网格', organisationId: 'org-village' },
  socialOrg: { kind: 'social_org', id: 'so-1', name: '爱心社' },
  socialOrg2: { kind: 'social_org', id: 'so-2', name: '夕阳红' },
  fallback: { kind: 'organisation', id: 'org-fallback', name: '县委兜底工作专班' },
} satisfies Record<string, HandlerTarget>;

export const fullChain: ClaimChain = {
  gridMember: targets.gridMember,
  socialOrgs: [targets.socialOrg, targets.socialOrg2],
  fallbackOrganisation: targets.fallback,
};

export function intake(overrides: Partial<IntakeOrderInput> = {}): IntakeOrder {
  return IntakeOrder.parse({
    kind: 'concern',
    category: '环境治理',
    urgency: 'general',
    title: '楼道垃圾无人清理',
    description: '三单元楼道垃圾堆放一周无人清理',
    channel: 'hotline',
    resident: { name: '张大爷', phone: '13800000000' },
    ...overrides,
  });
}

/** A command as a service would send it: parsed (defaults applied) by the contract schema. */
export const cmd = (command: z.input<typeof OrderCommand>): OrderCommand => OrderCommand.parse(command);

export function openOrder(
  options: { intake?: Partial<IntakeOrderInput>; policy?: OrderPolicy; chain?: ClaimChain; at?: number } = {},
): OrderCase {
  return OrderCase.open(
    { id: 'LX-0001', intake: intake(options.intake), openedBy: actors.agent, claimChain: options.chain ?? fullChain },
    options.policy ?? defaultOrderPolicy,
    options.at ?? t0,
  );
}

/** A policy differing from the defaults only in its escalation section. */
export function policyWith(escalation: Partial<OrderPolicy['escalation']>): OrderPolicy {
  return { ...defaultOrderPolicy, escalation: { ...defaultOrderPolicy.escalation, ...escalation } };
}

export const tAccept = t0 + 10 * minute;
export const tDispatch = t0 + hour;

/** received → accepted (t0+10 min) → dispatched to the member (t0+1 h). */
export function dispatchedOrder(options: Parameters<typeof openOrder>[0] = {}): OrderCase {
  const order = openOrder(options);
  order.apply(cmd({ type: 'accept' }), actors.dispatcher, tAccept);
  order.apply(cmd({ type: 'dispatch', target: targets.member }), actors.dispatcher, tDispatch);
  return order;
}

export const tSign = tDispatch + hour;
export const tContact = tDispatch + 2 * hour;

/** … → signed (dispatch+1 h) → in_progress (dispatch+2 h). Resolve deadline: dispatch + limit. */
export function inProgressOrder(options: Parameters<typeof openOrder>[0] = {}): OrderCase {
  const order = dispatchedOrder(options);
  order.apply(cmd({ type: 'sign' }), actors.member, tSign);
  order.apply(cmd({ type: 'contact', method: 'phone' }), actors.member, tContact);
  return order;
}

export const tResolve = tDispatch + 2 * day;

export function resolvedOrder(options: Parameters<typeof openOrder>[0] = {}): OrderCase {
  const order = inProgressOrder(options);
  order.apply(cmd({ type: 'resolve', summary: '已协调物业清理完毕', evidence: ['photo-1'] }), actors.member, tResolve);
  return order;
}

/** Event types recorded since the last drain. */
export function drainedTypes(order: OrderCase): string[] {
  return order.drainEvents().map((e) => e.type);
}

export function clockOf(order: OrderCase, name: string, now: number) {
  return order.view(now).clocks.find((c) => c.name === name);
}

/** Asserts the command is refused with `code` and that nothing changed. */
export function expectRefused(order: OrderCase, command: OrderCommand, actor: Actor, now: number, code: string): string {
  const before: OrderCaseSnapshot = order.snapshot();
  const refusal = order.can(command, actor, now);
  expect(refusal?.code).toBe(code);
  let thrown: unknown;
  try {
    order.apply(command, actor, now);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(Error);
  expect((thrown as { refusal?: unknown }).refusal).toEqual(refusal);
  expect(order.snapshot()).toEqual(before);
  return refusal!.message;
}
