import { z } from 'zod';
import { Actor } from '../actor';
import { CheckBackRating, HandlerTarget } from './commands';
import { Channel, OrderKind, OrderLocation, ResidentContact, Urgency } from './intake';
import { ClockName, EscalationLevel, OrderStatus } from './status';

const isoInstant = z.iso.datetime({ offset: true });

export const OrderHandler = HandlerTarget.extend({
  /** The member who signed for an organisation-level dispatch. */
  signedBy: Actor.optional(),
});
export type OrderHandler = z.infer<typeof OrderHandler>;

export const ClockView = z.strictObject({
  name: ClockName,
  dueAt: isoInstant,
  /** Set while the order is paused: the clock is stopped with this much left. */
  remainingMsWhilePaused: z.number().int().nonnegative().optional(),
  level: EscalationLevel,
});
export type ClockView = z.infer<typeof ClockView>;

/** What the query `getOrderState` answers and what the read models hold. */
export const OrderView = z.strictObject({
  id: z.string(),
  kind: OrderKind,
  category: z.string(),
  urgency: Urgency,
  title: z.string(),
  description: z.string(),
  channel: Channel,
  resident: ResidentContact,
  location: OrderLocation,
  /**
   * The organisation path of the order's place, nearest first (village → township → county):
   * who may see and oversee it (see access.ts). Absent on orders opened before paths were kept.
   */
  scope: z.array(z.string()).optional(),
  attachments: z.array(z.string()),
  openedBy: Actor,
  status: OrderStatus,
  statusLabel: z.string(),
  handler: OrderHandler.optional(),
  coHandlers: z.array(HandlerTarget),
  /** 认领 state: which step of the fallback chain the order is offered at. */
  claim: z
    .strictObject({
      stage: z.number().int().nonnegative(),
      offeredTo: z.array(HandlerTarget),
      openToAll: z.boolean(),
    })
    .optional(),
  clocks: z.array(ClockView),
  /** The highest escalation step reached on any running clock. */
  escalationLevel: EscalationLevel,
  pendingExtension: z.strictObject({ until: isoInstant, reason: z.string(), requestedBy: Actor }).optional(),
  committedDeadline: isoInstant.optional(),
  reopenCount: z.number().int().nonnegative(),
  rating: CheckBackRating.optional(),
  mergedInto: z.string().optional(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  /** Sequence of the last event: read models keep the view with the highest one. */
  sequence: z.number().int().nonnegative(),
});
export type OrderView = z.infer<typeof OrderView>;

/** One line of the order's history (query `getTimeline`). */
export const TimelineEntry = z.strictObject({
  sequence: z.number().int().nonnegative(),
  type: z.string(),
  at: isoInstant,
  actor: Actor,
  summary: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;
