import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedHook[];
  /** While down, every request is answered 503 (and not kept). */
  setDown(down: boolean): void;
  /** Requests answered 503 while down. */
  refused: number;
  close(): Promise<void>;
}

/**
 * A group-robot / webhook receiver for tests: keeps every request it accepts, answers like the
 * robots do (`{ errcode: 0 }`, Feishu `{ code: 0 }`), and can be taken down and brought back.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = [];
  let down = false;
  const state = { refused: 0 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      if (down) {
        state.refused += 1;
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"down"}');
        return;
      }
      const url = new URL(req.url ?? '/', 'http://receiver');
      received.push({ path: url.pathname, query: url.searchParams, headers: req.headers, body, json: body ? (JSON.parse(body) as Record<string, unknown>) : {} });
      res.writeHead(200, { 'content-type': 'application/json' }).end(url.pathname.includes('feishu') ? '{"code":0,"msg":"success"}' : '{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    setDown: (value) => (down = value),
    get refused() {
      return state.refused;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
