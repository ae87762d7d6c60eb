import type { Connection } from 'mongoose';
import type { Problem } from './report';
import type { OrderEvents } from './events';
import type { WorkflowState } from './workflows';

/** One notification delivery (`<prefix>_notifications.notification_deliveries`), as much as the checks need. */
export interface DeliveryRow {
  id: string;
  eventId: string;
  eventType: string;
  channel: string;
  recipientId: string;
  status: string;
  dueAt?: Date;
  lastError?: string;
}

const batchSize = 200;

/** The deliveries of the orders `ids`, by order id (`orderId` is indexed). */
export async function readDeliveries(notifications: Connection, ids: readonly string[]): Promise<Map<string, DeliveryRow[]>> {
  const byOrder = new Map<string, DeliveryRow[]>();
  const projection = { eventId: 1, eventType: 1, orderId: 1, channel: 1, 'recipient.id': 1, status: 1, dueAt: 1, lastError: 1 };
  for (let start = 0; start < ids.length; start += batchSize) {
    const chunk = ids.slice(start, start + batchSize);
    const docs = await notifications
      .collection('notification_deliveries')
      .find({ orderId: { $in: chunk } }, { projection })
      .toArray();
    for (const d of docs) {
      const orderId = String(d['orderId']);
      const rows = byOrder.get(orderId) ?? [];
      rows.push({
        id: String(d._id),
        eventId: String(d['eventId']),
        eventType: String(d['eventType']),
        channel: String(d['channel']),
        recipientId: String((d['recipient'] as { id?: string } | undefined)?.id),
        status: String(d['status']),
        ...(d['dueAt'] instanceof Date ? { dueAt: d['dueAt'] } : {}),
        ...(typeof d['lastError'] === 'string' ? { lastError: d['lastError'] } : {}),
      });
      byOrder.set(orderId, rows);
    }
  }
  return byOrder;
}

/** A delivery still queued or sending this long after it was due is stuck. */
export const stuckAfterMs = 5 * 60_000;

export interface NotificationCheck {
  problems: Problem[];
  inFlight: number;
  /** Deliveries per event id, for the detailed output. */
  perEvent: Record<string, number>;
  byStatus: Record<string, number>;
}

/**
 * The deliveries of one order: the same (event, channel, recipient) under two ids, deliveries
 * stuck in queued/sending, failed and dead-lettered ones; and the one notice every order with a
 * phone must cause: the resident's SMS for `order.received` (once that event is older than the
 * grace period).
 */
export function checkNotifications(
  state: WorkflowState,
  deliveries: readonly DeliveryRow[],
  events: OrderEvents | undefined,
  now: number,
  graceMs: number,
): NotificationCheck {
  const orderId = state.orderId;
  const result: NotificationCheck = { problems: [], inFlight: 0, perEvent: {}, byStatus: {} };
  const seen = new Map<string, string>();
  for (const d of deliveries) {
    result.perEvent[d.eventId] = (result.perEvent[d.eventId] ?? 0) + 1;
    result.byStatus[d.status] = (result.byStatus[d.status] ?? 0) + 1;
    const key = `${d.eventId}|${d.channel}|${d.recipientId}`;
    const first = seen.get(key);
    if (first !== undefined && first !== d.id) {
      result.problems.push({ orderId, kind: 'notification_duplicated', detail: `${key} stored as ${first} and ${d.id}` });
    } else seen.set(key, d.id);
    if ((d.status === 'queued' || d.status === 'sending') && d.dueAt && now - d.dueAt.getTime() > stuckAfterMs) {
      const late = Math.round((now - d.dueAt.getTime()) / 60_000);
      result.problems.push({ orderId, kind: 'notification_stuck', detail: `${d.id} ${d.status}, due ${d.dueAt.toISOString()} (${late} min ago)` });
    }
    if (d.status === 'failed' || d.status === 'dead_lettered') {
      result.problems.push({ orderId, kind: 'notification_failed', detail: `${d.id} ${d.status}${d.lastError ? `: ${d.lastError.slice(0, 120)}` : ''}` });
    }
  }

  const received = events?.records.find((r) => r.type === 'order.received');
  if (state.view?.resident.phone && received) {
    const wanted = `resident:${orderId}`;
    const found = deliveries.some((d) => d.eventId === received.id && d.channel === 'sms' && d.recipientId === wanted);
    if (!found) {
      if (now - Date.parse(received.occurredAt) < graceMs) result.inFlight += 1;
      else result.problems.push({ orderId, kind: 'notification_missing', detail: `no sms to ${wanted} for ${received.id} (order.received at ${received.occurredAt})` });
    }
  }
  return result;
}
