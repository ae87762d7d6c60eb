import type { HandlerTarget } from '@lianxin/contracts';
import { sleep, Stopped, type Answer, type HttpClient } from './http';
import type { Progress } from './progress';
import type { OrderRecord, StepRecord } from './record';
import type { PlaceOfOrder } from './register';
import type { Rng } from './rng';
import type { Stats } from './stats';
import type { Tokens } from './tokens';

export interface Urls {
  residents: string;
  cadres: string;
  notifications: string;
  identity: string;
}

/** What a lifecycle needs of the run. */
export interface LoadContext {
  http: HttpClient;
  tokens: Tokens;
  urls: Urls;
  stats: Stats;
  progress: Progress;
  stop: AbortSignal;
  runId: string;
  /** Think time between a person's steps, in ms: [min, max). */
  thinkMs: readonly [number, number];
  /** Share of commands sent twice at once under the same key. */
  duplicateShare: number;
  /** Resident tracking reads left in the current minute (the public limit is per address). */
  takeTrackingRead(): boolean;
}

/** Who acts: a signed-in account, or the resident with the tracking code. */
type Actor = { username: string } | { resident: true };

/** What happens to an order after intake. */
export type Plan =
  | 'resolve' // accept → dispatch → sign → contact → diary → resolve → check-back (satisfied/partly)
  | 'reopen' // … check-back unsatisfied → diary → resolve → check-back satisfied
  | 'return' // accept → dispatch → 退单 → dispatch to another → sign → … → check-back
  | 'social' // accept → dispatch to a social organisation → it signs → … → check-back
  | 'liaison' // the township dispatcher accepts and dispatches to the grid's 包村干部 → … → check-back
  | 'reject' // 不予受理
  | 'cancel' // the resident cancels (before acceptance, after dispatch or after signing)
  | 'unsigned' // accepted and dispatched, never signed: left to escalate
  | 'unaccepted' // never accepted: left to escalate
  | 'claim' // wish: accept (opens for claiming) → a member claims → contact → diary → resolve → check-back
  | 'claim-race' // wish: two members claim at once, one wins
  | 'unclaimed'; // wish: accepted, nobody claims

export const dispatchPlans: Readonly<Record<Exclude<Plan, 'claim' | 'claim-race' | 'unclaimed'>, number>> = {
  resolve: 48,
  reopen: 10,
  return: 5,
  social: 6,
  liaison: 5,
  reject: 8,
  cancel: 8,
  unsigned: 6,
  unaccepted: 4,
};

export const wishPlans: Readonly<Record<'claim' | 'claim-race' | 'reopen' | 'cancel' | 'reject' | 'unclaimed', number>> = {
  claim: 58,
  'claim-race': 15,
  reopen: 8,
  cancel: 8,
  reject: 5,
  unclaimed: 6,
};

/** An order's life after intake, one person's step at a time. */
export class Lifecycle {
  private stepNo = 0;

  constructor(
    private readonly ctx: LoadContext,
    private readonly order: OrderRecord & { id: string; trackingCode: string },
    private readonly place: PlaceOfOrder,
    private readonly rng: Rng,
  ) {}

  async run(plan: Plan): Promise<void> {
    const { order } = this;
    try {
      const completed = await this.follow(plan);
      order.life = completed ? 'done' : 'abandoned';
    } catch (error) {
      if (!(error instanceof Stopped)) throw error;
      order.life = 'interrupted';
    }
  }

  private async follow(plan: Plan): Promise<boolean> {
    const p = this.place;
    const dispatcher = { username: p.villageDispatcher };
    const member = this.rng.pick(p.villageMembers);
    switch (plan) {
      case 'unaccepted':
        await this.maybeTrack();
        return true;
      case 'reject':
        return this.step('cadres', dispatcher, { type: 'reject', reason: this.rng.pick(rejectReasons) });
      case 'cancel': {
        const when = this.rng.pick(['received', 'dispatched', 'signed'] as const);
        if (when !== 'received' && this.order.kind === 'wish') {
          if (!(await this.accept(dispatcher))) return false;
          if (!(await this.claim([member]))) return false;
        } else if (when !== 'received') {
          if (!(await this.accept(dispatcher))) return false;
          if (!(await this.dispatch(dispatcher, member))) return false;
          if (when === 'signed' && !(await this.step('cadres', handlerOf(member), { type: 'sign' }))) return false;
        }
        return this.step('residents', { resident: true }, { type: 'cancel', reason: this.rng.pick(cancelReasons) });
      }
      case 'unsigned':
        if (!(await this.accept(dispatcher))) return false;
        return this.dispatch(dispatcher, member);
      case 'unclaimed':
        return this.accept(dispatcher);
      case 'claim':
      case 'claim-race': {
        if (!(await this.accept(dispatcher))) return false;
        const winner = plan === 'claim' ? await this.claim([member]) : await this.claim(this.claimants(member));
        if (!winner) return false;
        return this.work(winner, false);
      }
      case 'resolve':
      case 'reopen': {
        if (!(await this.accept(dispatcher))) return false;
        if (this.order.kind === 'wish') {
          const winner = await this.claim([member]);
          return winner !== undefined && this.work(winner, plan === 'reopen');
        }
        if (!(await this.dispatch(dispatcher, member))) return false;
        if (!(await this.step('cadres', handlerOf(member), { type: 'sign' }))) return false;
        return this.work(member, plan === 'reopen');
      }
      case 'return': {
        if (!(await this.accept(dispatcher))) return false;
        if (!(await this.dispatch(dispatcher, member))) return false;
        if (!(await this.step('cadres', handlerOf(member), { type: 'return', reason: '该事项超出本人专长，请改派' }))) return false;
        const other = this.rng.pick(p.villageMembers.filter((m) => m.id !== member.id).concat(p.villageMembers.length > 1 ? [] : [member]));
        if (!(await this.dispatch(dispatcher, other))) return false;
        if (!(await this.step('cadres', handlerOf(other), { type: 'sign' }))) return false;
        return this.work(other, false);
      }
      case 'social': {
        const org = p.socialOrgs.length > 0 ? this.rng.pick(p.socialOrgs) : member;
        if (!(await this.accept(dispatcher))) return false;
        if (!(await this.dispatch(dispatcher, org))) return false;
        if (!(await this.step('cadres', handlerOf(org), { type: 'sign' }))) return false;
        return this.work(org, false);
      }
      case 'liaison': {
        const township = { username: p.townshipDispatcher };
        const target = p.liaison ?? member;
        if (!(await this.accept(township))) return false;
        if (!(await this.dispatch(township, target))) return false;
        if (!(await this.step('cadres', handlerOf(target), { type: 'sign' }))) return false;
        return this.work(target, false);
      }
    }
  }

  private claimants(first: HandlerTarget): HandlerTarget[] {
    const others = this.place.villageMembers.filter((m) => m.id !== first.id);
    return [first, others.length > 0 ? this.rng.pick(others) : (this.place.liaison ?? first)];
  }

  /** 受理: early on, the workflow may not have its routing yet (a refusal then is retried a few times). */
  private accept(by: Actor): Promise<boolean> {
    return this.step('cadres', by, { type: 'accept', note: '已受理' }, [403, 409]);
  }

  private dispatch(by: Actor, target: HandlerTarget): Promise<boolean> {
    return this.step('cadres', by, { type: 'dispatch', target, note: '请尽快联系群众办理' });
  }

  /** Claims by each candidate at once; the first that succeeds handles it. More than one success is an error. */
  private async claim(candidates: HandlerTarget[]): Promise<HandlerTarget | undefined> {
    await this.think();
    const outcomes = await Promise.all(candidates.map(async (c) => ((await this.send('cadres', handlerOf(c), { type: 'claim' })) ? c : undefined)));
    const winners = outcomes.filter((c): c is HandlerTarget => c !== undefined);
    if (winners.length > 1) this.ctx.stats.error('double-claim');
    if (winners.length === 0) this.order.note = 'no claim went through';
    return winners[0];
  }

  /** 联系 → 民情日记 → 办结 → 回访, by `handler`; with `reopen` the first check-back is unsatisfied and it goes round again. */
  private async work(handler: HandlerTarget, reopen: boolean): Promise<boolean> {
    const by = handlerOf(handler);
    if (this.rng.chance(0.15)) await this.reveal(by);
    if (!(await this.step('cadres', by, { type: 'contact', method: this.rng.pick(['phone', 'visit', 'message'] as const), note: '已与群众取得联系' }))) return false;
    await this.maybeTrack();
    for (let i = this.rng.int(1, 2); i > 0; i -= 1) {
      if (!(await this.step('cadres', by, { type: 'addDiaryEntry', text: this.rng.pick(diaryLines), photos: [] }))) return false;
    }
    if (!(await this.step('cadres', by, { type: 'resolve', summary: '已按群众诉求办结', evidence: ['photo://load/resolved.jpg'] }))) return false;
    if (reopen) {
      if (!(await this.checkBack('unsatisfied'))) return false;
      if (!(await this.step('cadres', by, { type: 'addDiaryEntry', text: '群众不满意，重新上门核实处理', photos: [] }))) return false;
      if (!(await this.step('cadres', by, { type: 'resolve', summary: '重新办理完毕，群众认可', evidence: [] }))) return false;
    }
    await this.maybeTrack();
    return this.checkBack(this.rng.chance(0.8) ? 'satisfied' : 'partly');
  }

  /** 回访: mostly the resident with the tracking code, sometimes the call centre on their behalf. */
  private checkBack(rating: 'satisfied' | 'partly' | 'unsatisfied'): Promise<boolean> {
    const by: Actor = this.rng.chance(0.8) ? { resident: true } : { username: 'agent-hotline-2' };
    return this.step('residents', by, { type: 'checkBack', rating, comment: rating === 'unsatisfied' ? '问题没有解决' : '谢谢' });
  }

  /** 查看完整号码 by the handler (audited); a refusal is counted, nothing more. */
  private async reveal(by: Actor): Promise<void> {
    await this.request('contact-reveal', 'residents', by, { method: 'POST', path: `/api/v1/orders/${this.order.id}/contact-reveal` }, false);
  }

  /** The resident looks the order up with the tracking code, when the public per-address budget allows. */
  private async maybeTrack(): Promise<void> {
    if (!this.rng.chance(0.3) || !this.ctx.takeTrackingRead()) return;
    await this.request('track', 'residents', { resident: true }, { method: 'GET', path: `/api/v1/orders/${this.order.id}` }, false, [404]);
  }

  private think(): Promise<void> {
    const [min, max] = this.ctx.thinkMs;
    return sleep(this.rng.between(min, max), this.ctx.stop);
  }

  /** Thinks, then sends the command; true when it went through. */
  private async step(service: 'cadres' | 'residents', by: Actor, body: { type: string } & Record<string, unknown>, retryStatuses?: readonly number[]): Promise<boolean> {
    await this.think();
    return this.send(service, by, body, retryStatuses);
  }

  private async send(service: 'cadres' | 'residents', by: Actor, body: { type: string } & Record<string, unknown>, retryStatuses?: readonly number[]): Promise<boolean> {
    const key = `${this.ctx.runId}-${this.order.seq}-${(this.stepNo += 1)}-${body.type}`;
    return this.request(body.type, service, by, { method: 'POST', path: `/api/v1/orders/${this.order.id}/commands`, json: body, key }, true, retryStatuses);
  }

  private async request(
    type: string,
    service: 'cadres' | 'residents',
    by: Actor,
    req: { method: 'GET' | 'POST'; path: string; json?: unknown; key?: string },
    isCommand: boolean,
    retryStatuses?: readonly number[],
  ): Promise<boolean> {
    const { ctx, order } = this;
    const headers: Record<string, string> = 'resident' in by ? { 'x-tracking-code': order.trackingCode } : {};
    const spec = {
      label: `${isCommand ? 'cmd' : 'read'}:${type}`,
      method: req.method,
      url: `${ctx.urls[service]}${req.path}`,
      headers,
      ...(req.json !== undefined ? { json: req.json } : {}),
      ...(req.key ? { idempotencyKey: req.key } : {}),
      ...('username' in by ? { auth: ctx.tokens.of(by.username) } : {}),
      ...(retryStatuses ? { retryStatuses } : {}),
    };
    const duplicated = isCommand && this.rng.chance(ctx.duplicateShare);
    let answer: Answer;
    try {
      if (duplicated) {
        const [a, b] = await Promise.all([ctx.http.request(spec), ctx.http.request(spec)]);
        if (a.kind === 'ok' && b.kind === 'ok' && statusOf(a.body) !== statusOf(b.body)) ctx.stats.error('idempotency-mismatch');
        if ((a.kind === 'ok') !== (b.kind === 'ok')) ctx.stats.error('duplicate-disagrees');
        answer = a.kind === 'ok' ? a : b;
      } else {
        answer = await ctx.http.request(spec);
      }
    } catch (error) {
      if (error instanceof Stopped) throw error;
      // A token could not be had (the identity service down past the deadline): a failed step.
      ctx.stats.failed += 1;
      ctx.stats.error('token');
      answer = { kind: 'failed', error: (error as Error).message.slice(0, 200), attempts: 0 };
    }
    const step: StepRecord = {
      type,
      by: 'username' in by ? by.username : 'resident',
      service,
      ...(req.key ? { idempotencyKey: req.key } : {}),
      at: new Date().toISOString(),
      outcome: answer.kind,
      attempts: answer.attempts,
      ...(duplicated ? { duplicated } : {}),
    };
    if (answer.kind === 'ok') {
      step.httpStatus = answer.status;
      const status = statusOf(answer.body);
      if (status) {
        step.orderStatus = status;
        if (isCommand) order.lastStatus = status;
      }
      if (isCommand) {
        ctx.stats.commandsOk += 1;
        if (answer.attempts > 1) ctx.stats.commandsAfterRetry += 1;
      }
    } else if (answer.kind === 'refused') {
      step.httpStatus = answer.status;
      step.code = answer.code;
      ctx.stats.refused += 1;
      ctx.stats.count(ctx.stats.refusedByCode, `${type}:${answer.code}`);
    } else {
      step.code = answer.error;
    }
    order.steps.push(step);
    return answer.kind === 'ok';
  }
}

function handlerOf(target: HandlerTarget): Actor {
  return { username: target.id };
}

function statusOf(body: unknown): string | undefined {
  const status = (body as { status?: unknown } | undefined)?.status;
  return typeof status === 'string' ? status : undefined;
}

const rejectReasons = ['不属于受理范围，已告知群众向相关部门反映', '重复反映，已合并处理', '诉求内容不清，无法核实'];
const cancelReasons = ['问题已自行解决', '误报，撤回', '已通过其他渠道解决'];
const diaryLines = ['上门走访，了解具体情况', '联系相关部门协调处理', '约定明日上午到现场查看', '已协调村组干部共同处理', '电话回访群众，告知进展'];
