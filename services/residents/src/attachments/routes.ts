import { pipeline } from 'node:stream/promises';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Model } from 'mongoose';
import { z } from 'zod';
import { acceptedDeclaredType, AttachmentRefused, checkDeclaredLength, inlineDisposition, readLimited, type AttachmentLimits, type AttachmentStore } from '@lianxin/attachments';
import type { TrackedOrder } from '@lianxin/order-views';
import { idempotencyKeyOf, parseOrProblem, type AccessDeniedRecorder, type AuditSink, type Logger } from '@lianxin/platform';
import { readableOrder } from '../order-access/readable-order';
import type { residentByTrackingCode } from '../tracking-codes/resident-access';
import { attachmentNotFound, orRefusalProblem } from './problems';
import { attachmentUrl, attachmentView, type AttachmentRecord } from './records';
import { storeAttachment } from './upload';
import { AttachmentList, AttachmentParams, AttachmentView } from './view';

export interface AttachmentRouteOptions {
  records: Model<AttachmentRecord>;
  store: AttachmentStore;
  limits: AttachmentLimits;
  orders: Model<TrackedOrder>;
  residentActor: ReturnType<typeof residentByTrackingCode>;
  audit: AuditSink;
  recordDenied: AccessDeniedRecorder;
  log: Logger;
  rateLimit: RequestHandler;
}

const FilenameHeader = z.string().max(1024, '文件名过长').optional();

/** The request body, at most `maxBytes`; past that the rest is dropped and the connection closed after the answer. */
async function bodyOf(req: Request, res: Response, maxBytes: number): Promise<Buffer> {
  try {
    return await readLimited(req, maxBytes);
  } catch (error) {
    if (error instanceof AttachmentRefused) {
      res.set('Connection', 'close');
      req.resume();
    }
    throw error;
  }
}

/**
 * 附件 (现场照片、办结凭证) of an order: upload one (the body is the file, its Content-Type its
 * kind, checked against its bytes), list them, read one back. Whoever may read the order may
 * use them: staff in scope or involved (bearer token), or the resident with the tracking code.
 * Browsers fetch with the Authorization header and show blob URLs: no cookies, no tokens in URLs.
 */
export function attachmentRoutes(options: AttachmentRouteOptions): Router {
  const router = Router();
  const readable = readableOrder(options);

  router.post('/api/v1/orders/:id/attachments', options.rateLimit, async (req, res) => {
    // Who and which order first: nobody's bytes are read before that.
    const { view, reader } = await readable(req, res);
    const filename = parseOrProblem(FilenameHeader, req.header('x-filename'), 'X-Filename');
    const idempotencyKey = idempotencyKeyOf(req);
    const { record, replay } = await orRefusalProblem(async () => {
      const declaredType = acceptedDeclaredType(req.header('content-type'), options.limits);
      checkDeclaredLength(req.header('content-length'), options.limits);
      const bytes = await bodyOf(req, res, options.limits.maxBytes);
      return storeAttachment(options, {
        orderId: view.id,
        declaredType,
        bytes,
        reader,
        ...(filename ? { filename } : {}),
        ...(idempotencyKey ? { idempotencyKey } : {}),
      });
    });
    res
      .status(replay ? 200 : 201)
      .location(attachmentUrl(view.id, record._id))
      .set('Cache-Control', 'no-store')
      .json(AttachmentView.parse(attachmentView(record)));
  });

  router.get('/api/v1/orders/:id/attachments', options.rateLimit, async (req, res) => {
    const { view } = await readable(req, res);
    const records = await options.records.find({ orderId: view.id }).sort({ createdAt: 1, _id: 1 }).lean<AttachmentRecord[]>();
    res.set('Cache-Control', 'private, no-cache').json(AttachmentList.parse({ orderId: view.id, items: records.map(attachmentView) }));
  });

  router.get('/api/v1/orders/:id/attachments/:attachmentId', options.rateLimit, async (req, res) => {
    const { attachmentId } = parseOrProblem(AttachmentParams, req.params, '路径参数');
    const { view } = await readable(req, res);
    const record = await options.records.findOne({ _id: attachmentId, orderId: view.id }).lean<AttachmentRecord>();
    if (!record) throw attachmentNotFound(attachmentId);
    const bytes = await options.store.open(record._id);
    if (!bytes) {
      options.log.error({ orderId: view.id, attachmentId }, 'attachment recorded but its bytes are missing from the store');
      throw attachmentNotFound(attachmentId);
    }
    res.status(200).set({
      'Content-Type': record.contentType,
      'Content-Length': String(record.size),
      'Content-Disposition': inlineDisposition(record.filename),
      'Cache-Control': 'private',
      'X-Content-Type-Options': 'nosniff',
      // Shown as a file, never run as a page (a PDF viewer gets a sandbox).
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    try {
      await pipeline(bytes, res);
    } catch (error) {
      options.log.warn({ orderId: view.id, attachmentId, error: (error as Error).name }, 'attachment stream ended early');
      if (!res.writableEnded) res.destroy();
    }
  });
  return router;
}
