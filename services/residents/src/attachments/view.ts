import { z } from 'zod';
import { AttachmentId, attachmentContentTypes } from '@lianxin/attachments';
import { OrderIdParams } from '@lianxin/contracts';

/** `/api/v1/orders/:id/attachments/:attachmentId` */
export const AttachmentParams = OrderIdParams.extend({ attachmentId: AttachmentId });

/**
 * One attachment of an order, as the API shows it: what it is and where to read it. The id is
 * what a command names (民情日记 `photos`, 办结 `evidence`); the bytes are read from `url` with the
 * same access as the order (bearer token or tracking code), never from a public address.
 */
export const AttachmentView = z.strictObject({
  id: AttachmentId,
  orderId: z.string(),
  contentType: z.enum(attachmentContentTypes),
  size: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  filename: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  url: z.string(),
});
export type AttachmentView = z.infer<typeof AttachmentView>;

/** `GET /api/v1/orders/:id/attachments`: oldest first. */
export const AttachmentList = z.strictObject({ orderId: z.string(), items: z.array(AttachmentView) });
export type AttachmentList = z.infer<typeof AttachmentList>;

/** Request headers of an upload (the body is the file itself; its Content-Type is its kind). */
export const UploadHeaders = z.object({
  'X-Filename': z.string().max(1024).optional().describe('文件名，UTF-8 百分号编码 · The file name, percent-encoded UTF-8 (optional)'),
  'Idempotency-Key': z.string().min(8).max(128).optional().describe('重试时使用同一个键 · The same key on a retry answers the same attachment'),
});

/** The body of an upload: the bytes of the file. */
export const AttachmentBytes = z.string().meta({ format: 'binary', description: '文件内容 · The file\'s bytes (JPEG, PNG, WebP or PDF)' });
