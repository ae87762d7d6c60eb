import { Schema, type Connection, type Model } from 'mongoose';
import { z } from 'zod';
import { Recipient } from '../recipients/person';

export const DeliveryChannel = z.enum(['app', 'sms', 'email', 'webhook']);
export type DeliveryChannel = z.infer<typeof DeliveryChannel>;

/**
 * A delivery's state: queued → sending → sent → delivered (→ read, in-app); a refused attempt
 * → failed; still failing after the last attempt → dead_lettered (an operator may retry it).
 */
export const DeliveryStatus = z.enum(['queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'dead_lettered']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const HeldFor = z.enum(['quiet_hours', 'rate_limit', 'retry']);

export interface DeliveryStep {
  at: Date;
  status: DeliveryStatus;
  note?: string;
}

/**
 * 通知 — one per (event, recipient, channel): its id is made of the three, so a redelivered or
 * re-read event makes nothing new. In-app notices carry `seq`, a number growing with each
 * notice, which the live stream uses as its event id (resume with Last-Event-ID).
 */
export interface DeliveryRecord {
  _id: string;
  eventId: string;
  eventType: string;
  orderId: string;
  /** The order's organisation path and agencies: who may read the record besides its recipient. */
  scope: string[];
  recipient: Recipient;
  channel: DeliveryChannel;
  /** Where it goes, masked for display (139****0001, m***@lianxin.example, the robot's name). */
  address: string;
  /** The full address sealed under the data keys (bound to the delivery id); absent for in-app. */
  sealedAddress?: string;
  templateId: string;
  title: string;
  text: string;
  smsTemplate?: { code: string; params: Record<string, string> };
  urgent: boolean;
  status: DeliveryStatus;
  /** Not before this instant (quiet hours, rate limit, retry back-off). */
  dueAt: Date;
  heldFor?: z.infer<typeof HeldFor>;
  attempts: number;
  lastError?: string;
  provider?: string;
  providerMessageId?: string;
  /** A digest this one was sent inside of. */
  foldedInto?: string;
  leaseOwner?: string;
  leaseUntil?: Date;
  seq?: number;
  /** The event's trace: each attempt is a span of it, and its log lines carry its id. */
  trace?: { traceparent?: string; tracestate?: string };
  history: DeliveryStep[];
  createdAt: Date;
  sentAt?: Date;
  deliveredAt?: Date;
  readAt?: Date;
}

const schema = new Schema<DeliveryRecord>(
  {
    _id: String,
    eventId: String,
    eventType: String,
    orderId: { type: String, index: true },
    scope: [String],
    recipient: Schema.Types.Mixed,
    channel: String,
    address: String,
    sealedAddress: String,
    templateId: String,
    title: String,
    text: String,
    smsTemplate: Schema.Types.Mixed,
    urgent: Boolean,
    status: String,
    dueAt: Date,
    heldFor: String,
    attempts: Number,
    lastError: String,
    provider: String,
    providerMessageId: String,
    foldedInto: String,
    leaseOwner: String,
    leaseUntil: Date,
    seq: Number,
    trace: Schema.Types.Mixed,
    history: [Schema.Types.Mixed],
    createdAt: Date,
    sentAt: Date,
    deliveredAt: Date,
    readAt: Date,
  },
  { collection: 'notification_deliveries', versionKey: false },
);
// The engine's due scan, the inbox and stream, the rate-limit count, the supervisors' reads.
schema.index({ status: 1, dueAt: 1 });
schema.index({ 'recipient.id': 1, channel: 1, seq: -1 });
schema.index({ seq: 1 });
schema.index({ 'recipient.id': 1, channel: 1, sentAt: -1 });

export function deliveryModel(db: Connection): Model<DeliveryRecord> {
  return db.models['Delivery'] ?? db.model<DeliveryRecord>('Delivery', schema);
}

interface CounterRecord {
  _id: string;
  value: number;
}
const counterSchema = new Schema<CounterRecord>({ _id: String, value: Number }, { collection: 'notification_counters', versionKey: false });

/** Reserves `count` numbers of the in-app sequence; answers the first. */
export async function reserveSequence(db: Connection, count: number): Promise<number> {
  const model: Model<CounterRecord> = db.models['NotificationCounter'] ?? db.model<CounterRecord>('NotificationCounter', counterSchema);
  const counter = await model.findOneAndUpdate({ _id: 'inbox' }, { $inc: { value: count } }, { upsert: true, returnDocument: 'after' }).lean<CounterRecord>();
  return counter!.value - count + 1;
}
