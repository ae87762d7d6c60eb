import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * Attachment ids are opaque: `att_` and 32 hex digits, random — or, for an upload sent with an
 * Idempotency-Key, derived from the key and the order so a retry lands on the same id. Such an id
 * is what a command names (民情日记 photos, 办结 evidence).
 */
export const AttachmentId = z.string().regex(/^att_[0-9a-f]{32}$/, '附件编号格式不正确');
export type AttachmentId = z.infer<typeof AttachmentId>;

export function newAttachmentId(): AttachmentId {
  return `att_${randomBytes(16).toString('hex')}`;
}

/** The id an upload under `idempotencyKey` to `orderId` takes, every time. */
export function attachmentIdForKey(orderId: string, idempotencyKey: string): AttachmentId {
  return `att_${createHash('sha256').update(`${orderId}\n${idempotencyKey}`).digest('hex').slice(0, 32)}`;
}
