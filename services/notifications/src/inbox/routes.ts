import { Router } from 'express';
import type { Model } from 'mongoose';
import { z } from 'zod';
import { parseOrProblem, requireRole, startEventStream, type AccessDeniedRecorder } from '@lianxin/platform';
import type { DeliveryRecord } from '../delivery/records';
import { NotificationView, notificationView } from '../delivery/view';
import type { InboxHub } from './hub';

export const InboxQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  /** Notices numbered below this (paging back through the inbox). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const InboxPage = z.strictObject({ items: z.array(NotificationView), unread: z.number().int().nonnegative() });
export const MarkRead = z.union([
  z.strictObject({ ids: z.array(z.string().min(1).max(200)).min(1).max(200) }),
  z.strictObject({ all: z.literal(true) }),
]);
export const MarkReadResult = z.strictObject({ marked: z.number().int().nonnegative(), unread: z.number().int().nonnegative() });
export const StreamQuery = z.strictObject({ lastEventId: z.coerce.number().int().nonnegative().optional() });

const heartbeatMs = 15_000;
const backlogLimit = 500;
const rememberedIds = 2_000;

/**
 * 站内通知 of the signed-in person: the inbox (newest first, with the unread count), marking
 * read, and the live stream (Server-Sent Events; each event's id is the notice's number, so a
 * reconnecting client with `Last-Event-ID` gets what it missed, then the live notices).
 */
export function inboxRoutes(model: Model<DeliveryRecord>, hub: InboxHub, recordDenied: AccessDeniedRecorder): Router {
  const router = Router();
  const mine = (personId: string) => ({ 'recipient.id': personId, channel: 'app' as const });
  const unreadOf = (personId: string) => model.countDocuments({ ...mine(personId), readAt: { $exists: false } });

  router.get('/api/v1/notifications/inbox', async (req, res) => {
    const principal = requireRole(req, res, 'readOrder', recordDenied);
    const q = parseOrProblem(InboxQuery, req.query, '查询参数');
    const filter = { ...mine(principal.id), ...(q.unread === 'true' ? { readAt: { $exists: false } } : {}), ...(q.before ? { seq: { $lt: q.before } } : {}) };
    const [items, unread] = await Promise.all([model.find(filter).sort({ seq: -1 }).limit(q.limit).lean<DeliveryRecord[]>(), unreadOf(principal.id)]);
    res.json(InboxPage.parse({ items: items.map(notificationView), unread }));
  });

  router.post('/api/v1/notifications/inbox/read', async (req, res) => {
    const principal = requireRole(req, res, 'readOrder', recordDenied);
    const body = parseOrProblem(MarkRead, req.body ?? {});
    const now = new Date();
    const which = 'ids' in body ? { _id: { $in: body.ids } } : {};
    const result = await model.updateMany(
      { ...mine(principal.id), ...which, readAt: { $exists: false } },
      { $set: { readAt: now, status: 'read' }, $push: { history: { at: now, status: 'read' } } },
    );
    res.json(MarkReadResult.parse({ marked: result.modifiedCount, unread: await unreadOf(principal.id) }));
  });

  router.get('/api/v1/notifications/stream', async (req, res) => {
    const principal = requireRole(req, res, 'readOrder', recordDenied);
    const q = parseOrProblem(StreamQuery, req.query, '查询参数');
    const header = req.get('last-event-id');
    const resumeFrom = header !== undefined && /^\d+$/.test(header.trim()) ? Number(header.trim()) : q.lastEventId;
    const sent = new Set<string>();
    const pending: DeliveryRecord[] = [];
    let ready = false;
    let since = resumeFrom ?? 0;

    // Subscribed before the backlog is read, so nothing falls between the two; held until it is sent.
    const unsubscribe = hub.subscribe(principal.id, (notice) => (ready ? write(notice) : pending.push(notice)));
    const stream = startEventStream(req, res, { heartbeatMs, expiresAt: principal.expiresAt, onEnd: unsubscribe });
    function write(notice: DeliveryRecord) {
      if (stream.ended || sent.has(notice._id) || (notice.seq ?? 0) <= since) return;
      sent.add(notice._id);
      if (sent.size > rememberedIds) sent.delete(sent.values().next().value!);
      stream.send('notification', NotificationView.parse(notificationView(notice)), notice.seq);
      // Shown to a live person: delivered (read stays read).
      void model.updateOne({ _id: notice._id, status: 'sent' }, { $set: { status: 'delivered', deliveredAt: new Date() }, $push: { history: { at: new Date(), status: 'delivered', note: '实时推送' } } }).catch(() => undefined);
    }
    if (resumeFrom !== undefined) {
      const missed = await model.find({ ...mine(principal.id), seq: { $gt: resumeFrom } }).sort({ seq: 1 }).limit(backlogLimit).lean<DeliveryRecord[]>();
      for (const notice of missed) write(notice);
    } else {
      // A fresh stream starts after the newest notice the person has.
      const newest = await model.findOne(mine(principal.id), { seq: 1 }).sort({ seq: -1 }).lean();
      since = newest?.seq ?? 0;
    }
    ready = true;
    for (const notice of pending.splice(0).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))) write(notice);
    stream.send('ready', { unread: await unreadOf(principal.id) });
  });
  return router;
}
