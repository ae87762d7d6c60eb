import type { IntakeOrderInput } from '@lianxin/contracts';
import { startMessageSinks, type MessageSinks } from '@lianxin/infra';
import { verifyGenericWebhookSignature } from '@lianxin/notifications';
import { eventually, startSystem, type RunningSystem } from './harness';
import { contactOf, mailOf, policyOfSeconds, shiftedClock, sinkSenders, smsOf } from './notify-helpers';
import { openEventStream, type EventStreamClient } from './sse';
import { bearerFor } from './tokens';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

/**
 * Notices that reach people, end to end on the real stack with a policy of seconds: an order the
 * handler does not sign goes 预警 → 超期 → 催办 → 督办 → 挂牌督办; the handler hears by SMS and in
 * the app (live), 督办 reaches 冶山镇's 纪委 supervisor, 挂牌督办 the county's; the SMS gateway,
 * the SMTP mailbox and the robots' webhook receiver are read back.
 */
const concern = (title: string, urgency: IntakeOrderInput['urgency'] = 'general'): IntakeOrderInput => ({
  kind: 'concern',
  category: '道路安全',
  urgency,
  channel: 'hotline',
  title,
  description: '东王村村口两盏路灯不亮，夜间行人有安全隐患。',
  resident: { name: '王秀英', phone: '13912345678' },
  location: { gridId: 'grid-yeshan-dongwang-1' },
});

const handlerId = 'mem-yeshan-dongwang-2';
const genericSecret = 'county-webhook-secret-1';

let system: RunningSystem;
let sinks: MessageSinks;
let receiver: WebhookReceiver;
const clock = shiftedClock('10:00');

beforeAll(async () => {
  sinks = await startMessageSinks({ httpPort: 0, smtpPort: 0 });
  receiver = await startWebhookReceiver();
  system = await startSystem('notify', {
    policy: async () => policyOfSeconds(3_000),
    notifications: { clock: clock.now, ...sinkSenders(sinks), enginePollMs: 200 },
  });
  // 县委's signed webhook (e.g. the county's 12345 platform) and 冶山镇's 企业微信 group robot.
  for (const body of [
    { organisationId: 'org-county', name: '县级督办平台', format: 'generic', url: `${receiver.url}/county`, secret: genericSecret, events: ['order.supervised', 'order.escalated'] },
    { organisationId: 'org-yeshan', name: '冶山镇工作群机器人', format: 'wecom', url: `${receiver.url}/wecom?key=yeshan-robot-key` },
  ]) {
    const response = await fetch(`${system.notifications.url}/api/v1/notification-webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await bearerFor('admin')) },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    expect(JSON.stringify(await response.json())).not.toContain('yeshan-robot-key');
  }
});
afterAll(async () => {
  await system?.close();
  await sinks?.close();
  await receiver?.close();
});

async function command(orderId: string, as: string, body: object): Promise<void> {
  const response = await fetch(`${system.cadres.url}/api/v1/orders/${orderId}/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await bearerFor(as)) },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

async function openAndDispatch(title: string, to: { id: string; name: string }, urgency: IntakeOrderInput['urgency'] = 'general'): Promise<string> {
  const opened = await fetch(`${system.residents.url}/api/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await bearerFor('agent-hotline-1')) },
    body: JSON.stringify(concern(title, urgency)),
  });
  expect(opened.status).toBe(201);
  const { id } = (await opened.json()) as { id: string };
  await command(id, 'mem-yeshan-dongwang-1', { type: 'accept' });
  await command(id, 'mem-yeshan-dongwang-1', { type: 'dispatch', target: { kind: 'member', ...to } });
  return id;
}

interface Notice {
  id: string;
  eventType: string;
  channel: string;
  status: string;
  recipient: { id: string; role: string };
  address: string;
  text: string;
}

async function recordsOf(orderId: string, as = 'mem-yeshan-supervisor'): Promise<Notice[]> {
  const response = await fetch(`${system.notifications.url}/api/v1/notifications?orderId=${orderId}&limit=200`, { headers: await bearerFor(as) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Notice[] }).items;
}

describe('an order nobody signs climbs the ladder, and every rung reaches people', () => {
  let stream: EventStreamClient;
  afterAll(() => stream?.close());

  it('tells the handler (SMS, live in-app), the township supervisor (督办) and the county (挂牌督办), the resident, and the robots', async () => {
    stream = await openEventStream(`${system.notifications.url}/api/v1/notifications/stream`, await bearerFor(handlerId));
    expect(stream.status).toBe(200);
    await eventually(async () => (stream.events.some((e) => e.event === 'ready') ? true : undefined), 10_000, 'the stream to be ready');

    const orderId = await openAndDispatch('村口路灯损坏（通知测试）', { id: handlerId, name: '李秀英' });
    const handler = contactOf(handlerId);

    // The whole ladder, as records: 挂牌督办 told to the county's supervisor and dispatcher by email.
    const records = await eventually(async () => {
      const all = await recordsOf(orderId);
      const done = all.filter((r) => r.eventType === 'order.escalated' && r.channel === 'email' && ['sent', 'delivered'].includes(r.status));
      return done.length >= 2 ? all : undefined;
    }, 60_000, '挂牌督办 emails to the county');

    const to = (eventType: string, channel: string) => records.filter((r) => r.eventType === eventType && r.channel === channel).map((r) => r.recipient.id).sort();
    expect(to('order.received', 'sms')).toEqual([`resident:${orderId}`]);
    expect(to('order.dispatched', 'sms')).toEqual([handlerId]);
    expect(to('order.overdue', 'app')).toEqual([handlerId]);
    expect(to('order.supervised', 'sms')).toEqual(['mem-yeshan-dongwang-2', 'mem-yeshan-supervisor']);
    expect(to('order.supervised', 'email')).toEqual(['mem-yeshan-supervisor']);
    expect(to('order.escalated', 'app')).toEqual(['mem-county-dispatcher', 'mem-county-supervisor', handlerId].sort());
    expect(to('order.escalated', 'email')).toEqual(['mem-county-dispatcher', 'mem-county-supervisor']);
    // Nobody else in the register hears of it (another township's supervisor, for one).
    expect(records.some((r) => r.recipient.id === 'mem-renheji-supervisor')).toBe(false);
    // Addresses are shown masked; the resident's number never in clear.
    expect(records.find((r) => r.recipient.id === `resident:${orderId}`)!.address).toBe('139****5678');

    // SMS gateway: the handler got 派单, 超期, 催办, 督办 and 挂牌督办 texts, each once.
    const handlerSms = await eventually(async () => {
      const sms = await smsOf(sinks.httpUrl, `to=${handler.phone}&orderId=${orderId}`);
      return sms.length >= 5 ? sms : undefined;
    }, 30_000, 'the handler\'s SMS');
    expect(handlerSms.map((m) => m.eventType).sort()).toEqual(['order.dispatched', 'order.escalated', 'order.overdue', 'order.reminded', 'order.supervised']);
    expect(handlerSms.every((m) => m.repeats === 0)).toBe(true);
    expect(handlerSms.find((m) => m.eventType === 'order.overdue')!.text).toContain('已超期');
    const residentSms = await smsOf(sinks.httpUrl, `to=13912345678&orderId=${orderId}`);
    expect(residentSms.map((m) => m.eventType)).toEqual(['order.received']);

    // SMTP mailbox: 督办 to the township's supervisor, 挂牌督办 to the county's.
    const township = await mailOf(sinks.httpUrl, `to=${encodeURIComponent(contactOf('mem-yeshan-supervisor').email)}&orderId=${orderId}`);
    expect(township.map((m) => m.subject)).toEqual(['督办通知']);
    expect(township[0]!.text).toContain('冶山镇党委');
    const county = await mailOf(sinks.httpUrl, `to=${encodeURIComponent(contactOf('mem-county-supervisor').email)}&orderId=${orderId}`);
    expect(county.map((m) => m.subject)).toEqual(['挂牌督办']);
    expect(county[0]!.text).toContain('县委');
    expect(county[0]!.headers['x-lianxin-event']).toBe('order.escalated');

    // Live in-app: the handler's stream carried the dispatch and the ladder as they happened.
    await eventually(async () => (stream.events.filter((e) => e.event === 'notification').length >= 6 ? true : undefined), 20_000, 'the in-app notices on the stream');
    const live = stream.events.filter((e) => e.event === 'notification').map((e) => JSON.parse(e.data) as Notice);
    expect(live.map((n) => n.eventType)).toEqual(['order.dispatched', 'order.warning', 'order.overdue', 'order.reminded', 'order.supervised', 'order.escalated']);
    expect(new Set(stream.events.filter((e) => e.id).map((e) => e.id)).size).toBe(live.length);

    // Robots: the county's signed webhook got 督办 and 挂牌督办, signed; 冶山镇's WeCom robot its four.
    const countyHooks = receiver.received.filter((r) => r.path === '/county' && r.json['orderId'] === orderId);
    expect(countyHooks.map((r) => r.json['type']).sort()).toEqual(['order.escalated', 'order.supervised']);
    for (const hook of countyHooks) {
      expect(verifyGenericWebhookSignature(hook.body, hook.headers, genericSecret)).toBe(true);
      expect(hook.headers['idempotency-key']).toBeTruthy();
    }
    const wecom = receiver.received.filter((r) => r.path === '/wecom' && JSON.stringify(r.json).includes(orderId));
    expect(wecom.length).toBe(3); // 超期, 督办, 挂牌督办 (the default robot events of an order that never reaches awaiting_supervisor)
    expect(wecom[0]!.query.get('key')).toBe('yeshan-robot-key');
    expect(wecom[0]!.json['msgtype']).toBe('markdown');
  });

  it('lets a person read their inbox, mark it read, and resume the stream from Last-Event-ID', async () => {
    const headers = await bearerFor('mem-yeshan-supervisor');
    const inbox = (await (await fetch(`${system.notifications.url}/api/v1/notifications/inbox`, { headers })).json()) as { items: (Notice & { seq: number })[]; unread: number };
    expect(inbox.unread).toBeGreaterThan(0);
    expect(inbox.items.every((n) => n.recipient.id === 'mem-yeshan-supervisor' && n.channel === 'app')).toBe(true);
    const oldest = inbox.items[inbox.items.length - 1]!;

    const resumed = await openEventStream(`${system.notifications.url}/api/v1/notifications/stream`, { ...headers, 'last-event-id': String(oldest.seq - 1) });
    await eventually(async () => (resumed.events.some((e) => e.event === 'ready') ? true : undefined), 10_000, 'the resumed stream');
    resumed.close();
    const replayed = resumed.events.filter((e) => e.event === 'notification').map((e) => Number(e.id));
    expect(replayed).toEqual(inbox.items.map((n) => n.seq).sort((a, b) => a - b));

    const marked = await fetch(`${system.notifications.url}/api/v1/notifications/inbox/read`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ all: true }),
    });
    expect(await marked.json()).toEqual({ marked: inbox.unread, unread: 0 });
    // Someone else's notices are not theirs to mark, nor to read.
    const other = await fetch(`${system.notifications.url}/api/v1/notifications?recipientId=mem-yeshan-dongwang-2`, { headers: await bearerFor('mem-yeshan-dongwang-3') });
    expect(other.status).toBe(403);
    expect((await fetch(`${system.notifications.url}/api/v1/notifications/stream`)).status).toBe(401);
  });
});

describe('quiet hours (免打扰, 22:00–07:00 Shanghai)', () => {
  it('holds a night-time notice until 07:00 and folds what waited into one digest; an emergency goes at once', async () => {
    const nightHandler = 'mem-yeshan-dongwang-3';
    const phone = contactOf(nightHandler).phone;
    clock.setTimeOfDay('23:00');
    const general = await openAndDispatch('路灯夜间报修（普通）', { id: nightHandler, name: '张志强' });
    const emergency = await openAndDispatch('燃气泄漏（紧急）', { id: nightHandler, name: '张志强' }, 'emergency');

    // The emergency's 派单 SMS goes now; the general one's waits, marked, due at 07:00.
    await eventually(async () => ((await smsOf(sinks.httpUrl, `to=${phone}&orderId=${emergency}`)).some((m) => m.eventType === 'order.dispatched') ? true : undefined), 20_000, 'the emergency SMS');
    const held = await eventually(async () => {
      const records = (await recordsOf(general)).filter((r) => r.recipient.id === nightHandler && r.channel === 'sms');
      return records.length >= 2 ? records : undefined;
    }, 30_000, 'the held SMS records');
    for (const record of held) expect(record).toMatchObject({ status: 'queued', heldFor: 'quiet_hours' });
    const dueAt = new Date((held[0] as unknown as { dueAt: string }).dueAt);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(dueAt)).toBe('07:00');
    expect(await smsOf(sinks.httpUrl, `to=${phone}&orderId=${general}`)).toEqual([]);
    // In-app does not wait.
    expect((await recordsOf(general)).some((r) => r.recipient.id === nightHandler && r.channel === 'app' && r.eventType === 'order.dispatched')).toBe(true);

    // Morning: one digest SMS carries what waited.
    // Let the general order's ladder run to 挂牌督办 in the night: its SMS wait too.
    const night = await eventually(async () => {
      const records = (await recordsOf(general)).filter((r) => r.recipient.id === nightHandler && r.channel === 'sms');
      return records.some((r) => r.eventType === 'order.escalated') ? records : undefined;
    }, 30_000, 'the night\'s ladder');
    expect(night.map((r) => r.eventType).sort()).toEqual(['order.dispatched', 'order.escalated', 'order.overdue', 'order.reminded', 'order.supervised']);
    expect(night.every((r) => r.status === 'queued')).toBe(true);
    clock.setTimeOfDay('07:00');
    const digest = await eventually(async () => {
      const sms = (await smsOf(sinks.httpUrl, `to=${phone}`)).filter((m) => m.templateCode === 'LX:digest');
      return sms.length > 0 ? sms : undefined;
    }, 20_000, 'the morning digest');
    expect(digest).toHaveLength(1);
    expect(digest[0]!.text).toContain('您有5条夜间通知');
    // The records follow the send: the digest's own, then each folded one, marked delivered.
    const after = await eventually(async () => {
      const records = (await recordsOf(general)).filter((r) => r.recipient.id === nightHandler && r.channel === 'sms');
      return records.every((r) => r.status === 'delivered') ? records : undefined;
    }, 10_000, 'the folded records marked delivered');
    expect(after).toHaveLength(5);
    expect((await smsOf(sinks.httpUrl, `to=${phone}&orderId=${general}`)).length).toBe(1); // the digest, sent under the first held order
  });
});

describe('a webhook receiver that is down for a minute', () => {
  it('gets every message once it is back, each once', async () => {
    const down = await startWebhookReceiver();
    try {
      const registered = await fetch(`${system.notifications.url}/api/v1/notification-webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await bearerFor('admin')) },
        body: JSON.stringify({ organisationId: 'org-zhangpu', name: '张铺镇数据平台', format: 'generic', url: `${down.url}/zhangpu`, secret: genericSecret, events: ['order.received', 'order.accepted', 'order.rejected'] }),
      });
      expect(registered.status).toBe(201);
      down.setDown(true);
      const opened: string[] = [];
      for (const title of ['张铺镇下水道堵塞', '张铺镇路面塌陷']) {
        const response = await fetch(`${system.residents.url}/api/v1/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(await bearerFor('agent-hotline-1')) },
          body: JSON.stringify({ ...concern(title), location: { gridId: 'grid-zhangpu-heping-1' } }),
        });
        expect(response.status).toBe(201);
        opened.push(((await response.json()) as { id: string }).id);
      }
      await command(opened[0]!, 'mem-zhangpu-dispatcher', { type: 'accept' });
      await command(opened[1]!, 'mem-zhangpu-dispatcher', { type: 'reject', reason: '重复反映' });

      const downFor = Date.now() + 60_000;
      await eventually(async () => (down.refused >= 8 ? true : undefined), 30_000, 'attempts refused while down');
      await new Promise((r) => setTimeout(r, Math.max(0, downFor - Date.now())));
      const whileDown = (await Promise.all(opened.map((id) => recordsOf(id, 'mem-zhangpu-supervisor')))).flat().filter((r) => r.channel === 'webhook');
      expect(whileDown).toHaveLength(4);
      expect(whileDown.every((r) => r.status === 'queued' && (r as unknown as { attempts: number }).attempts > 1)).toBe(true);
      down.setDown(false);

      const back = await eventually(async () => (down.received.length >= 4 ? down.received : undefined), 30_000, 'the four messages once back');
      await new Promise((r) => setTimeout(r, 2_000)); // nothing more arrives
      expect(down.received).toHaveLength(4);
      expect(back.map((r) => `${String(r.json['orderId'])}|${String(r.json['type'])}`).sort()).toEqual(
        [`${opened[0]}|order.accepted`, `${opened[0]}|order.received`, `${opened[1]}|order.received`, `${opened[1]}|order.rejected`].sort(),
      );
      expect(new Set(back.map((r) => r.headers['idempotency-key'])).size).toBe(4);
      for (const hook of back) expect(verifyGenericWebhookSignature(hook.body, hook.headers, genericSecret)).toBe(true);
      const after = (await Promise.all(opened.map((id) => recordsOf(id, 'mem-zhangpu-supervisor')))).flat().filter((r) => r.channel === 'webhook');
      expect(after.every((r) => r.status === 'delivered' || r.status === 'sent')).toBe(true);
    } finally {
      await down.close();
    }
  }, 150_000);
});
