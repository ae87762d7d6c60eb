import { orderCategories, type OrderKind } from '@lianxin/contracts';
import { sleep, Stopped } from './http';
import { dispatchPlans, Lifecycle, wishPlans, type LoadContext, type Plan } from './lifecycle';
import type { OrderRecord } from './record';
import type { PlaceOfOrder } from './register';
import { Rng, rngFor } from './rng';

export type Channel = 'hotline' | 'web' | 'open311' | 'wish_card';

export interface TrafficOptions {
  /** Orders per second, all channels together. */
  rate: number;
  durationMs: number;
  arrivals: 'poisson' | 'even';
  seed: number;
  /** Anonymous web intakes allowed per 60 s (the public limit is 20/60 s per address). */
  webPerMinute: number;
  /** Give each anonymous resident an X-Forwarded-For address (only useful where LIANXIN_TRUST_PROXY trusts this host). */
  forwardedFor: boolean;
  channelWeights: Readonly<Record<Channel, number>>;
}

/** At most `limit` uses in any `windowMs`. */
export class Budget {
  private readonly used: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  take(): boolean {
    const now = Date.now();
    while (this.used.length > 0 && this.used[0]! <= now - this.windowMs) this.used.shift();
    if (this.used.length >= this.limit) return false;
    this.used.push(now);
    return true;
  }
}

interface Open311Service {
  code: string;
  kind: OrderKind;
}

const kindWeights: Readonly<Record<OrderKind, number>> = { concern: 55, assistance: 20, suggestion: 10, wish: 15 };
const urgencyWeights = { general: 60, utility: 20, emergency: 10, complex: 10 } as const;

const titles: Record<OrderKind, readonly string[]> = {
  concern: ['村口路灯损坏', '小区门口垃圾堆放多日', '自来水水压不足', '道路坑洼积水', '邻里噪音纠纷', '排水沟堵塞'],
  assistance: ['独居老人需要助餐服务', '农产品滞销求助', '需要法律咨询', '困难家庭需要帮扶', '求职技能培训'],
  suggestion: ['建议增设公交站台', '建议村务公开栏更新', '建议增加健身器材', '建议开展垃圾分类宣传'],
  wish: ['希望有一套学习用品', '想要一台收音机', '希望有人教用智能手机', '想要一件冬衣', '希望有一次免费体检'],
};
const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡'];
const givenNames = ['秀英', '桂兰', '建国', '志强', '丽', '海燕', '德明', '春花', '国庆', '玉兰', '军', '敏'];

/**
 * The open-loop intake: orders arrive at `rate` per second (Poisson or evenly spaced) on every
 * channel, whatever the system answers; each opened order then lives its own life (lifecycle.ts)
 * concurrently. Every intake carries an Idempotency-Key and is retried with it.
 */
export class Traffic {
  readonly orders: OrderRecord[] = [];
  private readonly lives = new Set<Promise<void>>();
  private open311Keys: string[] = [];
  private open311Services: Open311Service[] = [];
  private readonly webBudget: Budget;
  private seq = 0;

  constructor(
    private readonly ctx: LoadContext,
    private readonly options: TrafficOptions,
    private readonly places: readonly PlaceOfOrder[],
  ) {
    this.webBudget = new Budget(options.forwardedFor ? Number.MAX_SAFE_INTEGER : options.webPerMinute);
  }

  /** Open311: the catalogue, and API keys issued by the admin (enough for the per-client limit of 60/60 s). */
  async setup(): Promise<void> {
    const { ctx, options } = this;
    const share = options.channelWeights.open311 / Object.values(options.channelWeights).reduce((a, b) => a + b, 0);
    if (share <= 0) return;
    const services = await ctx.http.request({ label: 'open311:services', method: 'GET', url: `${ctx.urls.residents}/open311/v2/services.json` });
    if (services.kind !== 'ok' || !Array.isArray(services.body)) throw new Error(`Open311 services: ${describe(services)}`);
    this.open311Services = (services.body as { service_code: string }[])
      .map((s) => ({ code: s.service_code, kind: s.service_code.split('.')[0] as OrderKind }))
      .filter((s) => s.kind in orderCategories);
    const perMinute = options.rate * 60 * share;
    const keys = Math.max(1, Math.ceil(perMinute / 45));
    for (let i = 0; i < keys; i += 1) {
      const issued = await ctx.http.request({
        label: 'open311:issue-key',
        method: 'POST',
        url: `${ctx.urls.residents}/api/v1/open311/clients`,
        json: { name: `压测接入系统 ${ctx.runId} #${i + 1}` },
        auth: ctx.tokens.of('admin'),
      });
      const apiKey = issued.kind === 'ok' ? (issued.body as { apiKey?: unknown }).apiKey : undefined;
      if (typeof apiKey !== 'string') throw new Error(`issuing an Open311 API key: ${describe(issued)}`);
      this.open311Keys.push(apiKey);
    }
  }

  /** Arrivals until the duration is over or the run is stopped. */
  async run(): Promise<void> {
    const { options, ctx } = this;
    const arrivals = new Rng(options.seed ^ 0x5eed);
    const end = ctx.stats.startedAt + options.durationMs;
    let next = Date.now();
    try {
      for (;;) {
        next += options.arrivals === 'even' ? 1000 / options.rate : arrivals.exponential(1000 / options.rate);
        if (next >= end) break;
        await sleep(Math.max(0, next - Date.now()), ctx.stop);
        this.arrive();
      }
    } catch (error) {
      if (!(error instanceof Stopped)) throw error;
    }
  }

  /** Waits for the lifecycles still running, at most `timeoutMs`; false when some are left. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.lives.size > 0 && Date.now() < deadline && !this.ctx.stop.aborted) {
      await Promise.race([Promise.allSettled([...this.lives]), new Promise((r) => setTimeout(r, 1_000))]);
    }
    return this.lives.size === 0;
  }

  private arrive(): void {
    const seq = (this.seq += 1);
    const life = this.live(seq).catch((error: unknown) => {
      this.ctx.stats.error('generator-bug');
      this.ctx.progress.log(`order #${seq}: ${(error as Error).stack ?? String(error)}`);
    });
    this.lives.add(life);
    void life.finally(() => this.lives.delete(life));
  }

  private async live(seq: number): Promise<void> {
    const { ctx, options } = this;
    const rng = rngFor(options.seed, 1, seq);
    const place = rng.pick(this.places);
    let channel = rng.weighted(options.channelWeights);
    if (channel === 'web' && !this.webBudget.take()) channel = 'hotline';
    if (channel === 'open311' && this.open311Keys.length === 0) channel = 'hotline';
    const kind: OrderKind = channel === 'wish_card' ? 'wish' : channel === 'open311' ? rng.pick(this.open311Services).kind : rng.weighted(kindWeights);
    const open311Service = channel === 'open311' ? rng.pick(this.open311Services.filter((s) => s.kind === kind)) : undefined;
    const category = open311Service ? open311Service.code : rng.pick(orderCategories[kind]);
    const urgency = kind === 'wish' ? 'general' : rng.weighted(urgencyWeights);
    const plan: Plan = kind === 'wish' ? rng.weighted(wishPlans) : rng.weighted(dispatchPlans);
    const openedBy = channel === 'hotline' ? rng.pick(['agent-hotline-1', 'agent-hotline-2']) : channel === 'wish_card' ? place.gridWorker : channel === 'web' ? 'anonymous' : 'open311';
    const record: OrderRecord = {
      seq,
      intakeKey: `${ctx.runId}-${seq}-intake`,
      channel,
      kind,
      category,
      urgency,
      gridId: place.gridId,
      villageId: place.villageId,
      openedBy,
      plan,
      intake: 'failed',
      intakeAttempts: 0,
      steps: [],
      life: 'running',
    };
    this.orders.push(record);
    ctx.stats.intakesStarted += 1;
    ctx.stats.inFlight += 1;
    try {
      const resident = { name: rng.pick(surnames) + rng.pick(givenNames), phone: `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}` };
      const title = rng.pick(titles[kind]);
      const description = `${place.villageName}${place.gridName}：${title}，请尽快处理。（压测 ${ctx.runId} #${seq}）`;
      const opened = await this.intake(record, rng, { channel, kind, category, urgency, title, description, resident, place, openedBy, open311Service });
      if (!opened) {
        record.life = 'abandoned';
        return;
      }
      const order = record as OrderRecord & { id: string; trackingCode: string };
      await new Lifecycle(ctx, order, place, rng.fork(seq)).run(plan);
    } catch (error) {
      if (!(error instanceof Stopped)) throw error;
      record.life = 'interrupted';
      if (!record.id) record.intake = 'stopped';
    } finally {
      ctx.stats.inFlight -= 1;
      ctx.stats.lifecyclesDone += 1;
    }
  }

  private async intake(
    record: OrderRecord,
    rng: Rng,
    o: {
      channel: Channel;
      kind: OrderKind;
      category: string;
      urgency: string;
      title: string;
      description: string;
      resident: { name: string; phone: string };
      place: PlaceOfOrder;
      openedBy: string;
      open311Service: Open311Service | undefined;
    },
  ): Promise<boolean> {
    const { ctx } = this;
    let answer;
    if (o.channel === 'open311') {
      const form = new URLSearchParams({
        api_key: this.open311Keys[record.seq % this.open311Keys.length]!,
        service_code: o.open311Service!.code,
        address_id: o.place.gridId,
        description: `${o.title}\n${o.description}`,
        last_name: o.resident.name.slice(0, 1),
        first_name: o.resident.name.slice(1),
        phone: o.resident.phone,
        ...(o.kind === 'wish' ? {} : { 'attribute[urgency]': o.urgency }),
      });
      answer = await ctx.http.request({ label: 'intake:open311', method: 'POST', url: `${ctx.urls.residents}/open311/v2/requests.json`, form, idempotencyKey: record.intakeKey, retryStatuses: [409] });
    } else {
      const json = {
        kind: o.kind,
        category: o.category,
        urgency: o.urgency,
        channel: o.channel,
        title: o.title,
        description: o.description,
        resident: o.resident,
        location: { gridId: o.place.gridId },
      };
      const headers: Record<string, string> = {};
      if (o.channel === 'web' && this.options.forwardedFor) headers['x-forwarded-for'] = `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
      answer = await ctx.http.request({
        label: `intake:${o.channel}`,
        method: 'POST',
        url: `${ctx.urls.residents}/api/v1/orders`,
        json,
        headers,
        idempotencyKey: record.intakeKey,
        retryStatuses: [409],
        ...(o.openedBy !== 'anonymous' ? { auth: ctx.tokens.of(o.openedBy) } : {}),
      });
    }
    record.intakeAttempts = answer.attempts;
    if (answer.kind !== 'ok') {
      record.intake = answer.kind;
      record.note = answer.kind === 'refused' ? `intake refused: ${answer.status} ${answer.code} ${answer.detail}`.slice(0, 300) : `intake failed: ${answer.error}`;
      ctx.stats.intakeFailed += 1;
      if (answer.kind === 'refused') {
        ctx.stats.refused += 1;
        ctx.stats.count(ctx.stats.refusedByCode, `intake:${answer.code}`);
      }
      return false;
    }
    const { id, trackingCode } = o.channel === 'open311' ? open311Receipt(answer.body) : (answer.body as { id?: string; trackingCode?: string });
    if (!id || !trackingCode) {
      record.intake = 'failed';
      record.note = `intake answered without an order id or tracking code: ${JSON.stringify(answer.body).slice(0, 200)}`;
      ctx.stats.intakeFailed += 1;
      ctx.stats.error('intake-bad-answer');
      return false;
    }
    record.id = id;
    record.trackingCode = trackingCode;
    record.intake = answer.status === 200 ? 'replayed' : 'opened';
    record.openedAt = new Date().toISOString();
    record.lastStatus = 'received';
    if (answer.status === 200) ctx.stats.intakeReplays += 1;
    ctx.stats.opened += 1;
    ctx.stats.count(ctx.stats.openedByChannel, o.channel);
    return true;
  }
}

function open311Receipt(body: unknown): { id?: string; trackingCode?: string } {
  const first = (Array.isArray(body) ? body[0] : undefined) as { service_request_id?: string; service_notice?: string } | undefined;
  const code = /查询码\s*([0-9A-Za-z]{4}-[0-9A-Za-z]{4})/.exec(first?.service_notice ?? '')?.[1];
  return { ...(first?.service_request_id ? { id: first.service_request_id } : {}), ...(code ? { trackingCode: code } : {}) };
}

function describe(answer: { kind: string; status?: number; code?: string; error?: string }): string {
  return answer.kind === 'failed' ? `failed (${answer.error})` : `${answer.kind} HTTP ${answer.status} ${answer.code ?? ''}`;
}
