export interface StreamEvent {
  id?: string;
  event: string;
  data: string;
}

export interface EventStreamClient {
  events: StreamEvent[];
  status: number;
  close(): void;
  /** Resolves once the stream has ended (closed by either side). */
  ended: Promise<void>;
}

/** A Server-Sent Events client over fetch (it may send headers: a bearer token, Last-Event-ID). */
export async function openEventStream(url: string, headers: Record<string, string>): Promise<EventStreamClient> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: StreamEvent[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const ended = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = block.split('\n').filter((line) => line && !line.startsWith(':'));
          if (fields.length === 0) continue;
          const field = (name: string) => fields.filter((l) => l.startsWith(`${name}:`)).map((l) => l.slice(name.length + 1).trimStart());
          if (field('data').length === 0) continue;
          events.push({ ...(field('id')[0] !== undefined ? { id: field('id')[0]! } : {}), event: field('event')[0] ?? 'message', data: field('data').join('\n') });
        }
      }
    } catch {
      // aborted
    }
  })();
  return { events, status: response.status, close: () => abort.abort(), ended };
}
