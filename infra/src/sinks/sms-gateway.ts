import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { sendInvalid, sendProblem } from './problem';
import { JsonLinesStore } from './store';

/** The 短信签名 put on a message that names none. */
export const defaultSignName = '连心桥';

/** `POST /sms/v1/messages`: what the notifications service's gateway sender posts. */
export const SmsRequest = z.object({
  /** The delivery id; the idempotency key when no `Idempotency-Key` header is sent. */
  id: z.string().min(1).max(200),
  to: z.string().regex(/^1[3-9]\d{9}$/, '须为 11 位大陆手机号'),
  signName: z.string().min(1).max(40).optional(),
  templateCode: z.string().min(1).max(100),
  params: z.record(z.string(), z.string()),
  text: z.string().min(1).max(2_000),
  eventType: z.string().max(200).optional(),
  orderId: z.string().max(200).optional(),
  urgent: z.boolean().optional(),
});

/** One accepted SMS, as stored and as the read-back API shows it. */
export const SmsMessage = z.object({
  messageId: z.string(),
  id: z.string(),
  /** The `Idempotency-Key` it came with (else its `id`): a repeat with the same key is not stored again. */
  idempotencyKey: z.string(),
  receivedAt: z.string(),
  to: z.string(),
  signName: z.string(),
  templateCode: z.string(),
  params: z.record(z.string(), z.string()),
  text: z.string(),
  eventType: z.string().optional(),
  orderId: z.string().optional(),
  urgent: z.boolean(),
  /** How many repeats (same idempotency key) came after the first. */
  repeats: z.number().int().nonnegative(),
});
export type SmsMessage = z.infer<typeof SmsMessage>;

/** `POST /sms/v1/outage`: `until` null ends an outage, absent means until further notice. */
const OutageRequest = z.object({
  until: z.iso.datetime({ offset: true }).nullable().optional(),
  status: z.number().int().min(400).max(599).optional(),
});

/** A simulated outage: sends are answered `status` until `until` (ms since epoch; none: until ended). */
export interface Outage {
  until?: number;
  status: number;
}

/** Which messages to list; every field given must match. */
export interface SmsFilter {
  to?: string;
  orderId?: string;
  /** Received at or after this instant (ISO 8601). */
  since?: string;
}

export interface SmsGateway {
  /** Mount at `/sms`: `POST /v1/messages` (send), `POST /v1/outage` (simulate an outage). */
  readonly router: Router;
  /** Matching messages, oldest first. */
  list(filter?: SmsFilter): SmsMessage[];
  clear(): Promise<void>;
  /** Starts (or, with null, ends) a simulated outage. */
  setOutage(outage: Outage | null): void;
  /** Resolves when every stored message is on disk. */
  flush(): Promise<void>;
}

export interface SmsGatewayOptions {
  /** Where `sms.jsonl` is kept; in memory only when not given. */
  dir?: string;
  /** When set, sends must carry `Authorization: Bearer <token>`. */
  token?: string;
}

/**
 * The development SMS gateway: takes what a real gateway would send to phones, answers as if it
 * was delivered, and keeps it for reading back. Repeats of one delivery (same idempotency key) are
 * answered like the first and only counted, so tests can see a sender's retries.
 */
export async function createSmsGateway(options: SmsGatewayOptions = {}): Promise<SmsGateway> {
  const store = await JsonLinesStore.open(options.dir && path.join(options.dir, 'sms.jsonl'), SmsMessage, (m) => m.idempotencyKey);
  const authorized = bearerCheck(options.token);
  let outage: Outage | null = null;

  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));

  router.post('/v1/messages', async (req: Request, res: Response) => {
    if (!authorized(req.get('authorization'))) {
      res.set('WWW-Authenticate', 'Bearer');
      return sendProblem(res, 401, '未授权: 需要正确的 Bearer 令牌');
    }
    if (outage && (outage.until === undefined || Date.now() < outage.until)) {
      if (outage.until !== undefined) res.set('Retry-After', String(Math.max(1, Math.ceil((outage.until - Date.now()) / 1000))));
      return sendProblem(res, outage.status, '短信网关暂不可用 (模拟故障)');
    }
    const parsed = SmsRequest.safeParse(req.body);
    if (!parsed.success) return sendInvalid(res, parsed.error, '短信请求无效');
    const body = parsed.data;
    const key = req.get('idempotency-key')?.trim() || body.id;
    if (key.length > 200) return sendProblem(res, 400, 'Idempotency-Key 过长');

    const first = store.get(key);
    if (first) {
      await store.put({ ...first, repeats: first.repeats + 1 });
      res.set('Idempotent-Replayed', 'true');
      return res.status(201).json(answer(first));
    }
    const message: SmsMessage = {
      messageId: randomUUID(),
      id: body.id,
      idempotencyKey: key,
      receivedAt: new Date().toISOString(),
      to: body.to,
      signName: body.signName ?? defaultSignName,
      templateCode: body.templateCode,
      params: body.params,
      text: body.text,
      ...(body.eventType !== undefined ? { eventType: body.eventType } : {}),
      ...(body.orderId !== undefined ? { orderId: body.orderId } : {}),
      urgent: body.urgent ?? false,
      repeats: 0,
    };
    await store.put(message);
    res.status(201).json(answer(message));
  });

  router.post('/v1/outage', (req: Request, res: Response) => {
    const parsed = OutageRequest.safeParse(req.body ?? {});
    if (!parsed.success) return sendInvalid(res, parsed.error, '故障模拟请求无效');
    const { until, status = 503 } = parsed.data;
    outage = until === null ? null : { ...(until !== undefined ? { until: Date.parse(until) } : {}), status };
    res.json({ outage: outage && { until: outage.until !== undefined ? new Date(outage.until).toISOString() : null, status: outage.status } });
  });

  return {
    router,
    list: (filter = {}) => store.values().filter(matches(filter)),
    clear: () => store.clear(),
    setOutage(next) {
      outage = next;
    },
    flush: () => store.flush(),
  };
}

/** What a send is answered: the same for the first and every repeat. */
function answer(message: SmsMessage): { messageId: string; status: 'delivered' } {
  return { messageId: message.messageId, status: 'delivered' };
}

/** Compares the bearer token in constant time (over digests, so lengths do not leak either). */
function bearerCheck(token: string | undefined): (header: string | undefined) => boolean {
  if (!token) return () => true;
  const expected = createHash('sha256').update(token).digest();
  return (header) => {
    const given = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
    return given !== undefined && timingSafeEqual(createHash('sha256').update(given).digest(), expected);
  };
}

function matches(filter: SmsFilter): (message: SmsMessage) => boolean {
  const since = filter.since ? Date.parse(filter.since) : undefined;
  return (message) =>
    (filter.to === undefined || message.to === filter.to) &&
    (filter.orderId === undefined || message.orderId === filter.orderId) &&
    (since === undefined || Date.parse(message.receivedAt) >= since);
}
