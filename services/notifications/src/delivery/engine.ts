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
  /** How often the store is scanned for due work the engine was not handed (default 5 s). */
  pollMs?: number;
}

export interface DeliveryEngine {
  start(): void;
  /** Deliveries just stored: attempted as soon as they are due, without a scan. */
  submit(deliveries: Pick<DeliveryRecord, '_id' | 'dueAt' | 'channel' | 'heldFor' | 'recipient'>[]): void;
  /** Scans the store for due deliveries now (e.g. after one was queued again by hand). */
  wake(): void;
  /** Stops claiming, waits for the sends under way. */
  stop(): Promise<void>;
}

const outboundChannels: DeliveryRecord['channel'][] = ['sms', 'email', 'webhook'];

/** Held overnight SMS of one person go as one digest: they share this key. */
const digestKeyOf = (d: Pick<DeliveryRecord, 'channel' | 'heldFor' | 'recipient'>) => (d.channel === 'sms' && d.heldFor === 'quiet_hours' ? d.recipient.id : undefined);

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
  const scanMs = options.pollMs ?? 5_000;
  const tickMs = Math.min(100, scanMs);
  const owner = randomUUID();
  const inFlight = new Set<Promise<void>>();
  /** People whose overnight digest is being sent by this engine. */
  const digesting = new Set<string>();
  const pending = new Map<string, { dueAt: number; digestKey: string | undefined }>();
  const timers: NodeJS.Timeout[] = [];
  let running = false;
  let scanning: Promise<void> | undefined;
  let pumping: Promise<void> | undefined;
  let repump = false;

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
    // One by id (an index look-up on every store), not `$in`.
    for (const _id of ids) {
      await model.updateOne(
        { _id, leaseOwner: owner, status: 'sending' },
        { $set: { ...set, status }, $unset: { leaseOwner: 1, leaseUntil: 1 }, $push: { history: step(status, note) } },
      );
    }
    // Queued again (a retry, a rate limit): this engine takes it up when it is due.
    if (status === 'queued' && set.dueAt) for (const _id of ids) remember(_id, set.dueAt, undefined);
  }

  /**
   * Sends per (recipient, channel) in the last window, kept by this engine (per instance, like the
   * services' other limits): a delivery beyond the limit waits for the oldest send to leave it.
   */
  const recentSends = new Map<string, number[]>();
  function overRateLimit(delivery: DeliveryRecord, now: Date): Date | undefined {
    const limit = rateLimits[delivery.channel as OutboundChannel];
    if (!limit || delivery.urgent) return undefined;
    const key = `${delivery.channel}|${delivery.recipient.id}`;
    const since = now.getTime() - limit.windowMs;
    const sends = (recentSends.get(key) ?? []).filter((at) => at > since);
    recentSends.set(key, sends);
    return sends.length < limit.limit ? undefined : new Date(sends[0]! + limit.windowMs);
  }
  function countSend(delivery: DeliveryRecord, at: Date): void {
    const key = `${delivery.channel}|${delivery.recipient.id}`;
    recentSends.set(key, [...(recentSends.get(key) ?? []), at.getTime()]);
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
    const limitedUntil = overRateLimit(delivery, now);
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
      countSend(delivery, at);
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

  /** Work this engine knows of: stored by its consumer, retried by it, or found by the slow scan. */
  function remember(id: string, dueAt: Date, digestKey: string | undefined): void {
    pending.set(id, { dueAt: dueAt.getTime(), digestKey });
  }

  /**
   * Starts attempts for known deliveries that are due, up to the free slots: each claimed by its
   * id (an index look-up, even on FerretDB), so the hot path never scans the collection.
   */
  async function pump(): Promise<void> {
    const now = clock();
    for (const [id, item] of pending) {
      if (!running || inFlight.size >= concurrency) return;
      if (item.dueAt > now.getTime()) continue;
      // One digest per person: the others held for the same night are folded into it.
      if (item.digestKey && digesting.has(item.digestKey)) continue;
      pending.delete(id);
      const delivery = (await claim({ _id: id, status: 'queued' }, now)) ?? (await claim({ _id: id, status: 'sending' }, now));
      if (!delivery) continue;
      const digestKey = item.digestKey;
      if (digestKey) digesting.add(digestKey);
      const work = inSpan(`deliver ${delivery.channel}`, () => attempt(delivery), delivery.trace)
        .catch((error: unknown) => log.error({ err: error, deliveryId: delivery._id }, 'delivery bookkeeping failed; the lease lets it be taken up again'))
        .finally(() => {
          if (digestKey) digesting.delete(digestKey);
          inFlight.delete(work);
          wake();
        });
      inFlight.add(work);
    }
  }

  /**
   * The safety net, every `scanMs`: due deliveries this engine does not know of — held ones whose
   * time came, those of another instance, those whose sender died (lease run out).
   */
  async function scan(): Promise<void> {
    const now = clock();
    const found = await model
      .find({ channel: { $in: outboundChannels }, dueAt: { $lte: now }, $or: [{ status: 'queued' as const }, { status: 'sending' as const, leaseUntil: { $lt: now } }] }, { _id: 1, dueAt: 1, channel: 1, heldFor: 1, 'recipient.id': 1 })
      .sort({ dueAt: 1 })
      .limit(500)
      .lean<Pick<DeliveryRecord, '_id' | 'dueAt' | 'channel' | 'heldFor' | 'recipient'>[]>();
    for (const d of found) if (!pending.has(d._id)) remember(d._id, d.dueAt, digestKeyOf(d));
  }

  function wake(): void {
    if (!running) return;
    if (pumping) {
      repump = true;
      return;
    }
    pumping = pump()
      .catch((error: unknown) => log.warn({ err: error }, 'delivery pump failed; trying again'))
      .finally(() => {
        pumping = undefined;
        if (repump) {
          repump = false;
          wake();
        }
      });
  }

  function scanNow(): void {
    if (!running || scanning) return;
    scanning = scan()
      .then(wake)
      .catch((error: unknown) => log.warn({ err: error }, 'delivery scan failed; trying again'))
      .finally(() => (scanning = undefined));
  }

  return {
    start() {
      running = true;
      timers.push(setInterval(wake, tickMs), setInterval(scanNow, scanMs));
      for (const timer of timers) timer.unref();
      scanNow();
    },
    submit(deliveries) {
      for (const d of deliveries) if (d.channel !== 'app') remember(d._id, d.dueAt, digestKeyOf(d));
      wake();
    },
    wake: scanNow,
    async stop() {
      running = false;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([scanning, pumping]);
      await Promise.allSettled([...inFlight]);
    },
  };
}
