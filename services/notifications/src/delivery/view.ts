import { z } from 'zod';
import { Recipient } from '../recipients/person';
import { DeliveryChannel, DeliveryStatus, HeldFor, type DeliveryRecord } from './records';

const instant = z.iso.datetime({ offset: true });

/** 通知 as the API shows it: what was told to whom, by which channel, and how the delivery went. */
export const NotificationView = z.strictObject({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  orderId: z.string(),
  /** The order's organisation path: who may read the record besides its recipient. */
  scope: z.array(z.string()),
  recipient: Recipient,
  channel: DeliveryChannel,
  /** Masked (139****0001, m***@…, the robot's name). */
  address: z.string(),
  title: z.string(),
  text: z.string(),
  urgent: z.boolean(),
  status: DeliveryStatus,
  heldFor: HeldFor.optional(),
  dueAt: instant,
  attempts: z.number().int().nonnegative(),
  lastError: z.string().optional(),
  provider: z.string().optional(),
  foldedInto: z.string().optional(),
  /** In-app notices: their number in the live stream (its event id). */
  seq: z.number().int().optional(),
  history: z.array(z.strictObject({ at: instant, status: DeliveryStatus, note: z.string().optional() })),
  createdAt: instant,
  sentAt: instant.optional(),
  deliveredAt: instant.optional(),
  readAt: instant.optional(),
});
export type NotificationView = z.infer<typeof NotificationView>;

const iso = (d: Date | undefined) => (d ? { value: d.toISOString() } : undefined);

export function notificationView(r: DeliveryRecord): z.input<typeof NotificationView> {
  const optional = (key: string, value: unknown) => (value === undefined || value === null ? {} : { [key]: value });
  return {
    id: r._id,
    eventId: r.eventId,
    eventType: r.eventType,
    orderId: r.orderId,
    scope: r.scope ?? [],
    recipient: r.recipient,
    channel: r.channel,
    address: r.address,
    title: r.title,
    text: r.text,
    urgent: r.urgent,
    status: r.status,
    ...optional('heldFor', r.heldFor),
    dueAt: r.dueAt.toISOString(),
    attempts: r.attempts,
    ...optional('lastError', r.lastError),
    ...optional('provider', r.provider),
    ...optional('foldedInto', r.foldedInto),
    ...optional('seq', r.seq),
    history: r.history.map((h) => ({ at: new Date(h.at).toISOString(), status: h.status, ...optional('note', h.note) })),
    createdAt: r.createdAt.toISOString(),
    ...optional('sentAt', iso(r.sentAt)?.value),
    ...optional('deliveredAt', iso(r.deliveredAt)?.value),
    ...optional('readAt', iso(r.readAt)?.value),
  };
}
