import { z } from 'zod';
import type { OrderKind, Urgency } from '@lianxin/contracts/order';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

const duration = z.number().int().positive();

/** The time limits of one kind of order, in ms. Policy, not code: a deployment stores its own. */
export const OrderLimitsSchema = z.strictObject({
  /** 受理: from intake to accept/reject. Optional: without it no accept clock runs. */
  acceptWithinMs: duration.optional(),
  /** 签收: from dispatch to sign. */
  signWithinMs: duration,
  /** 联系: from sign (or claim) to first contact with the resident. */
  contactWithinMs: duration,
  /** 办结: from acceptance to resolution (from the first dispatch or opening for claim under the first-release rules). */
  resolveWithinMs: duration,
  /** 认领: how long each step of the claim chain stays open. */
  claimWindowMs: duration,
  /** 回访: after this, an unanswered check-back closes the order. */
  checkBackWindowMs: duration,
  /** How long the dispatcher has to decide an extension request before it lapses. */
  extensionDecisionWithinMs: duration,
  /**
   * 直接派单 or 待认领. 'claim': the order opens for claiming (stage 0, every member) as soon as it is
   * accepted, for orders opened since the rule `claim-mode-on-acceptance` (OrderRules); 'dispatch':
   * an accepted order waits for a dispatcher, who may still dispatch it or open it for claiming.
   */
  mode: z.enum(['dispatch', 'claim']),
  /** 重办 rounds before the supervisor decides. */
  maxReopens: z.number().int().nonnegative(),
  /** After a committed deadline (解释说明) passes: time to resolve the follow-up. */
  followUpResolveWithinMs: duration,
  /** 挂起: how long a handler may pause an order on their own (since `hold-limits`); default 7 d. */
  maxPauseMs: duration.optional(),
  /** 解释说明: how far ahead a handler may commit on their own (since `hold-limits`); default 30 d. Longer needs an approved extension. */
  maxCommitMs: duration.optional(),
  /** 民情日记: at most this many diary entries per order (since `hold-limits`); default 200. */
  maxDiaryEntries: z.number().int().positive().optional(),
});

/** The hold limits when a stored policy does not say (policies written before they existed). */
export const defaultHoldLimits = { maxPauseMs: 7 * day, maxCommitMs: 30 * day, maxDiaryEntries: 200 } as const;
export type HoldLimits = { maxPauseMs: number; maxCommitMs: number; maxDiaryEntries: number };

/** An order's hold limits: its limits' where set, else the defaults. */
export function holdLimitsOf(limits: OrderLimits): HoldLimits {
  return {
    maxPauseMs: limits.maxPauseMs ?? defaultHoldLimits.maxPauseMs,
    maxCommitMs: limits.maxCommitMs ?? defaultHoldLimits.maxCommitMs,
    maxDiaryEntries: limits.maxDiaryEntries ?? defaultHoldLimits.maxDiaryEntries,
  };
}
export type OrderLimits = z.infer<typeof OrderLimitsSchema>;

const PartialLimits = OrderLimitsSchema.partial();

/** 预警 → 超期 → 催办 → 督办 → 挂牌督办, relative to a clock's start and deadline. */
export const EscalationPolicySchema = z
  .strictObject({
    /** 预警 at this fraction of the limit. */
    warnAtFraction: z.number().gt(0).lt(1),
    /** 催办 this long after the deadline. */
    remindAfterMs: z.number().int().nonnegative(),
    /** 督办 this long after the deadline. */
    superviseAfterMs: z.number().int().nonnegative(),
    /** 挂牌督办 this long after the deadline. */
    escalateAfterMs: z.number().int().nonnegative(),
    /** 挂牌督办 also reassigns the order to the fallback organisation. */
    reassignOnEscalate: z.boolean(),
  })
  .refine((e) => e.remindAfterMs <= e.superviseAfterMs && e.superviseAfterMs <= e.escalateAfterMs, {
    message: '催办、督办、挂牌督办的时间必须依次不早于前一步',
  });
export type EscalationPolicy = z.infer<typeof EscalationPolicySchema>;

/** A policy document as stored (validated when loaded from data). */
export const OrderPolicySchema = z.strictObject({
  version: z.number().int().positive(),
  limits: z.strictObject({
    emergency: OrderLimitsSchema,
    utility: OrderLimitsSchema,
    general: OrderLimitsSchema,
    complex: OrderLimitsSchema,
  }),
  categoryOverrides: z.record(z.string().min(1), PartialLimits).default({}),
  kindDefaults: z
    .strictObject({
      wish: PartialLimits.default({}),
      concern: PartialLimits.default({}),
      assistance: PartialLimits.default({}),
      suggestion: PartialLimits.default({}),
    })
    .default({ wish: {}, concern: {}, assistance: {}, suggestion: {} }),
  escalation: EscalationPolicySchema,
});
export type OrderPolicy = z.infer<typeof OrderPolicySchema>;

const everyUrgency = {
  claimWindowMs: 72 * hour,
  checkBackWindowMs: 7 * day,
  extensionDecisionWithinMs: 24 * hour,
  mode: 'dispatch' as const,
  maxReopens: 2,
};

/**
 * Shipped defaults (DOMAIN.md, Beijing 12345 draft standard): online submissions accepted within
 * 2 h; resolution within 2 h for emergencies, 24 h for utilities, 7 d for general and 15 d for
 * complex requests. Wishes are offered for claiming first (应领尽领).
 */
export const defaultOrderPolicy: OrderPolicy = {
  version: 1,
  limits: {
    emergency: {
      ...everyUrgency,
      acceptWithinMs: 15 * minute,
      signWithinMs: 30 * minute,
      contactWithinMs: hour,
      resolveWithinMs: 2 * hour,
      followUpResolveWithinMs: 2 * hour,
    },
    utility: {
      ...everyUrgency,
      acceptWithinMs: hour,
      signWithinMs: 2 * hour,
      contactWithinMs: 4 * hour,
      resolveWithinMs: 24 * hour,
      followUpResolveWithinMs: 24 * hour,
    },
    general: {
      ...everyUrgency,
      acceptWithinMs: 2 * hour,
      signWithinMs: 24 * hour,
      contactWithinMs: 48 * hour,
      resolveWithinMs: 7 * day,
      followUpResolveWithinMs: 3 * day,
    },
    complex: {
      ...everyUrgency,
      acceptWithinMs: 2 * hour,
      signWithinMs: 24 * hour,
      contactWithinMs: 48 * hour,
      resolveWithinMs: 15 * day,
      followUpResolveWithinMs: 7 * day,
    },
  },
  categoryOverrides: {},
  kindDefaults: { wish: { mode: 'claim' }, concern: {}, assistance: {}, suggestion: {} },
  escalation: {
    warnAtFraction: 0.75,
    remindAfterMs: 0,
    superviseAfterMs: 24 * hour,
    escalateAfterMs: 72 * hour,
    reassignOnEscalate: false,
  },
};

/** Keys set to undefined in a hand-built partial must not erase the row underneath. */
function defined(partial: Partial<OrderLimits> | undefined): Partial<OrderLimits> {
  return Object.fromEntries(Object.entries(partial ?? {}).filter(([, value]) => value !== undefined));
}

/** The limits of one order: its urgency's row ← its kind's defaults ← its category's override. */
export function limitsFor(policy: OrderPolicy, order: { kind: OrderKind; category: string; urgency: Urgency }): OrderLimits {
  return {
    ...policy.limits[order.urgency],
    ...defined(policy.kindDefaults[order.kind]),
    ...defined(policy.categoryOverrides[order.category]),
  };
}
