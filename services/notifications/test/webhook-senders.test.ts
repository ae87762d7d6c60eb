import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryError, type OutgoingMessage, type WebhookTarget } from '../src/channels/channel';
import { verifyGenericWebhookSignature, webhookSender } from '../src/channels/webhook';

interface Captured {
  method: string;
  /** The request target exactly as sent (path and raw query). */
  rawUrl: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Answer = (request: Captured, response: http.ServerResponse) => void;

/** A local HTTP server on port 0 standing in for a robot endpoint. */
async function localRobot() {
  const requests: Captured[] = [];
  let answer: Answer = (_request, response) => response.writeHead(500).end();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawUrl = req.url ?? '/';
      const captured = { method: req.method ?? '', rawUrl, url: new URL(rawUrl, 'http://local'), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(captured);
      answer(captured, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    answer(next: Answer) {
      answer = next;
    },
    json(status: number, body: unknown) {
      answer = (_request, response) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => new Error('expected the send to fail'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof DeliveryError)) throw error;
  return error;
}

const base: Omit<OutgoingMessage, 'webhook'> = {
  deliveryId: 'dlv-77',
  channel: 'webhook',
  to: '',
  subject: '新工单待认领',
  text: '工单 LX-2024-0002（垃圾清运不及时）已派至本社区。\n请在 2 小时内认领。',
  eventType: 'order.dispatched',
  orderId: 'LX-2024-0002',
  urgent: true,
};

const to = (webhook: WebhookTarget): OutgoingMessage => ({ ...base, webhook });
const nowSeconds = () => Math.floor(Date.now() / 1000);

let robot: Awaited<ReturnType<typeof localRobot>>;
beforeEach(async () => {
  robot = await localRobot();
});
afterEach(() => robot.close());

const sender = webhookSender({ timeoutMs: 500 });

describe('企业微信 group robot', () => {
  const target = () => ({ format: 'wecom' as const, url: `${robot.base}/cgi-bin/webhook/send?key=wecom-robot-key` });

  it('posts markdown to the robot URL with its key', async () => {
    robot.json(200, { errcode: 0, errmsg: 'ok' });
    await expect(sender.send(to(target()))).resolves.toEqual({ status: 'sent' });
    const [request] = robot.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url.pathname).toBe('/cgi-bin/webhook/send');
    expect(request!.url.searchParams.get('key')).toBe('wecom-robot-key');
    expect(request!.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(request!.body) as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toContain('### 【紧急】新工单待认领');
    expect(body.markdown.content).toContain(base.text);
  });

  it('retries the rate limit (45009) and a 503, refuses other errcodes, never naming the key', async () => {
    robot.json(200, { errcode: 45009, errmsg: 'api freq out of limit' });
    expect((await failure(sender.send(to(target())))).retryable).toBe(true);
    robot.json(200, { errcode: 93000, errmsg: 'invalid webhook url' });
    const refused = await failure(sender.send(to(target())));
    expect(refused.retryable).toBe(false);
    expect(refused.message).toContain('93000');
    expect(refused.message).not.toContain('wecom-robot-key');
    robot.json(503, { error: 'unavailable' });
    expect((await failure(sender.send(to(target())))).retryable).toBe(true);
  });
});

describe('钉钉 custom robot', () => {
  const secret = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd';
  const target = (withSecret = true) => ({
    format: 'dingtalk' as const,
    url: `${robot.base}/robot/send?access_token=ding-token`,
    ...(withSecret ? { secret } : {}),
  });

  it('signs the URL: HMAC-SHA256(secret, "<ms timestamp>\\n<secret>"), Base64, URL-encoded', async () => {
    robot.json(200, { errcode: 0, errmsg: 'ok' });
    const before = Date.now();
    await expect(sender.send(to(target()))).resolves.toEqual({ status: 'sent' });
    const [request] = robot.requests;
    expect(request!.url.pathname).toBe('/robot/send');
    expect(request!.url.searchParams.get('access_token')).toBe('ding-token');
    const timestamp = request!.url.searchParams.get('timestamp')!;
    expect(timestamp).toMatch(/^\d{13}$/);
    expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(timestamp)).toBeLessThanOrEqual(Date.now());
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    expect(request!.url.searchParams.get('sign')).toBe(expected);
    expect(request!.rawUrl.endsWith(`&timestamp=${timestamp}&sign=${encodeURIComponent(expected)}`)).toBe(true);

    const body = JSON.parse(request!.body) as { msgtype: string; markdown: { title: string; text: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toBe('【紧急】新工单待认领');
    expect(body.markdown.text).toContain('工单 LX-2024-0002（垃圾清运不及时）已派至本社区。\n\n请在 2 小时内认领。');
  });

  it('sends unsigned without a secret', async () => {
    robot.json(200, { errcode: 0, errmsg: 'ok' });
    await sender.send(to(target(false)));
    expect([...robot.requests[0]!.url.searchParams.keys()]).toEqual(['access_token']);
  });

  it('retries "too fast" (130101) and a 503, refuses other errcodes', async () => {
    robot.json(200, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' });
    expect((await failure(sender.send(to(target())))).retryable).toBe(true);
    robot.json(200, { errcode: 310000, errmsg: 'sign not match' });
    const refused = await failure(sender.send(to(target())));
    expect(refused.retryable).toBe(false);
    expect(refused.message).not.toMatch(/ding-token|SEC0123/);
    robot.json(503, {});
    expect((await failure(sender.send(to(target())))).retryable).toBe(true);
  });
});

describe('飞书 custom bot', () => {
  const secret = 'feishu-bot-secret';
  const target = () => ({ format: 'feishu' as const, url: `${robot.base}/open-apis/bot/v2/hook/hook-id`, secret });

  it('signs with "<s timestamp>\\n<secret>" as the HMAC-SHA256 key over an empty message, and posts rich text', async () => {
    robot.json(200, { code: 0, msg: 'success', data: {} });
    const before = nowSeconds();
    await expect(sender.send(to(target()))).resolves.toEqual({ status: 'sent' });
    const [request] = robot.requests;
    expect(request!.url.pathname).toBe('/open-apis/bot/v2/hook/hook-id');
    const body = JSON.parse(request!.body) as { timestamp: string; sign: string; msg_type: string; content: unknown };
    expect(body.timestamp).toMatch(/^\d{10}$/);
    expect(Number(body.timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(body.timestamp)).toBeLessThanOrEqual(nowSeconds());
    expect(body.sign).toBe(createHmac('sha256', `${body.timestamp}\n${secret}`).update('').digest('base64'));
    expect(body.msg_type).toBe('post');
    expect(body.content).toEqual({
      post: {
        zh_cn: {
          title: '【紧急】新工单待认领',
          content: [[{ tag: 'text', text: '工单 LX-2024-0002（垃圾清运不及时）已派至本社区。' }], [{ tag: 'text', text: '请在 2 小时内认领。' }]],
        },
      },
    });
  });

  it('sends plain text without a subject, unsigned without a secret, and takes the older StatusCode answer', async () => {
    robot.json(200, { StatusCode: 0, StatusMessage: 'success' });
    await expect(sender.send({ ...to({ format: 'feishu', url: `${robot.base}/hook` }), subject: '' })).resolves.toEqual({ status: 'sent' });
    expect(JSON.parse(robot.requests[0]!.body)).toEqual({ msg_type: 'text', content: { text: base.text } });
  });

  it('retries its rate limits (9499, 11232) and a 503, refuses other codes', async () => {
    robot.json(200, { code: 9499, msg: 'too many request' });
    expect((await failure(sender.send(to(target())))).retryable).toBe(true);
    robot.json(400, { code: 11232, msg: 'frequency limited', data: {} });
    expect((await failure(sender.send(to(target())))).retryable).toBe(true);
    robot.json(200, { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' });
    const refused = await failure(sender.send(to(target())));
    expect(refused.retryable).toBe(false);
    expect(refused.message).toContain('19021');
    robot.json(400, { code: 19001, msg: 'param invalid: incoming webhook access token invalid' });
    expect((await failure(sender.send(to(target())))).retryable).toBe(false);
    robot.json(503, {});
    expect((await failure(sender.send(to(target())))).retryable).toBe(true);
  });
});

describe('generic signed webhook', () => {
  const secret = 'generic-webhook-secret';
  const target = () => ({ format: 'generic' as const, url: `${robot.base}/hooks/lianxin`, secret });

  it('posts the notification with the idempotency key and a signature an independent HMAC confirms', async () => {
    robot.json(202, { id: 'rcv-1' });
    const before = nowSeconds();
    await expect(sender.send(to(target()))).resolves.toEqual({ status: 'sent', providerMessageId: 'rcv-1' });
    const [request] = robot.requests;
    expect(request!.headers['idempotency-key']).toBe('dlv-77');
    const timestamp = String(request!.headers['x-lianxin-timestamp']);
    expect(timestamp).toMatch(/^\d{10}$/);
    expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
    const expected = createHmac('sha256', secret).update(`${timestamp}.${request!.body}`).digest('hex');
    expect(request!.headers['x-lianxin-signature']).toBe(`sha256=${expected}`);

    const body = JSON.parse(request!.body) as Record<string, unknown>;
    expect(body).toEqual({
      id: 'dlv-77',
      type: 'order.dispatched',
      orderId: 'LX-2024-0002',
      subject: base.subject,
      text: base.text,
      urgent: true,
      sentAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });

    expect(verifyGenericWebhookSignature(request!.body, request!.headers, secret)).toBe(true);
    expect(verifyGenericWebhookSignature(Buffer.from(request!.body), new Headers(request!.headers as Record<string, string>), secret)).toBe(true);
    expect(verifyGenericWebhookSignature(request!.body.replace('"urgent":true', '"urgent":false'), request!.headers, secret)).toBe(false);
    expect(verifyGenericWebhookSignature(request!.body, request!.headers, 'another-secret')).toBe(false);
  });

  it('rejects a stale timestamp even with a valid signature, and headers that are missing or malformed', () => {
    const rawBody = JSON.stringify({ id: 'dlv-1' });
    const signedAt = (timestamp: number) => ({
      'X-Lianxin-Timestamp': String(timestamp),
      'X-Lianxin-Signature': `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`,
    });
    expect(verifyGenericWebhookSignature(rawBody, signedAt(nowSeconds() - 60), secret)).toBe(true);
    expect(verifyGenericWebhookSignature(rawBody, signedAt(nowSeconds() - 301), secret)).toBe(false);
    expect(verifyGenericWebhookSignature(rawBody, signedAt(nowSeconds() + 600), secret)).toBe(false);
    expect(verifyGenericWebhookSignature(rawBody, signedAt(nowSeconds() - 3_000), secret, 3_600)).toBe(true);
    expect(verifyGenericWebhookSignature(rawBody, { 'X-Lianxin-Timestamp': String(nowSeconds()) }, secret)).toBe(false);
    expect(verifyGenericWebhookSignature(rawBody, { ...signedAt(nowSeconds()), 'X-Lianxin-Timestamp': 'soon' }, secret)).toBe(false);
    const rotated = signedAt(nowSeconds());
    expect(verifyGenericWebhookSignature(rawBody, { ...rotated, 'X-Lianxin-Signature': `sha256=00, ${rotated['X-Lianxin-Signature']}` }, secret)).toBe(true);
  });

  it('refuses 4xx, retries 408/429/5xx, time-outs and an unreachable receiver', async () => {
    robot.json(400, { error: 'bad payload' });
    expect((await failure(sender.send(to(target())))).retryable).toBe(false);
    robot.json(410, {});
    expect((await failure(sender.send(to(target())))).retryable).toBe(false);
    for (const status of [408, 429, 500, 503]) {
      robot.json(status, {});
      expect((await failure(sender.send(to(target())))).retryable).toBe(true);
    }
    robot.answer(() => undefined); // never answers
    expect((await failure(sender.send(to(target())))).retryable).toBe(true);
    const down = { format: 'generic' as const, url: `http://127.0.0.1:${await closedPort()}/hooks` };
    expect((await failure(sender.send(to(down)))).retryable).toBe(true);
  });

  it('sends unsigned without a secret', async () => {
    robot.json(200, {});
    await expect(sender.send(to({ format: 'generic', url: `${robot.base}/hooks` }))).resolves.toEqual({ status: 'sent' });
    expect(robot.requests[0]!.headers['x-lianxin-signature']).toBeUndefined();
  });
});

describe('webhook dispatch', () => {
  it('refuses a message without a target, with an unknown format or a malformed URL', async () => {
    expect((await failure(sender.send({ ...base }))).retryable).toBe(false);
    expect((await failure(sender.send(to({ format: 'slack' as 'generic', url: `${robot.base}/x` })))).retryable).toBe(false);
    expect((await failure(sender.send(to({ format: 'wecom', url: 'not a url' })))).retryable).toBe(false);
    expect(robot.requests).toHaveLength(0);
  });

  it('stops when the caller aborts, as a retryable failure', async () => {
    robot.answer(() => undefined);
    const controller = new AbortController();
    const sending = sender.send(to({ format: 'generic', url: `${robot.base}/hooks` }), controller.signal);
    setTimeout(() => controller.abort(), 50);
    const cancelled = await failure(sending);
    expect(cancelled.retryable).toBe(true);
    expect(cancelled.message).toMatch(/取消/);
  });
});
