import { Schema, type Connection, type Model } from 'mongoose';
import type { ReceivedOrderEvent } from '@lianxin/contracts';
import type { Channel, PlannedNotification, Recipient } from '../rules/rules';

/** 通知记录: one per event and recipient; the id makes a redelivered event a no-op. */
export interface NotificationRecord {
  _id: string;
  eventId: string;
  eventType: string;
  orderId: string;
  /** The order's organisation path: who may read the record besides its recipient. */
  scope: string[];
  recipient: Recipient;
  channel: Channel;
  text: string;
  status: 'queued' | 'sent' | 'failed';
  createdAt: Date;
}

const schema = new Schema<NotificationRecord>(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    eventType: { type: String, required: true },
    orderId: { type: String, required: true, index: true },
    scope: { type: [String] },
    recipient: { type: Schema.Types.Mixed, required: true },
    channel: { type: String, required: true },
    text: { type: String, required: true },
    status: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'notifications', versionKey: false },
);

export function notificationModel(db: Connection): Model<NotificationRecord> {
  return db.models['NotificationRecord'] ?? db.model<NotificationRecord>('NotificationRecord', schema);
}

/** Records the planned notifications of one event; answers how many were new. */
export async function recordNotifications(
  model: Model<NotificationRecord>,
  event: ReceivedOrderEvent,
  planned: PlannedNotification[],
): Promise<number> {
  let created = 0;
  for (const { recipient, text } of planned) {
    try {
      await model.create({
        _id: `${event.id}|${recipient.kind}:${recipient.id}|${recipient.channel}`,
        eventId: event.id,
        eventType: event.type,
        orderId: event.data.orderId,
        scope: event.data.order.scope ?? [],
        recipient,
        channel: recipient.channel,
        text,
        status: 'queued',
        createdAt: new Date(),
      });
      created += 1;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error; // 11000: already recorded
    }
  }
  return created;
}
