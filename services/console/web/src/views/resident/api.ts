import type { CheckBackRating, OrderStatus, OrderView, TimelineEntry } from '@lianxin/contracts/order';
import { requestJson } from '../../api/problem';

/**
 * The residents service as a resident reaches it: no account, the order's 查询码 in the
 * `X-Tracking-Code` header (never in the address: addresses end up in logs and histories).
 * Reads come from its tracking read model, personal data masked; 撤单 and 回访 are commands.
 */

/** What the resident sees of an order (the service's answer, personal data masked). */
export type TrackedOrder = OrderView;
export type { TimelineEntry };

export interface OrderTimeline {
  orderId: string;
  entries: TimelineEntry[];
}

/** 撤单 is possible until the order is resolved (the workflow's rule; it refuses otherwise). */
export const cancellableStatuses: readonly OrderStatus[] = [
  'received',
  'accepted',
  'open_for_claim',
  'dispatched',
  'returned',
  'signed',
  'in_progress',
  'paused',
  'explained',
];

export type ResidentCommand = { type: 'cancel'; reason: string } | { type: 'checkBack'; rating: CheckBackRating; comment?: string };

/** The order number as typed: trimmed, upper case (order numbers are LX… with capitals). */
export function normaliseOrderNumber(input: string): string {
  return input.trim().toUpperCase();
}

/** The 查询码 as typed: case, spaces and dashes do not matter (the service compares it the same way). */
export function normaliseTrackingCode(input: string): string {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}

/** A fresh Idempotency-Key: a retried submission is applied once. */
function idempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16)); // randomUUID needs a secure context
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface ResidentApi {
  order(): Promise<TrackedOrder>;
  timeline(): Promise<OrderTimeline>;
  /** One photo of the order, as a Blob for an object URL (an <img> cannot send the header). */
  attachment(attachmentId: string, signal: AbortSignal): Promise<Blob>;
  /** 撤单 or 回访: answers the order as it now stands. */
  command(command: ResidentCommand): Promise<TrackedOrder>;
}

export function residentApi(residentsUrl: string, orderNumber: string, trackingCode: string): ResidentApi {
  const base = `${residentsUrl.replace(/\/+$/, '')}/api/v1/orders/${encodeURIComponent(orderNumber)}`;
  const headers = { 'X-Tracking-Code': trackingCode };
  return {
    order: () => requestJson<TrackedOrder>(base, { headers }),
    timeline: () => requestJson<OrderTimeline>(`${base}/timeline`, { headers }),
    async attachment(attachmentId, signal) {
      const response = await fetch(`${base}/attachments/${encodeURIComponent(attachmentId)}`, { headers, signal });
      if (!response.ok) throw new Error(`attachment ${attachmentId}: HTTP ${response.status}`);
      return response.blob();
    },
    command: (command) =>
      requestJson<TrackedOrder>(`${base}/commands`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey() },
        body: JSON.stringify(command),
      }),
  };
}
