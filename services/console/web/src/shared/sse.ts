/** One Server-Sent Event. */
export interface StreamEvent {
  id?: string;
  event: string;
  data: string;
}

export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'unavailable' | 'closed';

export interface EventStreamOptions {
  url: string;
  /** The bearer token, read at each (re)connection. */
  accessToken: () => string | undefined;
  onEvent(event: StreamEvent): void;
  onStatus?(status: StreamStatus): void;
  /** A 401: the token is no longer accepted. */
  onUnauthorized?(): void;
  signal: AbortSignal;
  /** The query parameter that resumes after an event id (e.g. `lastEventId`); without it the stream starts afresh. */
  resumeParam?: string;
}

const maxBackoffMs = 30_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = window.setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      window.clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Reads a text/event-stream with fetch (EventSource cannot send an Authorization header) until
 * `signal` aborts: parses events, honours `retry:`, reconnects with back-off (resuming after the
 * last event id when the stream supports it). A 401 ends it (`onUnauthorized`); so do 403/404/405
 * (the stream is not offered: `unavailable`), after which callers fall back to polling.
 */
export async function readEventStream(options: EventStreamOptions): Promise<void> {
  const { signal } = options;
  let lastEventId: string | undefined;
  let retryMs = 3000;
  let failures = 0;
  while (!signal.aborted) {
    options.onStatus?.(failures === 0 ? 'connecting' : 'reconnecting');
    const url = new URL(options.url);
    if (options.resumeParam && lastEventId !== undefined) url.searchParams.set(options.resumeParam, lastEventId);
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    const token = options.accessToken();
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      const response = await fetch(url.href, { headers, signal, cache: 'no-store', credentials: 'omit' });
      if (response.status === 401) {
        options.onStatus?.('closed');
        options.onUnauthorized?.();
        return;
      }
      if (response.status === 403 || response.status === 404 || response.status === 405) {
        options.onStatus?.('unavailable');
        return;
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      options.onStatus?.('open');
      failures = 0;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      let event: { id?: string; event?: string; data: string[] } = { data: [] };
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let newline: number;
        while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
          if (line === '') {
            if (event.data.length > 0 || event.event) {
              if (event.id !== undefined) lastEventId = event.id;
              options.onEvent({ ...(event.id !== undefined ? { id: event.id } : {}), event: event.event ?? 'message', data: event.data.join('\n') });
            }
            event = { data: [] };
            continue;
          }
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const fieldValue = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'data') event.data.push(fieldValue);
          else if (field === 'event') event.event = fieldValue;
          else if (field === 'id') event.id = fieldValue;
          else if (field === 'retry' && /^\d+$/.test(fieldValue)) retryMs = Number(fieldValue);
        }
      }
    } catch (error) {
      if (signal.aborted) break;
      void error;
    }
    if (signal.aborted) break;
    failures += 1;
    options.onStatus?.('reconnecting');
    await sleep(Math.min(retryMs * 2 ** Math.max(0, failures - 1), maxBackoffMs), signal);
  }
  options.onStatus?.('closed');
}
