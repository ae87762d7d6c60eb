/**
 * The shapes the services answer, from the one schema of each (packages/contracts): types only,
 * nothing of it is bundled.
 */
export type {
  OrderSummary,
  SealedOrderView,
  TimelineEntry,
  HandlerTarget,
  OrderCommand,
  OrderCommandType,
  OrderStatus,
  EscalationLevel,
  ClockName,
  OrderKind,
  Urgency,
  Channel,
  CheckBackRating,
  IntakeOrderInput,
  OrderEventType,
  ClockView,
} from '@lianxin/contracts/order';
export type { Organisation, Grid, Member, SocialOrg, OrderRouting } from '@lianxin/contracts';

import type { OrderSummary, OrderStatus } from '@lianxin/contracts/order';

/** An order as tracking answers it (personal data masked). */
export type { SealedOrderView as OrderView } from '@lianxin/contracts/order';

/** Every work list: a page of summaries, newest change first, and how many there are. */
export interface OrderPage {
  items: OrderSummary[];
  total: number;
}

/** GET /api/v1/overdue-board (cadres): the board's page, most overdue first. */
export interface OverdueBoardPage extends OrderPage {
  offset: number;
  limit: number;
}

/** GET /api/v1/members/workload (cadres): one member's current load. */
export interface MemberWorkload {
  memberId: string;
  open: number;
  overdue: number;
}

/** A page of a register list. */
export interface RegisterPage<T> {
  items: T[];
  total: number;
}

/** POST /api/v1/orders's answer. */
export interface IntakeReceipt {
  id: string;
  trackingCode: string;
  status: OrderStatus;
  statusLabel: string;
  links: { self: string; timeline: string };
}

/** GET /api/v1/orders/:id/timeline */
export interface OrderTimelinePage {
  orderId: string;
  entries: import('@lianxin/contracts/order').TimelineEntry[];
}

/** POST /api/v1/orders/:id/contact-reveal */
export interface RevealedContact {
  orderId: string;
  resident: { name: string; phone?: string };
  address?: string;
}

/** A notice of the notifications service (站内通知). */
export interface NotificationView {
  id: string;
  eventId: string;
  eventType: string;
  orderId: string;
  title: string;
  text: string;
  urgent: boolean;
  status: string;
  seq?: number;
  createdAt: string;
  readAt?: string;
}

export interface NotificationInboxPage {
  items: NotificationView[];
  unread: number;
}

/** One event of the cadres work-queue stream (`event: order`). */
export interface WorkQueueEvent {
  id: string;
  sequence: number;
  status: OrderStatus;
  type: string;
  organisationId?: string;
  scope?: string[];
}

/** A GeoReport v2 service (`/open311/v2/services.json`): one per kind and category. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description?: string;
  group?: string;
  keywords?: string;
}

/** A GeoReport v2 service request as the public read shows it (nothing of the resident). */
export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes?: string | null;
  service_name?: string | null;
  service_code?: string | null;
  description?: string | null;
  requested_datetime?: string | null;
  updated_datetime?: string | null;
  address?: string | null;
  address_id?: string | null;
}

/** An uploaded photo (attachments API of the residents service). */
export interface AttachmentReceipt {
  id: string;
  [key: string]: unknown;
}
