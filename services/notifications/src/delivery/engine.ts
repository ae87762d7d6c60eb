import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import { inSpan, type Logger } from '@lianxin/platform';
import { DeliveryError, type ChannelSender, type OutboundChannel, type OutgoingMessage } from '../channels/channel';
import { renderTemplate } from '../templates/render';
import type { TemplateBook } from '../templates/store';
import type { Sealer, WebhookEndpoints } from '../webhooks/endpoints';
import { backoffMs, defaultRetryPolicy, type RetryPolicy } from './backoff';
import type { DeliveryRecord, DeliveryStatus } from './records';

/** At most `limit` sends to one recipient on a channel within `windowMs` (emergencies exempt). */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

export const defaultRateLimits: Record<OutboundChannel, RateLimit> = {
  // 短信: providers cap a number at a few an hour; ours keeps well inside.
  sms: { limit: 10, windowMs: 3_600_000 },
  email: { limit: 30, windowMs: 3_600_000 },
  // 企业微信/钉钉 robots take 20 a minute.
  webhook: { limit: 20, windowMs: 60_000 },
};

export interface DeliveryEngineOptions {
  model: Model<DeliveryRecord>;
  senders: Record<OutboundChannel, ChannelSender>;
  sealer: Sealer;
  webhooks: WebhookEndpoints;
  templates: TemplateBook;
  clock: () => Date;
  log: Logger;
  retry?: RetryPolicy;
  rateLimits?: Record<OutboundChannel, RateLimit>;
  /** A claimed delivery not finished within this is taken up again (its sender died). */
  leaseMs?: number;
  concurrency?: number;
  pollMs?: number;
}

export interface DeliveryEngine {
  start(): void;
  /** Looks for due deliveries now (after new ones were stored). */
  wake(): void;
  /** Stops claiming, waits for the sends under way. */
  stop(): Promise<void>;
}

const outboundChannels: DeliveryRecord['channel'][] = ['sms', 'email', 'webhook'];

/** The digest's SMS template code at the provider in use (the local gateway takes our own ids). */
const digestCode = (codes: { aliyun?: string; tencent?: string } | undefined, provider: string) =>
  (provider === 'aliyun' ? codes?.aliyun : provider === 'tencent' ? codes?.tencent : undefined) ?? 'LX:digest';

/**
 * 发送引擎: takes due outbound deliveries (queued, or claimed by a sender that died), one at a
 * time per delivery through a lease, and makes one attempt each through the channel's sender:
 * sent/delivered, failed (refused for good), or queued again with back-off — dead-lettered after
 * the last attempt. SMS held overnight for the same person go as one digest. Every attempt keeps
 * the delivery id, which the providers and receivers get as an idempotency key.
 */
export function deliveryEngine(options: DeliveryEngineOptions): DeliveryEngine {
  const { model, clock, log } = options;
  const retry = options.retry ?? defaultRetryPolicy;
  const rateLimits = options.rateLimits ?? defaultRateLimits;
  const leaseMs = options.leaseMs ?? 30_000;
  const concurrency = options.concurrency ?? 8;
  const pollMs = options.pollMs ?? 500;
  const owner = randomUUID();
  const inFlight = new Set<Promise<void>>();
  /** People whose overnight digest is being sent by this engine. */
  const digesting = new Set<string>();
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let scanning: Promise<void> | undefined;
  let rescan = false;

  const step = (status: DeliveryStatus, note?: string) => ({ at: clock(), status, ...(note ? { note: note.slice(0, 300) } : {}) });

  /** Claims one due delivery for this engine; undefined when someone else was faster. */
  async function claim(candidate: Pick<DeliveryRecord, '_id' | 'status'>, now: Date): Promise<DeliveryRecord | undefined> {
    const stillDue = candidate.status === 'queued' ? { status: 'queued' as const } : { status: 'sending' as const, leaseUntil: { $lt: now } };
    const claimed = await model
      .findOneAndUpdate(
        { _id: candidate._id, dueAt: { $lte: now }, ...stillDue },
        { $set: { status: 'sending', leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) } },
        { returnDocument: 'after' },
      )
      .lean<DeliveryRecord>();
    return claimed ?? undefined;
  }

  /** Writes the outcome of an attempt, only while this engine still holds the lease. */
  async function finish(ids: string[], set: Partial<DeliveryRecord>, status: DeliveryStatus, note?: string): Promise<void> {
    await model.updateMany(
      { _id: { $in: ids }, leaseOwner: owner, status: 'sending' },
      { $set: { ...set, status }, $unset: { leaseOwner: 1, leaseUntil: 1 }, $push: { history: step(status, note) } },
    );
  }

  async function overRateLimit(delivery: DeliveryRecord, now: Date): Promise<Date | undefined> {
    const limit = rateLimits[delivery.channel as OutboundChannel];
    if (!limit || delivery.urgent) return undefined;
    const since = new Date(now.getTime() - limit.windowMs);
    const recent = await model
      .find({ 'recipient.id': delivery.recipient.id, channel: delivery.channel, sentAt: { $gte: since }, foldedInto: { $exists: false } }, { sentAt: 1 })
      .sort({ sentAt: 1 })
      .limit(limit.limit)
      .lean();
    if (recent.length < limit.limit) return undefined;
    return new Date(recent[0]!.sentAt!.getTime() + limit.windowMs);
  }

  /** Other SMS of the same person held by the same quiet hours: claimed to go in one digest. */
  async function heldSiblings(delivery: DeliveryRecord, now: Date): Promise<DeliveryRecord[]> {
    if (delivery.channel !== 'sms' || delivery.heldFor !== 'quiet_hours') return [];
    const candidates = await model
      .find({ _id: { $ne: delivery._id }, 'recipient.id': delivery.recipient.id, channel: 'sms', status: 'queued', heldFor: 'quiet_hours', dueAt: { $lte: now } }, { _id: 1, status: 1 })
      .sort({ createdAt: 1 })
      .limit(20)
      .lean();
    const claimed = await Promise.all(candidates.map((c) => claim(c, now)));
    return claimed.filter((d): d is DeliveryRecord => d !== undefined);
  }

  async function messageOf(delivery: DeliveryRecord, folded: DeliveryRecord[]): Promise<OutgoingMessage> {
    const base = {
      channel: delivery.channel as OutboundChannel,
      subject: delivery.title,
      text: delivery.text,
      eventType: delivery.eventType,
      orderId: delivery.orderId,
      urgent: delivery.urgent,
      deliveryId: delivery._id,
      to: '',
      ...(delivery.smsTemplate ? { template: delivery.smsTemplate } : {}),
    };
    if (delivery.channel === 'webhook') {
      const target = await options.webhooks.target(options.sealer.open(delivery.sealedAddress!, delivery._id));
      if (!target) throw new DeliveryError('webhook endpoint no longer exists', false);
      return { ...base, webhook: target };
    }
    const to = options.sealer.open(delivery.sealedAddress!, delivery._id);
    if (folded.length === 0) return { ...base, to };
    const all = [delivery, ...folded];
    const digest = await options.templates.get('digest');
    const items = all.map((d, i) => `${i + 1}.${d.title}（${d.orderId}）`).join('；').slice(0, 300);
    const { title, text } = renderTemplate(digest, 'sms', 'zh-CN', { count: String(all.length), items });
    const sign = /^【[^】]+】/.exec(delivery.text)?.[0] ?? '';
    return {
      ...base,
      to,
      deliveryId: `digest:${delivery._id}`,
      subject: title,
      text: `${sign}${text}`,
      template: { code: digestCode(digest.smsCode, options.senders.sms.provider), params: { count: String(all.length), items } },
    };
  }

  async function attempt(delivery: DeliveryRecord): Promise<void> {
    const now = clock();
    const limitedUntil = await overRateLimit(delivery, now);
    if (limitedUntil) {
      await finish([delivery._id], { dueAt: limitedUntil, heldFor: 'rate_limit' }, 'queued', `频率限制，${limitedUntil.toISOString()} 后发送`);
      return;
    }
    const folded = await heldSiblings(delivery, now);
    const ids = [delivery._id, ...folded.map((d) => d._id)];
    const sender = options.senders[delivery.channel as OutboundChannel];
    const attempts = delivery.attempts + 1;
    try {
      const message = await messageOf(delivery, folded);
      const outcome = await sender.send(message, AbortSignal.timeout(Math.max(1_000, leaseMs - 5_000)));
      const at = clock();
      const set: Partial<DeliveryRecord> = {
        attempts, sentAt: at, provider: sender.provider,
        ...(outcome.providerMessageId ? { providerMessageId: outcome.providerMessageId } : {}),
        ...(outcome.status === 'delivered' ? { deliveredAt: at } : {}),
      };
      await finish([delivery._id], set, outcome.status, `${sender.provider}${folded.length > 0 ? `，汇总${ids.length}条` : ''}`);
      if (folded.length > 0) await finish(folded.map((d) => d._id), { ...set, foldedInto: message.deliveryId }, outcome.status, `并入汇总 ${message.deliveryId}`);
    } catch (error) {
      const permanent = error instanceof DeliveryError && !error.retryable;
      const reason = (error as Error).message;
      if (permanent) {
        await finish(ids, { attempts, lastError: reason, provider: sender.provider }, 'failed', reason);
      } else if (attempts >= retry.maxAttempts) {
        await finish(ids, { attempts, lastError: reason, provider: sender.provider }, 'dead_lettered', `第${attempts}次仍失败：${reason}`);
        log.warn({ deliveryId: delivery._id, channel: delivery.channel, attempts }, 'delivery dead-lettered');
      } else {
        const dueAt = new Date(clock().getTime() + backoffMs(attempts, retry));
        // Folded ones go back to wait on their own; the next attempt folds them again.
        await finish(ids, { attempts, lastError: reason, dueAt, heldFor: delivery.heldFor === 'quiet_hours' ? 'quiet_hours' : 'retry' }, 'queued', `第${attempts}次失败：${reason}`);
      }
      log.debug({ deliveryId: delivery._id, channel: delivery.channel, attempts, reason }, 'delivery attempt failed');
    }
  }

  /** One pass: claim what is due (up to the free slots) and start the attempts. */
  async function scan(): Promise<void> {
    while (running && inFlight.size < concurrency) {
      const now = clock();
      const candidates = await model
        .find({ channel: { $in: outboundChannels }, dueAt: { $lte: now }, $or: [{ status: 'queued' as const }, { status: 'sending' as const, leaseUntil: { $lt: now } }] }, { _id: 1, status: 1, channel: 1, heldFor: 1, 'recipient.id': 1 })
        .sort({ dueAt: 1 })
        .limit(concurrency - inFlight.size)
        .lean<Pick<DeliveryRecord, '_id' | 'status' | 'channel' | 'heldFor' | 'recipient'>[]>();
      if (candidates.length === 0) return;
      let started = 0;
      for (const candidate of candidates) {
        if (!running) return;
        // One digest per person: the others held for the same night are folded into it.
        const digestKey = candidate.channel === 'sms' && candidate.heldFor === 'quiet_hours' ? candidate.recipient.id : undefined;
        if (digestKey && digesting.has(digestKey)) continue;
        const delivery = await claim(candidate, now);
        if (!delivery) continue;
        started += 1;
        if (digestKey) digesting.add(digestKey);
        const work = inSpan(`deliver ${delivery.channel}`, () => attempt(delivery), delivery.trace)
          .finally(() => digestKey && digesting.delete(digestKey))
          .catch((error: unknown) => log.error({ err: error, deliveryId: delivery._id }, 'delivery bookkeeping failed; the lease lets it be taken up again'))
          .finally(() => {
            inFlight.delete(work);
            wake();
          });
        inFlight.add(work);
      }
      if (started === 0) return;
    }
  }

  function wake(): void {
    if (!running) return;
    if (scanning) {
      rescan = true;
      return;
    }
    scanning = scan()
      .catch((error: unknown) => log.warn({ err: error }, 'delivery scan failed; trying again'))
      .finally(() => {
        scanning = undefined;
        if (rescan) {
          rescan = false;
          wake();
        }
      });
  }

  return {
    start() {
      running = true;
      timer = setInterval(wake, pollMs);
      timer.unref();
      wake();
    },
    wake,
    async stop() {
      running = false;
      if (timer) clearInterval(timer);
      await scanning;
      await Promise.allSettled([...inFlight]);
    },
  };
}
