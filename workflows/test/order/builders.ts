/**
 * The one set of builders for the OrderCase unit tests: people, handlers, the claim chain, a
 * standard story of instants, orders built up to each status, and the assertions every topic uses.
 */
import { IntakeOrder, OrderCommand, summaryOf, type Actor, type HandlerTarget, type IntakeOrderInput, type OrderEventType } from '@lianxin/contracts/order';
import type { z } from 'zod';
import { OrderCase, OrderRefused, type ClaimChain, type OrderCaseSnapshot, type OrderRules, type RecordedEvent } from '../../src/order/order-case';
import { defaultOrderPolicy, OrderPolicySchema, type OrderLimits, type OrderPolicy } from '../../src/order/policy';

export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;

/** 2026-05-11 08:30 Beijing time: the moment every test order is opened. */
export const T0 = Date.parse('2026-05-11T00:30:00.000Z');
export const isoOf = (ms: number): string => new Date(ms).toISOString();

export const system: Actor = { id: 'system', role: 'system', name: '系统' };

export const people = {
  agent: { id: 'agent-7', role: 'agent', name: '刘坐席' },
  dispatcher: { id: 'disp-7', role: 'dispatcher', organisationId: 'org-street', name: '陈派单' },
  supervisor: { id: 'sup-7', role: 'supervisor', name: '黄督办' },
  /** The resident who placed the standard order, acting with its tracking code. */
  resident: { id: 'resident:LX-2026-0511-001', role: 'resident', name: '何阿姨' },
  /** A resident of another order. */
  otherResident: { id: 'resident:LX-2026-0511-999', role: 'resident', name: '别人' },
  gridWorker: { id: 'gw-7', role: 'grid_worker', name: '林网格员' },
  /** The party member orders are usually dispatched to. */
  handler: { id: 'pm-1', role: 'member', organisationId: 'org-community', name: '杨党员' },
  /** Another member of the same community organisation. */
  colleague: { id: 'pm-2', role: 'member', organisationId: 'org-community', name: '许党员' },
  /** A member of an unrelated organisation. */
  stranger: { id: 'pm-9', role: 'member', organisationId: 'org-elsewhere', name: '马党员' },
  /** The co-handler (协办) member. */
  coHandler: { id: 'pm-3', role: 'member', organisationId: 'org-police', name: '冯民警' },
  /** The grid's responsible member (claim chain stage 1). */
  gridMember: { id: 'pm-grid', role: 'member', organisationId: 'org-community', name: '郭网格长' },
  /** Volunteer of social organisation so-a (matches by organisationId). */
  volunteerA: { id: 'vol-a', role: 'social_org', organisationId: 'so-a', name: '志愿者甲' },
  /** Social organisation so-b acting under its own id (matches by id). */
  socialOrgB: { id: 'so-b', role: 'social_org', name: '邻里互助会' },
  /** Volunteer of an organisation outside the chain. */
  volunteerX: { id: 'vol-x', role: 'social_org', organisationId: 'so-x', name: '志愿者丙' },
  /** A member of the fallback organisation (兜底). */
  fallbackMember: { id: 'pm-fb', role: 'member', organisationId: 'org-fallback', name: '兜底专班成员' },
} satisfies Record<string, Actor>;

export const handlers = {
  handler: { kind: 'member', id: 'pm-1', name: '杨党员', organisationId: 'org-community' },
  colleague: { kind: 'member', id: 'pm-2', name: '许党员', organisationId: 'org-community' },
  coHandler: { kind: 'member', id: 'pm-3', name: '冯民警', organisationId: 'org-police' },
  community: { kind: 'organisation', id: 'org-community', name: '和平社区党委' },
  gridMember: { kind: 'member', id: 'pm-grid', name: '郭网格长', organisationId: 'org-community' },
  socialA: { kind: 'social_org', id: 'so-a', name: '春晖公益' },
  socialB: { kind: 'social_org', id: 'so-b', name: '邻里互助会' },
  fallback: { kind: 'organisation', id: 'org-fallback', name: '街道兜底工作组' },
} satisfies Record<string, HandlerTarget>;

export function claimChain(overrides: Partial<ClaimChain> = {}): ClaimChain {
  return {
    gridMember: handlers.gridMember,
    socialOrgs: [handlers.socialA, handlers.socialB],
    fallbackOrganisation: handlers.fallback,
    ...overrides,
  };
}

/** A chain without a grid member (the key is absent, not undefined). */
export function chainWithoutGridMember(overrides: Partial<ClaimChain> = {}): ClaimChain {
  const { gridMember: _absent, ...rest } = claimChain(overrides);
  return rest;
}

export function intake(overrides: Partial<IntakeOrderInput> = {}): IntakeOrder {
  return IntakeOrder.parse({
    kind: 'concern',
    category: '民生保障',
    title: '小区路灯损坏',
    description: '5号楼前路灯坏了半个月，晚上老人出行不便',
    channel: 'web',
    resident: { name: '何阿姨', phone: '13912345678', keyPopulations: ['独居老人'] },
    ...overrides,
  });
}

/** A micro-wish (微心愿): its kind defaults to `mode: 'claim'` in the shipped policy. */
export const wish = { kind: 'wish', category: '学习用品', title: '想要一套课外书' } satisfies Partial<IntakeOrderInput>;

/** A command parsed through the contract (defaults applied), as the services send them. */
export const command = (input: z.input<typeof OrderCommand>): OrderCommand => OrderCommand.parse(input);

/** The default policy with changes to the escalation section, the general limits and/or the category overrides (validated). */
export function policy(
  changes: { escalation?: Partial<OrderPolicy['escalation']>; general?: Partial<OrderLimits>; categoryOverrides?: OrderPolicy['categoryOverrides'] } = {},
): OrderPolicy {
  return OrderPolicySchema.parse({
    ...defaultOrderPolicy,
    limits: { ...defaultOrderPolicy.limits, general: { ...defaultOrderPolicy.limits.general, ...changes.general } },
    escalation: { ...defaultOrderPolicy.escalation, ...changes.escalation },
    categoryOverrides: changes.categoryOverrides ?? defaultOrderPolicy.categoryOverrides,
  });
}

export interface OpenOptions {
  id?: string;
  intake?: Partial<IntakeOrderInput>;
  policy?: OrderPolicy;
  chain?: ClaimChain;
  at?: number;
  openedBy?: Actor;
  /** Absent: OrderCase's default, the first-release rules. */
  rules?: OrderRules;
  /** The organisation path of the place (absent: an order from before scopes, in every scope). */
  scope?: string[];
}

export function open(options: OpenOptions = {}): OrderCase {
  return OrderCase.open(
    {
      id: options.id ?? 'LX-2026-0511-001',
      intake: intake(options.intake),
      openedBy: options.openedBy ?? people.agent,
      claimChain: options.chain ?? claimChain(),
      ...(options.scope ? { scope: options.scope } : {}),
    },
    options.policy ?? defaultOrderPolicy,
    options.at ?? T0,
    options.rules,
  );
}

/** Instants of the standard story (all relative to T0). */
export const at = {
  accept: T0 + 20 * minute,
  dispatch: T0 + hour,
  sign: T0 + 3 * hour,
  contact: T0 + 5 * hour,
  resolve: T0 + 3 * day,
};

/** Options for the orders built along the standard story: `coHandlers` join the dispatch. */
export type StoryOptions = OpenOptions & { coHandlers?: HandlerTarget[] };

/**
 * A builder one step further along: the order `build` makes, then `cmd` (or the command made from
 * the options) by `actor` at `when`; 'drained' hands out every event recorded so far.
 */
export function andThen(
  build: (options: StoryOptions) => OrderCase,
  cmd: OrderCommand | ((options: StoryOptions) => OrderCommand),
  actor: Actor,
  when: number,
  events: 'drained' | 'kept' = 'kept',
): (options?: StoryOptions) => OrderCase {
  return (options = {}) => {
    const order = build(options);
    order.apply(typeof cmd === 'function' ? cmd(options) : cmd, actor, when);
    if (events === 'drained') order.drainEvents();
    return order;
  };
}

/** received → accepted (at.accept). */
export const accepted = andThen(open, command({ type: 'accept' }), people.dispatcher, at.accept);

/** … → dispatched to `handlers.handler` (at.dispatch), with `coHandlers`. Events drained. */
export const dispatched = andThen(
  accepted,
  (options) => command({ type: 'dispatch', target: handlers.handler, coHandlers: options.coHandlers ?? [] }),
  people.dispatcher,
  at.dispatch,
  'drained',
);

/** … → signed by the handler (at.sign). */
export const signed = andThen(dispatched, command({ type: 'sign' }), people.handler, at.sign);

/** … → in_progress (at.contact). Events drained. Resolve deadline: at.dispatch + 7 d. */
export const inProgress = andThen(signed, command({ type: 'contact', method: 'visit' }), people.handler, at.contact, 'drained');

/** … → resolved (at.resolve). Events drained. Check-back window: at.resolve + 7 d. */
export const resolved = andThen(
  inProgress,
  command({ type: 'resolve', summary: '已联系供电所更换路灯', evidence: ['photo-lamp'] }),
  people.handler,
  at.resolve,
  'drained',
);

/** A wish, accepted (first-release rules: it waits) and opened for claim by the dispatcher at at.dispatch. Events drained. */
export const openForClaim = andThen(
  (options) => accepted({ ...options, intake: { ...wish, ...options.intake } }),
  command({ type: 'openForClaim' }),
  people.dispatcher,
  at.dispatch,
  'drained',
);

/** What a workflow does on continue-as-new: the snapshot goes through JSON. */
export const roundTrip = (order: OrderCase): OrderCase => OrderCase.fromSnapshot(JSON.parse(JSON.stringify(order.snapshot())));

/** One recorded event, as drainEvents hands it out. */
export function event(sequence: number, type: OrderEventType, actor: Actor, at: number, details: Record<string, unknown>): RecordedEvent {
  return { sequence, type, actor, at, details };
}

export const typesOf = (events: RecordedEvent[]): string[] => events.map((e) => e.type);
export const typeAndAt = (events: RecordedEvent[]): [string, number][] => events.map((e) => [e.type, e.at]);

export function clockView(order: OrderCase, name: string, now: number) {
  return order.view(now).clocks.find((c) => c.name === name);
}

/** The clocks of the view as [name, dueAt] pairs. */
export const clockDues = (order: OrderCase, now: number): [string, string][] => order.view(now).clocks.map((c) => [c.name, c.dueAt]);

/** Walks the order to `instant` via nextWakeUpAt, asserting nothing fires a millisecond early; returns what fired. */
/** The zh-CN timeline lines of events, as the read models show them (the order keeps no timeline). */
export function summaries(events: RecordedEvent[]): string[] {
  return events.map((e) => summaryOf(e.type, e.details));
}

export function expectNextStepAt(order: OrderCase, instant: number): RecordedEvent[] {
  expect(order.nextWakeUpAt()).toBe(instant);
  order.tick(instant - 1);
  expect(order.drainEvents()).toEqual([]);
  order.tick(instant);
  return order.drainEvents();
}

/**
 * The command is refused with `code`: `can` says so, `apply` throws OrderRefused carrying the same
 * refusal, and nothing changes (snapshot deep-equal, no event to drain, same next wake-up).
 */
export function expectRefused(order: OrderCase, cmd: OrderCommand, actor: Actor, now: number, code: string): string {
  order.drainEvents();
  const before: OrderCaseSnapshot = order.snapshot();
  const wakeUp = order.nextWakeUpAt();
  const refusal = order.can(cmd, actor, now);
  expect(refusal).toBeDefined();
  expect(refusal?.code).toBe(code);
  expect(typeof refusal?.message).toBe('string');
  expect(refusal!.message.length).toBeGreaterThan(0);
  let thrown: unknown;
  try {
    order.apply(cmd, actor, now);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(OrderRefused);
  expect((thrown as OrderRefused).refusal).toEqual(refusal);
  expect((thrown as OrderRefused).message).toBe(refusal!.message);
  expect(order.snapshot()).toEqual(before);
  expect(order.drainEvents()).toEqual([]);
  expect(order.nextWakeUpAt()).toBe(wakeUp);
  return refusal!.message;
}

/** The command is allowed: `can` answers undefined, and asking changed nothing (nothing is applied). */
export function expectAllowed(order: OrderCase, cmd: OrderCommand, actor: Actor, now: number): void {
  const before = order.snapshot();
  expect(order.can(cmd, actor, now)).toBeUndefined();
  expect(order.snapshot()).toEqual(before);
}
