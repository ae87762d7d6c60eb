import { Router } from 'express';
import { HttpProblem, requireRole, startEventStream, type AccessDeniedRecorder, type EventStream } from '@lianxin/platform';
import { streamFiltersOf } from './audience';
import { WorkQueueChange } from './change';
import type { WorkQueueHub } from './hub';

export const workQueueStreamPath = '/api/v1/work-queue/stream';

const heartbeatMs = 20_000;
const maxBacklogBytes = 256 * 1024;

/**
 * 待办 live (Server-Sent Events): an `order` event — id, sequence, status, event type, place —
 * whenever an order that is, or was, on one of the caller's work lists changes; the console then
 * refetches. `ready` says the stream is live (refetch once then too: changes before it are not
 * replayed). Bearer token only; a few streams per person (tabs); a heartbeat comment every 20 s;
 * it ends with `expired` when the token that opened it expires.
 */
export function workQueueStreamRoutes(hub: WorkQueueHub, recordDenied: AccessDeniedRecorder): Router {
  const router = Router();
  router.get(workQueueStreamPath, (req, res) => {
    const principal = requireRole(req, res, 'workQueueStream', recordDenied);
    const filters = streamFiltersOf(principal);
    if (filters.length === 0) throw new HttpProblem(403, 'OutOfScope', '不在管辖范围内', '您的账号没有所属党组织，也没有本人的待办');

    // Subscribed first: a person with too many streams gets a 429 before any header is sent.
    const live: { stream?: EventStream } = {};
    const unsubscribe = hub.subscribe({
      personId: principal.id,
      filters,
      send: (change) => live.stream?.send('order', WorkQueueChange.parse(change), `${change.id}:${change.sequence}`),
      end: () => live.stream?.end(),
    });
    if (!unsubscribe) {
      throw new HttpProblem(429, 'too-many-streams', '实时连接过多', '同一账号打开的实时连接已达上限，请关闭其他页面后重试', { retryAfterSeconds: 30 }, { 'Retry-After': '30' });
    }
    live.stream = startEventStream(req, res, { heartbeatMs, maxBacklogBytes, expiresAt: principal.expiresAt, onEnd: unsubscribe });
    live.stream.send('ready', {});
  });
  return router;
}
