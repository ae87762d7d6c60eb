import {
  attachmentIdForKey,
  checkRoomFor,
  inspectAttachment,
  newAttachmentId,
  safeFilename,
  type AttachmentContentType,
  type AttachmentLimits,
  type AttachmentStore,
} from '@lianxin/attachments';
import { currentTraceId, HttpProblem, isDuplicateKey, idempotencyKeyReused, unavailableProblem, type AuditSink, type Logger } from '@lianxin/platform';
import type { Model } from 'mongoose';
import type { OrderReader } from '../order-access/readable-order';
import type { AttachmentRecord } from './records';

export interface UploadDependencies {
  records: Model<AttachmentRecord>;
  store: AttachmentStore;
  limits: AttachmentLimits;
  audit: AuditSink;
  log: Logger;
}

export interface UploadRequest {
  orderId: string;
  declaredType: AttachmentContentType;
  bytes: Buffer;
  /** What the uploader called it (`X-Filename`); only a safe form is kept. */
  filename?: string;
  idempotencyKey?: string;
  reader: OrderReader;
}

/** A retry under the same key: the same bytes answer the attachment already stored, others are refused. */
function replayOf(existing: AttachmentRecord, sha256: string): { record: AttachmentRecord; replay: true } {
  if (existing.sha256 !== sha256) throw idempotencyKeyReused();
  return { record: existing, replay: true };
}

/**
 * Takes one file for an order: checked (kind by its bytes, size), under an id of its own — the
 * same one for a retry with the same Idempotency-Key —, within the order's allowance, stored, then
 * recorded and audited. A file that cannot be audited is not kept: no record, no file.
 */
export async function storeAttachment(deps: UploadDependencies, request: UploadRequest): Promise<{ record: AttachmentRecord; replay: boolean }> {
  const inspected = inspectAttachment(request.bytes, request.declaredType, deps.limits);
  const id = request.idempotencyKey ? attachmentIdForKey(request.orderId, request.idempotencyKey) : newAttachmentId();
  if (request.idempotencyKey) {
    const existing = await deps.records.findById(id).lean<AttachmentRecord>();
    if (existing) return replayOf(existing, inspected.sha256);
  }
  checkRoomFor(await deps.records.countDocuments({ orderId: request.orderId }), deps.limits);

  const filename = safeFilename(request.filename, id, inspected.contentType);
  try {
    await deps.store.put(id, request.bytes, { ...inspected, filename });
  } catch (error) {
    // The same key sent twice at once: the other request holds the id.
    if (request.idempotencyKey) {
      const existing = await deps.records.findById(id).lean<AttachmentRecord>();
      if (existing) return replayOf(existing, inspected.sha256);
      throw new HttpProblem(409, 'idempotency-conflict', '请求正在处理中，请稍后重试');
    }
    throw error;
  }
  const record: AttachmentRecord = {
    _id: id,
    orderId: request.orderId,
    ...inspected,
    filename,
    store: deps.store.kind,
    uploadedBy: request.reader.id,
    createdAt: new Date(),
  };
  try {
    await deps.records.create(record);
  } catch (error) {
    if (!isDuplicateKey(error)) {
      await deps.store.remove(id).catch(() => undefined);
      throw error;
    }
    const existing = await deps.records.findById(id).lean<AttachmentRecord>();
    if (existing) return replayOf(existing, inspected.sha256);
    throw error;
  }
  try {
    await deps.audit.append({
      kind: 'command',
      actor: { id: request.reader.id, role: request.reader.role, ...(request.reader.organisationId ? { organisationId: request.reader.organisationId } : {}) },
      action: 'uploadAttachment',
      outcome: 'allowed',
      target: request.orderId,
      details: { attachmentId: id, contentType: inspected.contentType, size: inspected.size, store: deps.store.kind },
      ...(currentTraceId() ? { traceId: currentTraceId() } : {}),
    });
  } catch (error) {
    deps.log.error({ err: error, orderId: request.orderId, attachmentId: id }, 'audit: could not record an upload; the file is not kept');
    await deps.records.deleteOne({ _id: id }).catch(() => undefined);
    await deps.store.remove(id).catch(() => undefined);
    throw unavailableProblem('audit-unavailable', '审计记录暂不可用', '暂时无法记录上传操作，请稍后重试');
  }
  deps.log.info({ orderId: request.orderId, attachmentId: id, contentType: inspected.contentType, size: inspected.size, store: deps.store.kind }, 'attachment stored');
  return { record, replay: false };
}
