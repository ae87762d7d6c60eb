import { z } from 'zod';
import { HandlerTarget } from './commands';
import { Channel, OrderKind, Urgency } from './intake';
import { ClockName, EscalationLevel, OrderStatus } from './status';
import { maskPersonName, type SealedOrderView } from './personal';
import type { OrderView } from './view';

const isoInstant = z.iso.datetime({ offset: true });

/** One line of a work list (待办, 待认领, 待派单): what a person scans before opening an order. */
export const OrderSummary = z.strictObject({
  id: z.string(),
  kind: OrderKind,
  category: z.string(),
  urgency: Urgency,
  title: z.string(),
  channel: Channel,
  status: OrderStatus,
  statusLabel: z.string(),
  /** Masked in lists: 王*英. */
  residentName: z.string(),
  gridId: z.string().optional(),
  organisationId: z.string().optional(),
  handler: HandlerTarget.optional(),
  claim: z.strictObject({ stage: z.number().int().nonnegative(), openToAll: z.boolean() }).optional(),
  /** The running clock that falls due first (paused clocks do not run). */
  nextDeadline: z.strictObject({ clock: ClockName, dueAt: isoInstant, level: EscalationLevel }).optional(),
  escalationLevel: EscalationLevel,
  /** 延期申请 waiting for a decision: until when, and why (the handler's words). */
  pendingExtension: z.strictObject({ until: isoInstant, reason: z.string() }).optional(),
  reopenCount: z.number().int().nonnegative(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  sequence: z.number().int().nonnegative(),
});
export type OrderSummary = z.infer<typeof OrderSummary>;

export function summarizeOrder(view: OrderView | SealedOrderView): OrderSummary {
  const running = view.clocks.filter((c) => c.remainingMsWhilePaused === undefined);
  const next = running.reduce<(typeof running)[number] | undefined>((first, c) => (!first || c.dueAt < first.dueAt ? c : first), undefined);
  const handler = view.handler
    ? { kind: view.handler.kind, id: view.handler.id, name: view.handler.name, ...(view.handler.organisationId ? { organisationId: view.handler.organisationId } : {}) }
    : undefined;
  return {
    id: view.id,
    kind: view.kind,
    category: view.category,
    urgency: view.urgency,
    title: view.title,
    channel: view.channel,
    status: view.status,
    statusLabel: view.statusLabel,
    residentName: maskPersonName(view.resident.name),
    ...(view.location.gridId ? { gridId: view.location.gridId } : {}),
    ...(view.location.organisationId ? { organisationId: view.location.organisationId } : {}),
    ...(handler ? { handler } : {}),
    ...(view.claim ? { claim: { stage: view.claim.stage, openToAll: view.claim.openToAll } } : {}),
    ...(next ? { nextDeadline: { clock: next.name, dueAt: next.dueAt, level: next.level } } : {}),
    escalationLevel: view.escalationLevel,
    ...(view.pendingExtension ? { pendingExtension: { until: view.pendingExtension.until, reason: view.pendingExtension.reason } } : {}),
    reopenCount: view.reopenCount,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
    sequence: view.sequence,
  };
}
