import { Schema, type Connection, type Model } from 'mongoose';
import type { AttachmentContentType, AttachmentStoreKind } from '@lianxin/attachments';
import type { AttachmentView } from './view';

/**
 * What the residents service knows of each attachment (`order_attachments`): whose order it
 * belongs to, what it is, who sent it and where its bytes are (`store`, keyed by the id). Listing
 * and counting an order's files read this, whichever store holds the bytes.
 */
export interface AttachmentRecord {
  _id: string;
  orderId: string;
  contentType: AttachmentContentType;
  size: number;
  sha256: string;
  filename: string;
  store: AttachmentStoreKind;
  /** Who sent it: a staff id, or `resident:<order id>` for the resident with the tracking code. */
  uploadedBy: string;
  createdAt: Date;
}

const schema = new Schema<AttachmentRecord>(
  {
    _id: { type: String, required: true },
    orderId: { type: String, required: true, index: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    filename: { type: String, required: true },
    store: { type: String, required: true },
    uploadedBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'order_attachments', versionKey: false },
);

export function attachmentRecords(db: Connection): Model<AttachmentRecord> {
  return db.models['AttachmentRecord'] ?? db.model<AttachmentRecord>('AttachmentRecord', schema);
}

export const attachmentUrl = (orderId: string, id: string) => `/api/v1/orders/${orderId}/attachments/${id}`;

export function attachmentView(record: AttachmentRecord): AttachmentView {
  return {
    id: record._id,
    orderId: record.orderId,
    contentType: record.contentType,
    size: record.size,
    sha256: record.sha256,
    filename: record.filename,
    createdAt: record.createdAt.toISOString(),
    url: attachmentUrl(record.orderId, record._id),
  };
}
