import { Router } from 'express';
import { HttpProblem, requireRole, type AccessDeniedRecorder } from '@lianxin/platform';
import { streamFiltersOf } from './audience';
import { WorkQueueChange } from './change';
import type { WorkQueueHub } from './hub';

export const workQueueStreamPath = '/api/v1/work-queue/stream';

/** A comment line this often keeps proxies and the browser from closing a quiet stream. */
const heartbeatMs = 20_000;
/** A client this far behind (bytes not yet taken) is dropped; it reconnects and refetches. */
const maxBacklogBytes = 256 * 1024;

/**
 * 待办 live (Server-Sent Events): an `order` event — id, sequence, status, event type, place —
 * whenever an order that is, or was, on one of the caller's work lists changes; the console then
 * refetches. `ready` says the stream is live (refetch once then too: changes before it are not
 * replayed). Bearer token only; a few streams per person (tabs); a heartbeat comment every 20 s.
 */
export function workQueueStreamRoutes(hub: WorkQueueHub, recordDenied: AccessDeniedRecorder): Router {
  const router = Router();
  router.get(workQueueStreamPath, (req, res) => {
    const principal = requireRole(req, res, 'workQueueStream', recordDenied);
    const filters = streamFiltersOf(principal);
    if (filters.length === 0) throw new HttpProblem(403, 'OutOfScope', '不在管辖范围内', '您的账号没有所属党组织，也没有本人的待办');

    // Started before the headers, in the same tick: the first beat comes long after them.
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
    const finish = () => {
      clearInterval(heartbeat);
      unsubscribe?.();
      if (!res.writableEnded) res.end();
    };
    const unsubscribe = hub.subscribe({
      personId: principal.id,
      filters,
      send: (change) => {
        if (res.writableLength > maxBacklogBytes) return finish();
        res.write(`id: ${change.id}:${change.sequence}\nevent: order\ndata: ${JSON.stringify(WorkQueueChange.parse(change))}\n\n`);
      },
      end: finish,
    });
    if (!unsubscribe) {
      clearInterval(heartbeat);
      throw new HttpProblem(429, 'too-many-streams', '实时连接过多', '同一账号打开的实时连接已达上限，请关闭其他页面后重试', { retryAfterSeconds: 30 }, { 'Retry-After': '30' });
    }
    res.status(200).set({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.flushHeaders();
    req.on('close', finish);
    res.write('retry: 3000\n\n');
    res.write('event: ready\ndata: {}\n\n');
  });
  return router;
}
