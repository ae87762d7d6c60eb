import { z } from 'zod';
import type { OrderKind, Urgency } from '@lianxin/contracts/order';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

const duration = z.number().int().positive();

/** The time limits of one kind of order (all in ms). */
export const OrderLimitsSchema = z.strictObject({
  /** 受理: from intake to accept/reject (online submissions: 2 h). */
  acceptWithinMs: duration,
  /** 签收: from dispatch to sign. */
  signWithinMs: duration,
  /** 联系: from sign to first contact with the resident. */
  contactWithinMs: duration,
  /** 办结: from first dispatch (or opening for claim) to resolution. */
  resolveWithinMs: duration,
  /** 认领: how long each step of the claim chain stays open. */
  claimWindowMs: duration,
  /** 回访: after this, an unanswered check-back closes the order. */
  checkBackWindowMs: duration,
  /** How long a dispatcher has to decide an extension request. */
  extensionDecisionWithinMs: duration,
  /** After a committed deadline (解释说明) passes: time to resolve the follow-up. */
  followUpResolveWithinMs: duration,
  /** 直接派单 or 待认领: what the dispatcher is offered first. */
  mode: z.enum(['dispatch', 'claim']),
  /** 重办 rounds before the supervisor decides. */
  maxReopens: z.number().int().nonnegative(),
});
export type OrderLimits = z.infer<typeof OrderLimitsSchema>;

/** 预警 → 超期 → 催办 → 督办 → 挂牌督办, relative to a clock's deadline. */
export const EscalationPolicySchema = z.strictObject({
  warnAtFraction: z.number().gt(0).lt(1),
  remindAfterMs: z.number().int().nonnegative(),
  superviseAfterMs: z.number().int().nonnegative(),
  escalateAfterMs: z.number().int().nonnegative(),
  /** 挂牌督办 also reassigns the order to the fallback organisation. */
  reassignOnEscalate: z.boolean(),
});
export type EscalationPolicy = z.infer<typeof EscalationPolicySchema>;

export const OrderPolicySchema = z.strictObject({
  version: z.number().int().positive(),
  limits: z.strictObject({
    emergency: OrderLimitsSchema,
    utility: OrderLimitsSchema,
    general: OrderLimitsSchema,
    complex: OrderLimitsSchema,
  }),
  kindDefaults: z.partialRecord(z.enum(['wish', 'concern', 'assistance', 'suggestion']), OrderLimitsSchema.partial()).default({}),
  categoryOverrides: z.record(z.string(), OrderLimitsSchema.partial()).default({}),
  escalation: EscalationPolicySchema,
});
export type OrderPolicy = z.infer<typeof OrderPolicySchema>;

const shared = {
  acceptWithinMs: 2 * hour,
  claimWindowMs: 72 * hour,
  checkBackWindowMs: 7 * day,
  extensionDecisionWithinMs: 24 * hour,
  mode: 'dispatch' as const,
  maxReopens: 2,
};

/**
 * Shipped defaults (DOMAIN.md, Beijing 12345 draft standard): resolution within 2 h for
 * emergencies, 24 h for utilities, 7 d for general and 15 d for complex requests. Policy, not law:
 * a deployment stores its own in the workflows database.
 */
export const defaultOrderPolicy: OrderPolicy = {
  version: 1,
  limits: {
    emergency: { ...shared, acceptWithinMs: 15 * minute, signWithinMs: 15 * minute, contactWithinMs: 30 * minute, resolveWithinMs: 2 * hour, followUpResolveWithinMs: 2 * hour },
    utility: { ...shared, acceptWithinMs: hour, signWithinMs: hour, contactWithinMs: 2 * hour, resolveWithinMs: 24 * hour, followUpResolveWithinMs: 24 * hour },
    general: { ...shared, signWithinMs: 24 * hour, contactWithinMs: 48 * hour, resolveWithinMs: 7 * day, followUpResolveWithinMs: 3 * day },
    complex: { ...shared, signWithinMs: 24 * hour, contactWithinMs: 48 * hour, resolveWithinMs: 15 * day, followUpResolveWithinMs: 7 * day },
  },
  kindDefaults: { wish: { mode: 'claim' } },
  categoryOverrides: {},
  escalation: {
    warnAtFraction: 0.75,
    remindAfterMs: 0,
    superviseAfterMs: 24 * hour,
    escalateAfterMs: 72 * hour,
    reassignOnEscalate: false,
  },
};

/** The limits for one order: its urgency's row, then its kind's defaults, then its category's override. */
export function limitsFor(policy: OrderPolicy, order: { kind: OrderKind; category: string; urgency: Urgency }): OrderLimits {
  return {
    ...policy.limits[order.urgency],
    ...(policy.kindDefaults[order.kind] ?? {}),
    ...(policy.categoryOverrides[order.category] ?? {}),
  };
}
