import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { startEventStream, type EventStream } from '../src/event-stream';

/** A server with one stream route; `expiresInMs` is the opening token's time left. */
async function serve(options: { expiresInMs?: number; heartbeatMs?: number }) {
  const opened: EventStream[] = [];
  let ends = 0;
  const app = express();
  app.get('/stream', (req, res) => {
    const stream = startEventStream(req, res, {
      heartbeatMs: options.heartbeatMs ?? 60_000,
      expiresAt: options.expiresInMs === undefined ? undefined : new Date(Date.now() + options.expiresInMs),
      onEnd: () => {
        ends += 1;
      },
    });
    opened.push(stream);
    stream.send('ready', { unread: 2 });
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/stream`,
    opened,
    ends: () => ends,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Reads the stream as text until it ends or `abortAfterMs` passes. */
async function readAll(url: string, abortAfterMs: number): Promise<{ text: string; contentType: string | null; endedByServer: boolean }> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), abortAfterMs);
  const response = await fetch(url, { signal: abort.signal });
  let text = '';
  let endedByServer = false;
  try {
    for await (const chunk of response.body!.pipeThrough(new TextDecoderStream())) text += chunk;
    endedByServer = true;
  } catch {
    // aborted by the client
  } finally {
    clearTimeout(timer);
  }
  return { text, contentType: response.headers.get('content-type'), endedByServer };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a Server-Sent Events stream', () => {
  it('sends retry, its events and heartbeats, and ends with `expired` when the opening token expires', async () => {
    const served = await serve({ expiresInMs: 700, heartbeatMs: 200 });
    try {
      const started = Date.now();
      const read = await readAll(served.url, 5_000);
      expect(read.endedByServer).toBe(true);
      expect(Date.now() - started).toBeGreaterThanOrEqual(600);
      expect(read.contentType).toBe('text/event-stream; charset=utf-8');
      expect(read.text.startsWith('retry: 3000\n\nevent: ready\ndata: {"unread":2}\n\n')).toBe(true);
      expect(read.text).toContain(': keep-alive\n\n');
      expect(read.text.endsWith('event: expired\ndata: {"reason":"token-expired","detail":"登录凭证已过期，请使用新的凭证重新连接"}\n\n')).toBe(true);
      expect(served.ends()).toBe(1);
      expect(served.opened[0]!.ended).toBe(true);
      served.opened[0]!.send('late', {}); // nothing once ended, and no error
    } finally {
      await served.close();
    }
  });

  it('ends at once when the token has already expired', async () => {
    const served = await serve({ expiresInMs: -1_000 });
    try {
      const read = await readAll(served.url, 5_000);
      expect(read.endedByServer).toBe(true);
      expect(read.text).toContain('event: expired');
    } finally {
      await served.close();
    }
  });

  it('stays open without an expiry, numbers events by id, and ends once when the client goes', async () => {
    const served = await serve({});
    try {
      const pending = readAll(served.url, 400);
      await until(() => served.opened.length === 1, 'the stream');
      served.opened[0]!.send('order', { id: 'LX-1' }, 'LX-1:3');
      const read = await pending;
      expect(read.endedByServer).toBe(false);
      expect(read.text).toContain('id: LX-1:3\nevent: order\ndata: {"id":"LX-1"}\n\n');
      await until(() => served.ends() === 1, 'the end of the stream');
      served.opened[0]!.end();
      expect(served.ends()).toBe(1);
    } finally {
      await served.close();
    }
  });
});
