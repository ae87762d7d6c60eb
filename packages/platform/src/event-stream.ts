import type { Request, Response } from 'express';

/** setTimeout's longest delay (about 24.8 days); a later expiry is checked again then. */
const longestTimerMs = 2 ** 31 - 1;

export interface EventStreamOptions {
  /** A comment line this often keeps proxies and the browser from closing a quiet stream. */
  heartbeatMs: number;
  /**
   * When the caller's token expires. The stream ends then, after an `expired` event: what it
   * carries is read under that token, so a client reconnects with a fresh one (or is refused).
   */
  expiresAt?: Date | undefined;
  /** A client this far behind (bytes not yet taken) is dropped; it reconnects and catches up. */
  maxBacklogBytes?: number;
  /** The client's reconnection delay, sent as `retry:`. */
  retryMs?: number;
  /** Called once when the stream ends, by either side: unsubscribe here. */
  onEnd(): void;
}

export interface EventStream {
  /** Writes one event (`data` as JSON); nothing once the stream has ended. */
  send(event: string, data: unknown, id?: string | number): void;
  end(): void;
  readonly ended: boolean;
}

/**
 * Answers the request with a Server-Sent Events stream: the headers at once, `retry:`, a
 * heartbeat, and an end when the client goes, when it falls too far behind, or when the token
 * that opened it expires. The routes only say which events go out.
 */
export function startEventStream(req: Request, res: Response, options: EventStreamOptions): EventStream {
  res.status(200).set({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.flushHeaders();
  let ended = false;
  let expiry: NodeJS.Timeout | undefined;
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), options.heartbeatMs);

  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    clearTimeout(expiry);
    options.onEnd();
    if (!res.writableEnded) res.end();
  };
  const send = (event: string, data: unknown, id?: string | number) => {
    if (ended) return;
    if (options.maxBacklogBytes !== undefined && res.writableLength > options.maxBacklogBytes) return end();
    res.write(`${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const endAtExpiry = (expiresAt: Date) => {
    const left = expiresAt.getTime() - Date.now();
    if (left > longestTimerMs) {
      expiry = setTimeout(() => endAtExpiry(expiresAt), longestTimerMs);
      return;
    }
    expiry = setTimeout(() => {
      send('expired', { reason: 'token-expired', detail: '登录凭证已过期，请使用新的凭证重新连接' });
      end();
    }, Math.max(0, left));
  };

  req.on('close', end);
  if (options.expiresAt) endAtExpiry(options.expiresAt);
  res.write(`retry: ${options.retryMs ?? 3000}\n\n`);
  return {
    send,
    end,
    get ended() {
      return ended;
    },
  };
}
