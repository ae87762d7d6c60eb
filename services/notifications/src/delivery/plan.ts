import { maskPhone, orderEventLabels, type OrderEventData, type ReceivedOrderEvent } from '@lianxin/contracts';
import type { AudienceResolver } from '../recipients/audiences';
import type { RegisterDirectory } from '../recipients/directory';
import type { Recipient } from '../recipients/person';
import { defaultPreferences, type NotificationPreferences, type PreferencesStore } from '../preferences/preferences';
import { quietHoursRelease } from '../preferences/quiet-hours';
import type { TemplateParameter } from '../templates/catalogue';
import { renderTemplate } from '../templates/render';
import type { TemplateBook } from '../templates/store';
import type { Sealer, WebhookEndpoints } from '../webhooks/endpoints';
import type { DeliveryChannel, DeliveryRecord } from './records';
import { defaultChannels, noticeRules, robotTemplateOf } from './rules';

export interface PlanningDeps {
  resolve: AudienceResolver;
  register: RegisterDirectory;
  preferences: PreferencesStore;
  templates: TemplateBook;
  webhooks: WebhookEndpoints;
  sealer: Sealer;
  /** Opens the resident's sealed contact of an order (their phone for SMS). */
  residentPhone: (data: OrderEventData) => string | undefined;
  clock: () => Date;
  timeZone: string;
  /** SMS provider whose template code goes with each SMS (aliyun/tencent), if any. */
  smsProvider: 'gateway' | 'aliyun' | 'tencent';
  smsSignName: string;
}

/** One planned delivery: the record to store (its `_id` makes it once per event, recipient, channel). */
export type PlannedDelivery = DeliveryRecord;

export const deliveryIdOf = (eventId: string, channel: DeliveryChannel, recipientId: string) => `${eventId}|${channel}|${recipientId}`;

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/** 11月26日 15:30 (zh-CN) or 26 Nov 15:30 (en), in the deployment's time zone. */
const formatInstant = (iso: unknown, timeZone: string, locale: 'zh-CN' | 'en'): string => {
  if (typeof iso !== 'string' || Number.isNaN(Date.parse(iso))) return '';
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, month: locale === 'en' ? 'short' : 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const time = `${part('hour')}:${part('minute')}`;
  return locale === 'en' ? `${part('day')} ${part('month')} ${time}` : `${part('month')}月${part('day')}日 ${time}`;
};

/**
 * The deliveries an event makes: for each rule of its type, each person of the audience, each
 * channel their role gets and their preferences allow, addressed from the register's 通讯录 (or
 * the resident's sealed contact), worded from the template in their language; SMS and email
 * that can wait are held to the end of their quiet hours. Plus the group robots and webhooks of
 * the order's organisations that subscribed to the event.
 */
export async function planDeliveries(event: ReceivedOrderEvent, deps: PlanningDeps): Promise<PlannedDelivery[]> {
  const data = event.data;
  const now = deps.clock();
  const urgent = data.order.urgency === 'emergency';
  const planned = new Map<string, PlannedDelivery>();

  const paramsFor = (locale: 'zh-CN' | 'en', organisation?: string): Partial<Record<TemplateParameter, string>> => ({
    orderId: data.orderId,
    title: data.order.title,
    handler: data.order.handler?.name ?? (locale === 'en' ? 'not yet assigned' : '未指派'),
    reason: typeof data.details['reason'] === 'string' ? data.details['reason'] : '',
    dueAt: formatInstant(data.details['dueAt'] ?? data.details['committedDeadline'] ?? data.details['until'] ?? data.order.clocks[0]?.dueAt, deps.timeZone, locale),
    organisation: organisation ?? '',
    event: orderEventLabels[data.type],
  });

  const add = async (recipient: Recipient, channel: DeliveryChannel, templateId: string, preferences: NotificationPreferences, organisation?: string) => {
    const id = deliveryIdOf(event.id, channel, recipient.id);
    if (planned.has(id)) return;
    const address = await addressOf(recipient, channel, data, deps);
    if (!address) return;
    const entry = await deps.templates.get(templateId);
    const params = paramsFor(preferences.locale, organisation);
    const { title, text } = renderTemplate(entry, channel, preferences.locale, params);
    const release = (channel === 'sms' || channel === 'email') && !urgent ? quietHoursRelease(now, preferences.quietHours, deps.timeZone) : undefined;
    const smsCode = deps.smsProvider === 'gateway' ? `LX:${templateId}` : entry.smsCode?.[deps.smsProvider];
    planned.set(id, {
      _id: id,
      eventId: event.id,
      eventType: data.type,
      orderId: data.orderId,
      scope: data.order.scope ?? [],
      recipient,
      channel,
      address: address.shown,
      ...(address.full ? { sealedAddress: deps.sealer.seal(address.full, id) } : {}),
      templateId,
      title,
      text: channel === 'sms' ? `【${deps.smsSignName}】${text}` : text,
      ...(channel === 'sms' && smsCode ? { smsTemplate: { code: smsCode, params: Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<string, string> } } : {}),
      urgent,
      // In-app notices are in the inbox the moment they are stored; the rest wait for the engine.
      status: channel === 'app' ? 'sent' : 'queued',
      dueAt: release ?? now,
      ...(release ? { heldFor: 'quiet_hours' as const } : {}),
      attempts: 0,
      ...(event.trace.traceparent ? { trace: { ...event.trace } } : {}),
      history: [{ at: now, status: channel === 'app' ? 'sent' : 'queued', ...(release ? { note: `免打扰，${release.toISOString()} 后发送` } : {}) }],
      createdAt: now,
      ...(channel === 'app' ? { sentAt: now } : {}),
    });
  };

  // The organisation the event concerns (督办: the supervising level; 挂牌督办: the one above),
  // named in every notice of the event — the handler's and the robots' too.
  let eventOrganisation: string | undefined;
  for (const rule of noticeRules[data.type] ?? []) {
    if (rule.when && !rule.when(data)) continue;
    const resolved = await deps.resolve(rule.audience, data);
    eventOrganisation ??= resolved.organisationName;
    for (const recipient of resolved.recipients) {
      const preferences = recipient.kind === 'resident' ? deps.preferences.defaults : await deps.preferences.of(recipient.id);
      for (const channel of rule.channels ?? defaultChannels[recipient.role]) {
        if (channel === 'sms' && !preferences.sms && !urgent) continue;
        if (channel === 'email' && !preferences.email && !urgent) continue;
        await add(recipient, channel, rule.template, preferences, resolved.organisationName ?? eventOrganisation);
      }
    }
  }

  const robots = await deps.webhooks.subscribed(data.order.scope ?? [data.order.location.organisationId ?? ''].filter(Boolean), data.type);
  for (const robot of robots) {
    await add({ kind: 'webhook', id: robot.id, name: robot.name, role: 'robot' }, 'webhook', robotTemplateOf(data.type), defaultPreferences, eventOrganisation);
  }
  return [...planned.values()];
}

/** Where a channel reaches a recipient: what is shown, and the full address to seal (none for in-app). */
async function addressOf(recipient: Recipient, channel: DeliveryChannel, data: OrderEventData, deps: PlanningDeps): Promise<{ shown: string; full?: string } | undefined> {
  if (channel === 'app') return recipient.kind === 'member' || recipient.kind === 'social_org' ? { shown: recipient.id } : undefined;
  if (channel === 'webhook') return recipient.kind === 'webhook' ? { shown: recipient.name, full: recipient.id } : undefined;
  if (recipient.kind === 'resident') {
    if (channel !== 'sms') return undefined;
    const phone = deps.residentPhone(data);
    return phone ? { shown: maskPhone(phone), full: phone } : undefined;
  }
  if (recipient.kind === 'webhook') return undefined;
  const contact = await deps.register.contactOf(recipient.id);
  if (channel === 'sms') return contact?.phone ? { shown: maskPhone(contact.phone), full: contact.phone } : undefined;
  return contact?.email ? { shown: maskEmail(contact.email), full: contact.email } : undefined;
}
