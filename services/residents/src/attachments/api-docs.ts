import { attachmentContentTypes } from '@lianxin/attachments';
import { OrderIdParams } from '@lianxin/contracts';
import { problem, type RouteDoc } from '@lianxin/platform';
import { AttachmentBytes, AttachmentList, AttachmentParams, AttachmentView, UploadHeaders } from './view';

export const attachmentsTag = { name: '附件 Attachments', description: '现场照片与办结凭证: JPEG, PNG, WebP, PDF, checked by their bytes; read with the same access as the order' };

const tags = [attachmentsTag.name];
const noOrder = problem('工单不存在 · No such order (a new order may take a second or two to appear)');
const security = ['bearer', 'trackingCode'] as const;

/** The attachment routes (`routes.ts`), declared with the schemas they validate and answer with. */
export const attachmentRouteDocs: readonly RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/orders/:id/attachments',
    summary: '上传附件 · Upload a photo or document',
    description:
      'The body is the file itself; `Content-Type` is its kind (JPEG, PNG, WebP or PDF), which its first bytes must match. ' +
      'At most `LIANXIN_ATTACHMENTS_MAX_BYTES` (5 MB by default) and `LIANXIN_ATTACHMENTS_MAX_PER_ORDER` (50) files per order. ' +
      'The answer\'s `id` is what 民情日记 `photos` and 办结 `evidence` name. The same bytes sent again with the same `Idempotency-Key` answer the same attachment (200).',
    tags,
    security,
    params: OrderIdParams,
    headers: UploadHeaders,
    body: AttachmentBytes,
    bodyContentType: attachmentContentTypes,
    responses: {
      201: { description: '已保存 · Stored', schema: AttachmentView, headers: { Location: 'The attachment: `/api/v1/orders/{id}/attachments/{attachmentId}`' } },
      200: { description: '重试 · A retry with the same Idempotency-Key and bytes: the same attachment', schema: AttachmentView, headers: { Location: 'The attachment' } },
      404: noOrder,
      413: problem('附件过大 · Larger than the limit (`maxBytes`)'),
      415: problem('不支持的附件类型，或文件内容与类型不符 · Not an accepted kind, or the bytes are not of the declared kind (`accepted`)'),
      422: problem('附件数量已达上限，或 Idempotency-Key 已用于另一个文件 · The order holds the most files allowed (`maxPerOrder`), or the key was used for other bytes'),
    },
  },
  {
    method: 'get',
    path: '/api/v1/orders/:id/attachments',
    summary: '附件列表 · The order\'s attachments',
    tags,
    security,
    params: OrderIdParams,
    responses: { 200: { description: '附件，按上传先后 · Oldest first', schema: AttachmentList }, 404: noOrder },
  },
  {
    method: 'get',
    path: '/api/v1/orders/:id/attachments/:attachmentId',
    summary: '读取附件 · Read an attachment\'s bytes',
    description: 'The bytes with their stored `Content-Type`, `Content-Disposition: inline`, `Cache-Control: private` and `X-Content-Type-Options: nosniff`. Browsers fetch it with the Authorization header (or `X-Tracking-Code`) and show a blob URL.',
    tags,
    security,
    params: AttachmentParams,
    responses: {
      200: {
        description: '文件内容 · The file',
        schema: AttachmentBytes,
        contentType: attachmentContentTypes,
        headers: { 'Content-Disposition': '`inline` with the file name', 'Cache-Control': '`private`', 'X-Content-Type-Options': '`nosniff`' },
      },
      404: problem('工单或附件不存在 · No such order, or no such attachment of it'),
    },
  },
];

export const attachmentSchemas = { AttachmentView, AttachmentList };
