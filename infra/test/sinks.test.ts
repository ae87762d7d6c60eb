import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { freePort } from '../src/cli/identity-process';
import { startAppProcess, waitForHttp } from '../src/cli/processes';
import { startMessageSinks, type MailMessage, type MessageSinks, type SmsMessage } from '../src/sinks';

/** The message sinks: what the system "sent" by SMS and mail can be read back over HTTP, across restarts. */

interface List<T> {
  items: T[];
  total: number;
}

let dir: string;
let sinks: MessageSinks;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lianxin-sinks-'));
  sinks = await startMessageSinks({ httpPort: 0, smtpPort: 0, dir });
});

afterAll(async () => {
  await sinks?.close();
  await rm(dir, { recursive: true, force: true });
});

async function getJson<T>(url: string): Promise<{ status: number; body: T; type: string | null }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T, type: response.headers.get('content-type') };
}

function postSms(body: unknown, headers: Record<string, string> = {}, base = sinks.smsGatewayUrl): Promise<Response> {
  return fetch(`${base}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const smsBody = {
  id: 'dlv-sms-1',
  to: '13912345678',
  templateCode: 'LX:order.assigned',
  params: { orderNo: 'LX-2025-0001', title: '路灯不亮' },
  text: '【连心桥】您有新的工单 LX-2025-0001 (路灯不亮)，请尽快处理。',
  eventType: 'order.assigned',
  orderId: 'order-1',
  urgent: true,
};

async function sendMail(to: string, orderId: string, subject: string, text: string): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sinks.smtpPort, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({
      from: '"连心桥通知" <noreply@lianxin.example>',
      to,
      subject,
      text,
      html: `<p>${text}</p>`,
      priority: 'high',
      headers: { 'X-Lianxin-Delivery': `dlv-mail-${orderId}`, 'X-Lianxin-Order': orderId, 'X-Lianxin-Event': 'order.escalated', 'X-Lianxin-Note': `已升级：${subject}` },
    });
  } finally {
    transport.close();
  }
}

describe('message sinks', () => {
  test('answer health and readiness', async () => {
    expect((await fetch(`${sinks.httpUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${sinks.httpUrl}/readyz`)).status).toBe(200);
    expect(sinks.smsGatewayUrl).toBe(`${sinks.httpUrl}/sms`);
    expect(sinks.smtpPort).toBeGreaterThan(0);
  });

  test('the mailbox keeps a zh-CN mail with its headers, readable and filterable over HTTP', async () => {
    const text = '张三同志您好：\n群众反映的“路灯不亮”问题已超时未办结，已升级至街道办，请于今日内处理。';
    await sendMail('zhang.san@example.cn', 'order-1', '【督办】工单 LX-2025-0001 已升级', text);
    await sendMail('li.si@example.cn', 'order-2', '工单 LX-2025-0002 待处理', '李四您好：请处理。');

    const all = await getJson<List<MailMessage>>(`${sinks.httpUrl}/mail/v1/messages`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(2);
    expect(all.body.items.map((m) => m.subject)).toEqual(['【督办】工单 LX-2025-0001 已升级', '工单 LX-2025-0002 待处理']);

    const byTo = await getJson<List<MailMessage>>(`${sinks.httpUrl}/mail/v1/messages?to=ZHANG.SAN@example.cn`);
    expect(byTo.body.total).toBe(1);
    const mail = byTo.body.items[0]!;
    expect(mail).toMatchObject({ to: ['zhang.san@example.cn'], subject: '【督办】工单 LX-2025-0001 已升级' });
    expect(mail.text.trim()).toBe(text);
    expect(mail.html).toContain('路灯不亮');
    expect(mail.from).toContain('noreply@lianxin.example');
    expect(mail.messageId).toMatch(/^<.+@.+>$/);
    expect(mail.headers).toMatchObject({
      'x-lianxin-delivery': 'dlv-mail-order-1',
      'x-lianxin-order': 'order-1',
      'x-lianxin-event': 'order.escalated',
      // Our own headers come RFC 2047-encoded when they hold Chinese; the mailbox decodes them.
      'x-lianxin-note': '已升级：【督办】工单 LX-2025-0001 已升级',
    });
    expect(mail.headers.importance).toMatch(/^high$/i);

    const byOrder = await getJson<List<MailMessage>>(`${sinks.httpUrl}/mail/v1/messages?orderId=order-2`);
    expect(byOrder.body.items.map((m) => m.to)).toEqual([['li.si@example.cn']]);
    const later = await getJson<List<MailMessage>>(`${sinks.httpUrl}/mail/v1/messages?since=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(later.body.total).toBe(0);

    const one = await getJson<MailMessage>(`${sinks.httpUrl}/mail/v1/messages/${mail.id}`);
    expect(one.body).toEqual(mail);
    const missing = await getJson<{ status: number }>(`${sinks.httpUrl}/mail/v1/messages/no-such-id`);
    expect(missing.status).toBe(404);
    expect(missing.type).toMatch(/^application\/problem\+json/);

    const badSince = await getJson<{ status: number }>(`${sinks.httpUrl}/mail/v1/messages?since=yesterday`);
    expect(badSince.status).toBe(400);
    expect(badSince.type).toMatch(/^application\/problem\+json/);
  });

  test('the SMS gateway stores a send once and counts a repeat with the same Idempotency-Key', async () => {
    const first = await postSms(smsBody, { 'Idempotency-Key': 'dlv-sms-1' });
    expect(first.status).toBe(201);
    const answer = (await first.json()) as { messageId: string; status: string };
    expect(answer).toEqual({ messageId: expect.any(String), status: 'delivered' });

    const repeat = await postSms(smsBody, { 'Idempotency-Key': 'dlv-sms-1' });
    expect(repeat.status).toBe(201);
    expect(await repeat.json()).toEqual(answer);

    const listed = await getJson<List<SmsMessage>>(`${sinks.httpUrl}/sms/v1/messages?to=13912345678`);
    expect(listed.body.total).toBe(1);
    expect(listed.body.items[0]).toMatchObject({
      messageId: answer.messageId,
      id: 'dlv-sms-1',
      to: '13912345678',
      signName: '连心桥',
      templateCode: 'LX:order.assigned',
      params: { orderNo: 'LX-2025-0001', title: '路灯不亮' },
      text: smsBody.text,
      eventType: 'order.assigned',
      orderId: 'order-1',
      urgent: true,
      repeats: 1,
    });
    expect((await getJson<List<SmsMessage>>(`${sinks.httpUrl}/sms/v1/messages?orderId=order-9`)).body.total).toBe(0);
  });

  test('the SMS gateway refuses a bad phone number with a 400 problem', async () => {
    const response = await postSms({ ...smsBody, id: 'dlv-sms-bad', to: '1234567' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { status: number; title: string; errors: Array<{ path: string }> };
    expect(problem.status).toBe(400);
    expect(problem.errors.map((e) => e.path)).toContain('to');
    expect(JSON.stringify(problem)).not.toContain('1234567');

    const unreadable = await fetch(`${sinks.smsGatewayUrl}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(unreadable.status).toBe(400);
    expect(unreadable.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  test('a simulated outage answers 503 until it is over', async () => {
    const until = new Date(Date.now() + 1_200).toISOString();
    const set = await fetch(`${sinks.smsGatewayUrl}/v1/outage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ until }) });
    expect(set.status).toBe(200);
    const down = await postSms({ ...smsBody, id: 'dlv-sms-outage' });
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);

    await new Promise((resolve) => setTimeout(resolve, Date.parse(until) - Date.now() + 50));
    expect((await postSms({ ...smsBody, id: 'dlv-sms-outage' })).status).toBe(201);

    // Without `until` the outage lasts until it is ended with `until: null`.
    const outage = (body: unknown) => fetch(`${sinks.smsGatewayUrl}/v1/outage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await outage({ status: 502 });
    expect((await postSms({ ...smsBody, id: 'dlv-sms-outage-2' })).status).toBe(502);
    await outage({ until: null });
    expect((await postSms({ ...smsBody, id: 'dlv-sms-outage-2' })).status).toBe(201);
  });

  test('the page lists SMS and mails, escaped', async () => {
    await postSms({ ...smsBody, id: 'dlv-sms-script', text: '<script>alert("x")</script> 请处理' });
    const response = await fetch(`${sinks.httpUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<title>连心桥 · 本地短信网关与邮箱</title>');
    expect(html).not.toContain('<script');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
    expect(html).toContain('【督办】工单 LX-2025-0001 已升级');
  });

  test('a restarted sink on the same directory still has both stores, and still drops repeats', async () => {
    await sinks.close();
    expect((await readFile(path.join(dir, 'sms.jsonl'), 'utf8')).length).toBeGreaterThan(0);
    sinks = await startMessageSinks({ httpPort: 0, smtpPort: 0, dir });

    const mails = await getJson<List<MailMessage>>(`${sinks.httpUrl}/mail/v1/messages`);
    expect(mails.body.items.map((m) => m.headers['x-lianxin-order'])).toEqual(['order-1', 'order-2']);
    const sms = await getJson<List<SmsMessage>>(`${sinks.httpUrl}/sms/v1/messages`);
    expect(sms.body.items.map((m) => m.id)).toEqual(['dlv-sms-1', 'dlv-sms-outage', 'dlv-sms-outage-2', 'dlv-sms-script']);
    expect(sms.body.items[0]!.repeats).toBe(1);

    const before = sms.body.items[0]!;
    const repeat = await postSms(smsBody, { 'Idempotency-Key': 'dlv-sms-1' });
    expect(await repeat.json()).toEqual({ messageId: before.messageId, status: 'delivered' });
    expect(sinks.smsGateway.list({ to: '13912345678' })[0]!.repeats).toBe(2);
  });

  test('DELETE clears both stores', async () => {
    expect((await fetch(`${sinks.httpUrl}/sms/v1/messages`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${sinks.httpUrl}/mail/v1/messages`, { method: 'DELETE' })).status).toBe(204);
    expect((await getJson<List<SmsMessage>>(`${sinks.httpUrl}/sms/v1/messages`)).body).toEqual({ items: [], total: 0 });
    expect((await getJson<List<MailMessage>>(`${sinks.httpUrl}/mail/v1/messages`)).body).toEqual({ items: [], total: 0 });
    await sinks.close();
    sinks = await startMessageSinks({ httpPort: 0, smtpPort: 0, dir });
    expect(sinks.smsGateway.list()).toEqual([]);
    expect(sinks.mailbox.list()).toEqual([]);
  });

  test('with a token, the gateway takes only sends that carry it', async () => {
    const guarded = await startMessageSinks({ httpPort: 0, smtpPort: 0, smsToken: 'sink-token' });
    try {
      const refused = await postSms(smsBody, {}, guarded.smsGatewayUrl);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      expect((await postSms(smsBody, { Authorization: 'Bearer wrong' }, guarded.smsGatewayUrl)).status).toBe(401);
      expect((await postSms(smsBody, { Authorization: 'Bearer sink-token' }, guarded.smsGatewayUrl)).status).toBe(201);
      expect(guarded.smsGateway.list()).toHaveLength(1);
    } finally {
      await guarded.close();
    }
  });
});

describe('the sinks process', () => {
  test('starts from its environment, answers /readyz, and stops on SIGTERM', async () => {
    const [httpPort, smtpPort] = [await freePort(), await freePort()];
    const logDir = path.join(dir, 'logs');
    const env = {
      ...process.env,
      LIANXIN_SINKS_HTTP_PORT: String(httpPort),
      LIANXIN_SMTP_PORT: String(smtpPort),
      LIANXIN_SINKS_DIR: path.join(dir, 'process'),
    };
    const sinksProcess = startAppProcess('sinks', 'infra/src/sinks/main.ts', env, logDir);
    try {
      await waitForHttp(`http://127.0.0.1:${httpPort}/readyz`, sinksProcess, 60_000);
    } finally {
      await sinksProcess.stop();
    }
    expect(sinksProcess.child.exitCode).toBe(0);
    const log = await readFile(path.join(logDir, 'sinks.log'), 'utf8');
    expect(log).toContain(`http://127.0.0.1:${httpPort}/sms`);
    expect(log).toContain(`SMTP 127.0.0.1:${smtpPort}`);
  });
});
