import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { currentTraceContext, currentTraceId, inSpan, startTelemetry, stopTelemetry } from '../src/telemetry';

const run = promisify(execFile);

describe('telemetry without a collector', () => {
  afterAll(() => stopTelemetry());

  it('gives every span a trace id, which reaches logs (currentTraceId) and events (traceparent), and carries a parent across', async () => {
    expect(await inSpan('before start', async () => currentTraceId())).toBeUndefined();
    startTelemetry('telemetry-test');
    startTelemetry('telemetry-test'); // once per process
    const outer = await inSpan('outer', async () => ({ id: currentTraceId(), carried: currentTraceContext() }));
    expect(outer.id).toMatch(/^[0-9a-f]{32}$/);
    expect(outer.carried.traceparent).toMatch(new RegExp(`^00-${outer.id}-[0-9a-f]{16}-01$`));
    // A consumer continues the trace an event carried, after an await (async context kept).
    const continued = await inSpan(
      'consumer',
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return currentTraceId();
      },
      outer.carried,
    );
    expect(continued).toBe(outer.id);
    expect(currentTraceId()).toBeUndefined();
  });
});

describe('telemetry with a collector (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  it('loads the exporters and sends the spans there, flushed on stop', async () => {
    const received: { path: string; bytes: number }[] = [];
    const collector = createServer((req: IncomingMessage, res) => {
      let bytes = 0;
      req.on('data', (chunk: Buffer) => (bytes += chunk.length));
      req.on('end', () => {
        received.push({ path: req.url ?? '', bytes });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
      const { stdout } = await run(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'fixtures', 'export-one-span.ts'), endpoint], { timeout: 30_000 });
      expect(stdout.trim()).toMatch(/^[0-9a-f]{32}$/);
      const traces = received.filter((r) => r.path === '/v1/traces');
      expect(traces).toHaveLength(1);
      expect(traces[0]!.bytes).toBeGreaterThan(0);
    } finally {
      collector.closeAllConnections();
      await new Promise<void>((resolve) => collector.close(() => resolve()));
    }
  });
});
