import { channelSenders, loadChannelConfig, type NotificationsOptions } from '@lianxin/notifications';
import { sampleContactPoints } from '@lianxin/sample-register';
import { defaultOrderPolicy, type OrderPolicy } from '@lianxin/workflows';

/** A policy of seconds: sign within `signMs`, then 预警 at half, 超期/催办 at the deadline, 督办 +2 s, 挂牌督办 +4 s. */
export function policyOfSeconds(signMs = 3_000): OrderPolicy {
  const limits = Object.fromEntries(
    Object.entries(defaultOrderPolicy.limits).map(([urgency, row]) => [urgency, { ...row, signWithinMs: signMs }]),
  ) as OrderPolicy['limits'];
  return {
    ...defaultOrderPolicy,
    limits,
    escalation: { warnAtFraction: 0.5, remindAfterMs: 0, superviseAfterMs: 2_000, escalateAfterMs: 4_000, reassignOnEscalate: false },
  };
}

/**
 * A clock running at real speed, shifted so that its Shanghai time of day is `hhmm` at the start.
 * `setTimeOfDay` only moves it forward, to the next `hhmm` after the clock's own time (never
 * after the real one): 10:00 → 23:00 → 07:00 is the next morning whatever the real hour is.
 */
export function shiftedClock(hhmm: string): { now: () => Date; setTimeOfDay(hhmm: string): void } {
  const day = 86_400_000;
  const shanghai = 8 * 3_600_000;
  let offset = 0;
  const forwardTo = (target: string, from: number): number => {
    const [h, m] = target.split(':').map(Number);
    const targetOfDay = (h! * 60 + m!) * 60_000;
    const ofDay = (((from + shanghai) % day) + day) % day;
    return (targetOfDay - ofDay + day) % day;
  };
  const setTimeOfDay = (target: string) => {
    const now = Date.now();
    offset += forwardTo(target, now + offset);
  };
  setTimeOfDay(hhmm);
  return { now: () => new Date(Date.now() + offset), setTimeOfDay };
}

/** Senders to the test's own message sinks, with retries of a second or two. */
export function sinkSenders(sinks: { smsGatewayUrl: string; smtpPort: number }): Pick<NotificationsOptions, 'senders' | 'retry'> {
  return {
    senders: channelSenders(loadChannelConfig({ LIANXIN_SMS_GATEWAY_URL: sinks.smsGatewayUrl, LIANXIN_SMTP_PORT: String(sinks.smtpPort) })),
    retry: { maxAttempts: 30, baseMs: 500, maxMs: 4_000 },
  };
}

export function contactOf(id: string): { phone: string; email: string } {
  const found = sampleContactPoints.find((c) => c._id === id);
  if (!found?.phone || !found.email) throw new Error(`no sample contact for ${id}`);
  return { phone: found.phone, email: found.email };
}

export interface SmsMessage {
  id: string;
  to: string;
  text: string;
  templateCode: string;
  orderId?: string;
  eventType?: string;
  repeats: number;
}

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}

export async function smsOf(sinksUrl: string, query: string): Promise<SmsMessage[]> {
  const response = await fetch(`${sinksUrl}/sms/v1/messages?${query}`);
  if (!response.ok) throw new Error(`sms sink answered ${response.status}`);
  return ((await response.json()) as { items: SmsMessage[] }).items;
}

export async function mailOf(sinksUrl: string, query: string): Promise<MailMessage[]> {
  const response = await fetch(`${sinksUrl}/mail/v1/messages?${query}`);
  if (!response.ok) throw new Error(`mailbox answered ${response.status}`);
  return ((await response.json()) as { items: MailMessage[] }).items;
}
