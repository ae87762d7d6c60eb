import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Router, type Express } from 'express';
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import mongoose from 'mongoose';
import pino from 'pino';
import { closeServer, createHttpApp, finishHttpApp, listen, type HttpAppOptions } from '../src/http';
import { corsOriginsFromEnv, defaultCorsOrigins } from '../src/http-guards/cors';
import { publicRateLimits, rateLimit, rateLimitFromEnv } from '../src/http-guards/rate-limit';
import { trustProxyFromEnv } from '../src/http-guards/trust-proxy';

/** What the app logged, as parsed pino lines. */
function capturedLog() {
  const lines: Array<{ level: number; msg: string }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as { level: number; msg: string });
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines, errors: () => lines.filter((line) => line.level >= 50) };
}

/** A service app with the routes `build` adds, served on a free port. */
async function serve(build: (router: Router) => void, options: Partial<HttpAppOptions> = {}) {
  const captured = capturedLog();
  const app: Express = createHttpApp({ service: 'guards-test', log: captured.log, readiness: async () => ({ ok: true }), corsOrigins: defaultCorsOrigins, ...options });
  const router = Router();
  build(router);
  app.use(router);
  finishHttpApp(app, captured.log);
  const server: Server = await listen(app, 0);
  const port = (server.address() as AddressInfo).port;
  return { ...captured, server, port, base: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}

type Served = Awaited<ReturnType<typeof serve>>;

async function until(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('security headers and CORS', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve((router) => {
      router.get('/api/v1/things', (_req, res) => {
        res.json({ items: [] });
      });
      router.post('/api/v1/things', (req, res) => {
        res.status(201).json(req.body);
      });
    });
  });
  afterAll(() => served.close());

  it('puts helmet\'s headers with a strict CSP on answers and on problems', async () => {
    for (const response of [await fetch(`${served.base}/api/v1/things`), await fetch(`${served.base}/api/v1/nothing`)]) {
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('lets an app relax the CSP (an HTML console)', async () => {
    const htmlConsole = await serve(() => undefined, {
      securityHeaders: { contentSecurityPolicy: { 'default-src': ["'self'"], 'img-src': ["'self'", 'data:'] } },
    });
    try {
      const response = await fetch(`${htmlConsole.base}/healthz`);
      expect(response.headers.get('content-security-policy')).toBe("default-src 'self';img-src 'self' data:");
    } finally {
      await htmlConsole.close();
    }
  });

  it('answers an allowed origin with its own origin, and a preflight with the headers clients send', async () => {
    const origin = 'http://127.0.0.1:8085';
    const simple = await fetch(`${served.base}/api/v1/things`, { headers: { origin } });
    expect(simple.headers.get('access-control-allow-origin')).toBe(origin);
    expect(simple.headers.get('vary')).toContain('Origin');
    expect(simple.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(simple.headers.get('access-control-expose-headers')).toContain('Content-Disposition');

    const preflight = await fetch(`${served.base}/api/v1/things`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:8085', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:8085');
    const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(',');
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'idempotency-key', 'x-tracking-code', 'x-filename']));
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('gives any other origin no CORS headers at all', async () => {
    const evil = 'http://127.0.0.1:8086';
    const simple = await fetch(`${served.base}/api/v1/things`, { headers: { origin: evil } });
    expect(simple.status).toBe(200);
    expect(simple.headers.get('vary')).toContain('Origin');
    const preflight = await fetch(`${served.base}/api/v1/things`, {
      method: 'OPTIONS',
      headers: { origin: evil, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    for (const response of [simple, preflight]) {
      expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
    const none = await fetch(`${served.base}/api/v1/things`);
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('reads the allowed origins from LIANXIN_CORS_ORIGINS, exact origins only', () => {
    expect(corsOriginsFromEnv({})).toEqual(['http://127.0.0.1:8085', 'http://localhost:8085']);
    expect(corsOriginsFromEnv({ LIANXIN_CORS_ORIGINS: ' https://a.example.org , https://b.example.org:8443 ' })).toEqual([
      'https://a.example.org',
      'https://b.example.org:8443',
    ]);
    expect(corsOriginsFromEnv({ LIANXIN_CORS_ORIGINS: '' })).toEqual([]);
    expect(() => corsOriginsFromEnv({ LIANXIN_CORS_ORIGINS: 'https://a.example.org/' })).toThrow('LIANXIN_CORS_ORIGINS');
    expect(() => corsOriginsFromEnv({ LIANXIN_CORS_ORIGINS: '*' })).toThrow('LIANXIN_CORS_ORIGINS');
  });
});

describe('rate limits', () => {
  it('answers 429 problem+json with Retry-After once a client used its points, counting each key on its own', async () => {
    const served = await serve((router) => {
      router.get('/limited', rateLimit({ name: 'test', points: 3, durationSeconds: 60 }), (_req, res) => {
        res.json({ ok: true });
      });
      router.get('/by-code', rateLimit({ name: 'by-code', points: 1, durationSeconds: 60, keyOf: (req) => String(req.query.code) }), (_req, res) => {
        res.json({ ok: true });
      });
    });
    try {
      const remaining: Array<string | null> = [];
      for (let i = 0; i < 3; i += 1) {
        const response = await fetch(`${served.base}/limited`);
        expect(response.status).toBe(200);
        expect(response.headers.get('ratelimit-limit')).toBe('3');
        expect(response.headers.get('ratelimit-policy')).toBe('3;w=60');
        remaining.push(response.headers.get('ratelimit-remaining'));
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const refused = await fetch(`${served.base}/limited`);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.headers.get('ratelimit-remaining')).toBe('0');
      expect(refused.headers.get('ratelimit-reset')).toBe(String(retryAfter));
      expect(await refused.json()).toMatchObject({ type: 'urn:lianxin:problem:too-many-requests', title: '请求过于频繁', status: 429, retryAfterSeconds: retryAfter });

      expect((await fetch(`${served.base}/by-code?code=a`)).status).toBe(200);
      expect((await fetch(`${served.base}/by-code?code=b`)).status).toBe(200);
      expect((await fetch(`${served.base}/by-code?code=a`)).status).toBe(429);
      expect(served.errors()).toEqual([]);
    } finally {
      await served.close();
    }
  });

  it('counts by X-Forwarded-For only behind a trusted proxy', async () => {
    const build = (router: Router) => {
      router.get('/limited', rateLimit({ name: 'proxy', points: 1, durationSeconds: 60 }), (_req, res) => {
        res.json({ ok: true });
      });
    };
    const direct = await serve(build, { trustProxy: trustProxyFromEnv({}) });
    const proxied = await serve(build, { trustProxy: trustProxyFromEnv({ LIANXIN_TRUST_PROXY: 'loopback' }) });
    try {
      const from = (served: Served, address: string) => fetch(`${served.base}/limited`, { headers: { 'x-forwarded-for': address } });
      expect((await from(direct, '198.51.100.1')).status).toBe(200);
      expect((await from(direct, '198.51.100.2')).status).toBe(429); // the header is ignored: one client
      expect((await from(proxied, '198.51.100.1')).status).toBe(200);
      expect((await from(proxied, '198.51.100.2')).status).toBe(200);
      expect((await from(proxied, '198.51.100.1')).status).toBe(429);
      expect((await from(proxied, '2001:db8:1:2::1')).status).toBe(200);
      expect((await from(proxied, '2001:db8:1:2:ffff::9')).status).toBe(429); // same /64
      expect((await from(proxied, '2001:db8:1:3::1')).status).toBe(200);
    } finally {
      await Promise.all([direct.close(), proxied.close()]);
    }
  });

  it('reads the public limits from the environment', () => {
    expect(rateLimitFromEnv({}, 'LIANXIN_RATE_LIMIT_INTAKE', '20/60')).toEqual({ points: 20, durationSeconds: 60 });
    expect(rateLimitFromEnv({ LIANXIN_RATE_LIMIT_INTAKE: '5/1' }, 'LIANXIN_RATE_LIMIT_INTAKE', '20/60')).toEqual({ points: 5, durationSeconds: 1 });
    expect(rateLimitFromEnv({ LIANXIN_RATE_LIMIT_INTAKE: 'off' }, 'LIANXIN_RATE_LIMIT_INTAKE', '20/60')).toBe('off');
    expect(() => rateLimitFromEnv({ LIANXIN_RATE_LIMIT_INTAKE: '20' }, 'LIANXIN_RATE_LIMIT_INTAKE', '20/60')).toThrow('LIANXIN_RATE_LIMIT_INTAKE');
    expect(() => rateLimitFromEnv({ LIANXIN_RATE_LIMIT_INTAKE: '0/60' }, 'LIANXIN_RATE_LIMIT_INTAKE', '20/60')).toThrow('LIANXIN_RATE_LIMIT_INTAKE');
    expect(() => publicRateLimits({ LIANXIN_RATE_LIMIT_TRACKING: 'lots' })).toThrow('LIANXIN_RATE_LIMIT_TRACKING');
  });

  it('serves the intake limit of 20 per minute by default, and none when switched off', async () => {
    const limits = publicRateLimits({ LIANXIN_RATE_LIMIT_TRACKING: 'off' });
    const served = await serve((router) => {
      router.post('/intake', limits.intake, (_req, res) => {
        res.status(201).json({});
      });
      router.get('/tracking', limits.tracking, (_req, res) => {
        res.json({});
      });
    });
    try {
      const intake = await Promise.all(Array.from({ length: 21 }, () => fetch(`${served.base}/intake`, { method: 'POST' })));
      expect(intake.filter((response) => response.status === 201)).toHaveLength(20);
      expect(intake.filter((response) => response.status === 429)).toHaveLength(1);
      const tracking = await Promise.all(Array.from({ length: 30 }, () => fetch(`${served.base}/tracking`)));
      expect(tracking.every((response) => response.status === 200 && response.headers.get('ratelimit-limit') === null)).toBe(true);
    } finally {
      await served.close();
    }
  });
});

describe('bad requests are 4xx problems, never 500', () => {
  let served: Served;
  let lastResponse: ServerResponse<IncomingMessage> | undefined;
  const record = (_req: IncomingMessage, res: ServerResponse<IncomingMessage>) => {
    lastResponse = res;
  };
  /** The server's side of the last request (read through a function: callbacks assign it). */
  const last = (): ServerResponse<IncomingMessage> | undefined => lastResponse;
  beforeAll(async () => {
    served = await serve((router) => {
      router.get('/api/v1/things/:id', (req, res) => {
        res.json({ id: req.params.id });
      });
      router.post('/api/v1/things', (req, res) => {
        res.status(201).json(req.body);
      });
    });
    served.server.on('request', record);
  });
  afterAll(() => served.close());

  /** Sends `head` and `body` over a raw socket, then ends or destroys it; returns what came back. */
  async function rawRequest(head: string, body: string, then: 'end' | 'destroy'): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(served.port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk: Buffer) => {
        answer += chunk.toString('utf8');
      });
      socket.on('error', reject);
      socket.on('close', () => resolve(answer));
      socket.write(head + body, () => {
        if (then === 'destroy') setTimeout(() => socket.destroy(), 50);
        else socket.end();
      });
    });
  }

  const postHead = (length: number) =>
    `POST /api/v1/things HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

  it('answers a body cut off by a client that went away with 400, and logs no error', async () => {
    lastResponse = undefined;
    await rawRequest(postHead(1000), '{"title":"半截', 'destroy');
    await until(() => last()?.writableEnded === true, 'the answer to the aborted request');
    expect(last()?.statusCode).toBe(400);
    expect(served.errors()).toEqual([]);
  });

  it('answers a body shorter than its Content-Length, from a client that still listens, with a 400 problem', async () => {
    const answer = await rawRequest(postHead(1000), '{"title":"半截', 'end');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('application/problem+json');
    expect(answer).toContain('urn:lianxin:problem:malformed-request');
    expect(served.errors()).toEqual([]);
  });

  it('answers a request Node cannot parse, or with headers too large, as a problem', async () => {
    const garbled = await rawRequest('GET /api/v1/things/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n', '', 'end');
    expect(garbled).toMatch(/^HTTP\/1\.1 400 /);
    expect(garbled).toContain('"title":"请求格式不正确"');
    const huge = await rawRequest(`GET /api/v1/things/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, '', 'end');
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(huge).toContain('application/problem+json');
    expect(served.errors()).toEqual([]);
  });

  it('answers a bad percent-escape with 400, a body too large with 413, a wrong charset with 415', async () => {
    const escape = await fetch(`${served.base}/api/v1/things/%E0%A4%A`);
    expect(escape.status).toBe(400);
    expect(escape.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await escape.json()).toMatchObject({ type: 'urn:lianxin:problem:malformed-path' });

    const large = await fetch(`${served.base}/api/v1/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(300 * 1024) }),
    });
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ type: 'urn:lianxin:problem:payload-too-large' });

    const charset = await fetch(`${served.base}/api/v1/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=latin1' },
      body: '{}',
    });
    expect(charset.status).toBe(415);
    expect(charset.headers.get('content-type')).toContain('application/problem+json');

    const json = await fetch(`${served.base}/api/v1/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(json.status).toBe(400);
    expect(served.errors()).toEqual([]);
  });
});

describe('a store or Temporal that does not answer is a 503 with Retry-After, never a 500', () => {
  const grpcUnavailable = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14, details: 'No connection established', metadata: {} });
  let served: Served;
  beforeAll(async () => {
    served = await serve((router) => {
      router.get('/store/unreachable', async () => {
        const client = new mongoose.mongo.MongoClient('mongodb://127.0.0.1:9/', { serverSelectionTimeoutMS: 200 });
        try {
          await client.db('nowhere').collection('things').findOne({});
        } finally {
          await client.close();
        }
      });
      router.get('/store/buffering', () => {
        throw new mongoose.Error('Operation `things.findOne()` buffering timed out after 10000ms');
      });
      router.get('/store/stepped-down', () => {
        throw Object.assign(new mongoose.mongo.MongoServerError({ message: 'not primary', code: 10107 }), {});
      });
      // FerretDB while its PostgreSQL restarts: the messages of the chaos run, as FerretDB passes them on.
      router.get('/store/backend-starting', () => {
        throw new mongoose.mongo.MongoServerError({ message: '[msg_insert.go:168 handler.(*Handler).MsgInsert] failed to connect to `user=postgres database=postgres`: server error: FATAL: the database system is starting up (SQLSTATE 57P03)', code: 1 });
      });
      router.get('/store/backend-gone', () => {
        throw new mongoose.mongo.MongoServerError({ message: '[query_iterator.go:92 postgresql.(*queryIterator).Next] FATAL: terminating connection due to unexpected postmaster exit (SQLSTATE 57P01)', code: 1 });
      });
      router.get('/store/wrapped', () => {
        throw new Error('loading the register failed', { cause: new mongoose.mongo.MongoNetworkError('connection reset') });
      });
      router.get('/store/duplicate', () => {
        throw new mongoose.mongo.MongoServerError({ message: 'E11000 duplicate key error', code: 11000 });
      });
      router.get('/store/invalid', async () => {
        const Thing = mongoose.model('Thing', new mongoose.Schema({ name: { type: String, required: true } }));
        await new Thing({}).validate();
      });
      router.get('/engine/update-cut', () => {
        throw new WorkflowUpdateRPCTimeoutOrCancelledError('Timeout or cancellation waiting for update', { cause: new Error('1 CANCELLED: Call cancelled') });
      });
      router.get('/engine/unavailable', () => {
        throw new Error('start failed', { cause: grpcUnavailable });
      });
      // The chaos run's last 500s: a start cut by its deadline while Temporal restarted, and the
      // MongoDB driver's unwrapped socket error when FerretDB was killed mid-write.
      router.get('/engine/start-cancelled', () => {
        throw new ServiceError('Failed to start Workflow', { cause: Object.assign(new Error('1 CANCELLED: Call cancelled'), { code: 1, details: 'Call cancelled', metadata: {} }) });
      });
      router.get('/connection/ended', () => {
        throw Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' });
      });
    });
  });
  afterAll(() => served.close());

  it.each(['/store/unreachable', '/store/buffering', '/store/stepped-down', '/store/backend-starting', '/store/backend-gone', '/store/wrapped'])('%s → 503 store-unavailable', async (path) => {
    const response = await fetch(`${served.base}${path}`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ type: 'urn:lianxin:problem:store-unavailable', title: '数据存储暂不可用', retryAfterSeconds: 5 });
  });

  it('maps an Update cut off by its deadline or a server gone (the chaos run\'s 500s) to 503 engine-unavailable', async () => {
    const response = await fetch(`${served.base}/engine/update-cut`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ type: 'urn:lianxin:problem:engine-unavailable' });
  });

  it('maps Temporal\'s UNAVAILABLE, even as the cause of another error, to 503 engine-unavailable', async () => {
    const response = await fetch(`${served.base}/engine/unavailable`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ type: 'urn:lianxin:problem:engine-unavailable' });
  });

  it('maps a start cut off by its own deadline (gRPC CANCELLED) to 503 engine-unavailable', async () => {
    const response = await fetch(`${served.base}/engine/start-cancelled`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ type: 'urn:lianxin:problem:engine-unavailable' });
  });

  it('maps a connection ended, reset or refused under the request to 503 dependency-unavailable', async () => {
    const response = await fetch(`${served.base}/connection/ended`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ type: 'urn:lianxin:problem:dependency-unavailable', title: '依赖服务暂不可用' });
  });

  it('keeps a real write error (duplicate key, validation) a 500, logged as an error', async () => {
    const before = served.errors().length;
    for (const path of ['/store/duplicate', '/store/invalid']) {
      const response = await fetch(`${served.base}${path}`);
      expect(response.status).toBe(500);
      expect(response.headers.get('retry-after')).toBeNull();
    }
    expect(served.errors().length).toBe(before + 2);
    expect(served.lines.filter((line) => line.msg === 'server unavailable').length).toBeGreaterThanOrEqual(4);
  });
});
