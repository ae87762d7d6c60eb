import type { Actor, ClockName, HandlerTarget, OrderCommand, OrderCommandOf, OrderEventType, OrderStatus, OrderView } from '@lianxin/contracts/order';
// Values from the modules that hold them, not the package index: the workflow sandbox evaluates
// what it imports once per order, so it imports no schema it does not use.
import { systemActor } from '@lianxin/contracts/actor';
import { finalOrderStatuses, orderStatusLabels } from '@lianxin/contracts/order/status';
import { claimantHandler, fallbackStage, nextClaimOffer, openToAllMembers } from './claim-chain';
import { extendClock, pauseClock, resumeClock, shownDueAt, startClock, type Clock } from './clocks';
import { clockLevel, highestLevel, nextLadderStep, nextStepAt } from './escalation';
import { firstReleaseRules, rulesOf, type LegacyOrderCaseSnapshot, type OpenOrder, type OrderCaseSnapshot, type OrderRules, type RecordedEvent } from './order-state';
import { actsFor, refusalOf } from './permissions';
import { holdLimitsOf, limitsFor, type OrderLimits, type OrderPolicy } from './policy';
import { OrderRefused, type Refusal } from './refusals';

export { OrderRefused, type Refusal } from './refusals';
export type { ClaimChain, ClaimOffer } from './claim-chain';
export {
  firstReleaseRules,
  type LegacyOrderCaseSnapshot,
  type OpenOrder,
  type OrderCaseSnapshot,
  type OrderRules,
  type PendingEvent,
  type RecordedEvent,
} from './order-state';

const handlingClocks: readonly ClockName[] = ['sign', 'contact', 'claim'];

const iso = (ms: number): string => new Date(ms).toISOString();
/** structuredClone is not available inside Temporal's workflow sandbox; the state is plain JSON. */
const cloneJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function detailsOf(command: OrderCommand): Record<string, unknown> {
  const { type: _type, ...rest } = command;
  return cloneJson(rest);
}

/**
 * One order as a pure state machine (STYLE §2): commands and the passing of time in, exactly one
 * event per state change out. No Temporal, no I/O, no clock of its own: `now` (epoch ms) is given.
 */
export class OrderCase {
  private readonly limits: OrderLimits;

  private constructor(private readonly state: OrderCaseSnapshot) {
    this.limits = limitsFor(state.policy, state.intake);
  }

  /** A new order, `received`; records 'order.received'. */
  static open(input: OpenOrder, policy: OrderPolicy, now: number, rules: OrderRules = firstReleaseRules): OrderCase {
    const orderCase = new OrderCase(
      cloneJson<OrderCaseSnapshot>({
        id: input.id,
        rules,
        intake: input.intake,
        openedBy: input.openedBy,
        policy,
        claimChain: input.claimChain,
        ...(input.scope && input.scope.length > 0 ? { scope: input.scope } : {}),
        status: 'received',
        coHandlers: [],
        clocks: [],
        reopenCount: 0,
        createdAt: now,
        updatedAt: now,
        sequence: 0,
        drainedThrough: 0,
        pending: [],
        diaryEntries: 0,
      }),
    );
    const { acceptWithinMs } = orderCase.limits;
    if (acceptWithinMs !== undefined) orderCase.setClock(startClock('accept', now, acceptWithinMs));
    const { channel, kind, category, urgency } = input.intake;
    orderCase.record('order.received', input.openedBy, now, { channel, kind, category, urgency });
    return orderCase;
  }

  /** The order from a snapshot; one carried before the timeline left the state is taken too. */
  static fromSnapshot(snapshot: OrderCaseSnapshot | LegacyOrderCaseSnapshot): OrderCase {
    if (!('timeline' in snapshot)) return new OrderCase(cloneJson(snapshot));
    const { timeline, ...rest } = cloneJson(snapshot);
    return new OrderCase({
      ...rest,
      pending: timeline
        .filter((entry) => entry.sequence > rest.drainedThrough)
        .map((entry) => ({ sequence: entry.sequence, type: entry.type as OrderEventType, actor: entry.actor, at: Date.parse(entry.at), details: entry.details })),
      diaryEntries: timeline.filter((entry) => entry.type === 'order.diary_entry_added').length,
    });
  }

  snapshot(): OrderCaseSnapshot {
    return cloneJson(this.state);
  }

  get status(): OrderStatus {
    return this.state.status;
  }

  get finished(): boolean {
    return finalOrderStatuses.includes(this.state.status);
  }

  // ── commands ────────────────────────────────────────────────────────────────────────────────

  /** Whether `actor` may give `command` at `now`; undefined means yes. Changes nothing. */
  can(command: OrderCommand, actor: Actor, now: number): Refusal | undefined {
    return refusalOf(this.state, command, actor, now, this.finished);
  }

  /**
   * Applies the command, recording exactly one event per state change (one, or two for an accept that
   * also opens the order for claiming); throws OrderRefused (changing nothing) if refused.
   */
  apply(command: OrderCommand, actor: Actor, now: number): void {
    const refusal = this.can(command, actor, now);
    if (refusal) throw new OrderRefused(refusal);
    this.transition(command, actor, now);
  }

  private transition(command: OrderCommand, actor: Actor, now: number): void {
    const s = this.state;
    const details = detailsOf(command);
    switch (command.type) {
      case 'accept':
        return this.accept(actor, now, details);
      case 'reject':
        this.stopAllClocks();
        return this.moveTo('rejected', 'order.rejected', actor, now, details);
      case 'merge':
        this.stopAllClocks();
        s.mergedInto = command.intoOrderId;
        return this.moveTo('merged', 'order.merged', actor, now, details);
      case 'dispatch':
        s.coHandlers = cloneJson(command.coHandlers);
        this.handTo(command.target, now);
        return this.moveTo('dispatched', 'order.dispatched', actor, now, details);
      case 'openForClaim':
        return this.openForClaim(actor, now, details);
      case 'claim': {
        const offer = s.claim!;
        const offered = offer.openToAll ? undefined : offer.offeredTo.find((target) => actsFor(target, actor));
        s.handler = claimantHandler(offered, actor);
        s.claim = undefined;
        this.stopClocks('claim');
        this.setClock(startClock('contact', now, this.limits.contactWithinMs));
        return this.moveTo('signed', 'order.claimed', actor, now, { stage: offer.stage, handler: cloneJson(s.handler) });
      }
      case 'sign':
        s.handler = { ...s.handler!, signedBy: actor };
        this.stopClocks('sign');
        this.setClock(startClock('contact', now, this.limits.contactWithinMs));
        return this.moveTo('signed', 'order.signed', actor, now, details);
      case 'return':
        s.handler = undefined;
        s.coHandlers = [];
        this.stopClocks('sign', 'contact');
        this.dropExtension();
        return this.moveTo('returned', 'order.returned', actor, now, details);
      case 'contact':
        this.stopClocks('contact');
        return this.moveTo('in_progress', 'order.contacted', actor, now, details);
      case 'addDiaryEntry':
        return this.record('order.diary_entry_added', actor, now, details);
      case 'resolve':
        this.stopAllClocks();
        this.dropExtension();
        this.setClock(startClock('checkBack', now, this.limits.checkBackWindowMs));
        return this.moveTo('resolved', 'order.resolved', actor, now, details);
      case 'explain': {
        const committed = Date.parse(command.committedDeadline);
        this.stopClocks('resolve');
        this.dropExtension();
        s.committedDeadline = committed;
        this.setClock(startClock('followUp', now, committed - now));
        return this.moveTo('explained', 'order.explained', actor, now, { ...details, committedDeadline: iso(committed) });
      }
      case 'requestExtension': {
        const until = Date.parse(command.until);
        s.pendingExtension = { until, reason: command.reason, requestedBy: cloneJson(actor) };
        this.setClock(startClock('extensionDecision', now, this.limits.extensionDecisionWithinMs));
        return this.record('order.extension_requested', actor, now, { ...details, until: iso(until) });
      }
      case 'decideExtension':
        return this.decideExtension(command, actor, now);
      case 'pause': {
        s.statusBeforePause = s.status;
        s.pausedAt = now;
        s.clocks = s.clocks.map((c) => pauseClock(c, now));
        if (!rulesOf(s).holdLimits) return this.moveTo('paused', 'order.paused', actor, now, details);
        // Since `hold-limits` a pause ends by itself: at `until`, or after the policy's limit.
        const until = command.until ? Date.parse(command.until) : now + holdLimitsOf(this.limits).maxPauseMs;
        this.setClock(startClock('pauseLimit', now, until - now));
        return this.moveTo('paused', 'order.paused', actor, now, { ...details, until: iso(until) });
      }
      case 'resume':
        return this.resume(actor, now, details);
      case 'reassign': {
        const from = s.handler ? { from: cloneJson(s.handler) } : {};
        this.handTo(command.target, now);
        return this.moveTo('dispatched', 'order.reassigned', actor, now, { ...details, ...from });
      }
      case 'remind':
        return this.record('order.reminded', actor, now, { ...details, automatic: false });
      case 'cancel':
        this.stopAllClocks();
        this.dropExtension();
        return this.moveTo('cancelled', 'order.cancelled', actor, now, details);
      case 'checkBack':
        return this.checkBack(command, actor, now);
      case 'supervisorDecide':
        if (command.decision === 'close') {
          this.stopAllClocks();
          return this.moveTo('closed', 'order.closed', actor, now, details);
        }
        this.handTo(command.target!, now);
        return this.moveTo('dispatched', 'order.reassigned', actor, now, details);
      default:
        return assertNever(command);
    }
  }

  /**
   * 受理. Under `claim-mode-on-acceptance`, an order whose limits say `mode: 'claim'` then opens for
   * claiming by itself: two state changes, so two events (accepted, then opened_for_claim by the system).
   */
  private accept(actor: Actor, now: number, details: Record<string, unknown>): void {
    const rules = rulesOf(this.state);
    this.stopClocks('accept');
    if (rules.resolveClockFrom === 'acceptance') this.setClock(startClock('resolve', now, this.limits.resolveWithinMs));
    this.moveTo('accepted', 'order.accepted', actor, now, details);
    if (rules.claimModeOnAcceptance && this.limits.mode === 'claim') this.openForClaim(systemActor, now, { reason: 'claim_mode' });
  }

  /** 待认领, stage 0: open to every member, with a fresh claim window; the resolve clock starts if none runs. */
  private openForClaim(actor: Actor, now: number, details: Record<string, unknown>): void {
    const s = this.state;
    s.handler = undefined;
    s.coHandlers = [];
    s.claim = cloneJson(openToAllMembers);
    this.stopClocks('sign', 'contact');
    this.setClock(startClock('claim', now, this.limits.claimWindowMs));
    this.ensureResolveClock(now);
    this.moveTo('open_for_claim', 'order.opened_for_claim', actor, now, { ...details, stage: 0 });
  }

  private decideExtension(command: OrderCommandOf<'decideExtension'>, actor: Actor, now: number): void {
    const request = this.state.pendingExtension!;
    this.dropExtension();
    const details = { ...detailsOf(command), until: iso(request.until) };
    if (!command.approve) return this.record('order.extension_denied', actor, now, details);
    const resolveClock = this.clock('resolve');
    this.setClock(resolveClock ? extendClock(resolveClock, now, request.until) : startClock('resolve', now, request.until - now));
    this.record('order.extension_approved', actor, now, details);
  }

  private checkBack(command: OrderCommandOf<'checkBack'>, actor: Actor, now: number): void {
    const s = this.state;
    const details = detailsOf(command);
    s.rating = command.rating;
    this.stopAllClocks();
    if (command.rating !== 'unsatisfied') return this.moveTo('closed', 'order.checked_back', actor, now, details);
    if (s.reopenCount >= this.limits.maxReopens) {
      return this.moveTo('awaiting_supervisor', 'order.awaiting_supervisor', actor, now, { ...details, reopenCount: s.reopenCount });
    }
    s.reopenCount += 1;
    this.setClock(startClock('resolve', now, this.limits.resolveWithinMs));
    this.moveTo('in_progress', 'order.reopened', actor, now, { ...details, reopenCount: s.reopenCount });
  }

  /**
   * Hands the order to a (new) handler: a fresh sign clock; the resolve clock keeps running from
   * the first dispatch (started only if none runs). A paused order resumes first.
   */
  private handTo(target: HandlerTarget, now: number): void {
    const s = this.state;
    if (s.status === 'paused') this.resumeAllClocks(now);
    s.handler = cloneJson(target);
    s.coHandlers = s.coHandlers.filter((c) => c.id !== target.id);
    s.claim = undefined;
    this.stopClocks(...handlingClocks);
    this.dropExtension();
    this.setClock(startClock('sign', now, this.limits.signWithinMs));
    this.ensureResolveClock(now);
  }

  private ensureResolveClock(now: number): void {
    if (!this.clock('resolve')) this.setClock(startClock('resolve', now, this.limits.resolveWithinMs));
  }

  private dropExtension(): void {
    this.state.pendingExtension = undefined;
    this.stopClocks('extensionDecision');
  }

  // ── time ────────────────────────────────────────────────────────────────────────────────────

  /** The earliest instant at which a timer step is due; undefined when none (finished, paused). */
  nextWakeUpAt(): number | undefined {
    return this.finished ? undefined : this.earliestStep()?.at;
  }

  /** Fires, in time order, every step due at or before `now` (a step at exactly `now` included). */
  tick(now: number): void {
    for (let fired = 0; !this.finished; fired += 1) {
      if (fired > 1_000) throw new Error(`order ${this.state.id}: more than 1000 timer steps in one tick`);
      const step = this.earliestStep();
      if (!step || step.at > now) return;
      this.fire(step.clock, step.at);
    }
  }

  /** The earliest pending step; ties go to the clock started first (deterministic). */
  private earliestStep(): { clock: Clock; at: number } | undefined {
    let earliest: { clock: Clock; at: number } | undefined;
    for (const clock of this.state.clocks) {
      const at = nextStepAt(clock, this.state.policy.escalation);
      if (at !== undefined && (!earliest || at < earliest.at)) earliest = { clock, at };
    }
    return earliest;
  }

  private fire(clock: Clock, at: number): void {
    const s = this.state;
    const ladderStep = nextLadderStep(clock);
    clock.fired += 1;
    if (ladderStep) {
      const details = { clock: clock.name, dueAt: iso(clock.dueAt), scheduledAt: iso(at), level: ladderStep.level };
      if (ladderStep.event === 'order.reminded') return this.record('order.reminded', systemActor, at, { ...details, automatic: true });
      if (ladderStep.event !== 'order.escalated') return this.record(ladderStep.event, systemActor, at, details);
      const escalated = { ...details, level: 'next_organisation' };
      const fallback = s.claimChain.fallbackOrganisation;
      if (!this.reassignsOnEscalate(clock.name)) return this.record('order.escalated', systemActor, at, escalated);
      this.handTo(fallback, at);
      return this.moveTo('dispatched', 'order.escalated', systemActor, at, { ...escalated, reassignedTo: cloneJson(fallback) });
    }
    switch (clock.name) {
      case 'claim':
        return this.fallBack(at);
      case 'checkBack':
        this.stopAllClocks();
        return this.moveTo('closed', 'order.closed', systemActor, at, { reason: 'check_back_window_passed' });
      case 'followUp':
        this.stopClocks('followUp');
        this.setClock(startClock('resolve', at, this.limits.followUpResolveWithinMs));
        return this.moveTo('in_progress', 'order.follow_up_due', systemActor, at, { committedDeadline: iso(clock.dueAt) });
      case 'pauseLimit':
        // The pause ran out: the order resumes by itself (unless it left `paused` another way).
        this.stopClocks('pauseLimit');
        if (s.status !== 'paused') return;
        return this.resume(systemActor, at, { automatic: true, reason: 'pause_limit' });
      case 'extensionDecision': {
        const until = s.pendingExtension ? { until: iso(s.pendingExtension.until) } : {};
        this.dropExtension();
        return this.record('order.extension_denied', systemActor, at, { reason: 'expired', ...until });
      }
      default:
        return;
    }
  }

  private reassignsOnEscalate(clock: ClockName): boolean {
    const s = this.state;
    return s.policy.escalation.reassignOnEscalate && clock !== 'accept' && s.handler?.id !== s.claimChain.fallbackOrganisation.id;
  }

  /** The claim window ended unclaimed: grid member → social organisations → fallback organisation. */
  private fallBack(at: number): void {
    const s = this.state;
    const next = nextClaimOffer(s.claimChain, s.claim ?? openToAllMembers);
    this.stopClocks('claim');
    if (next) {
      s.claim = cloneJson(next);
      this.setClock(startClock('claim', at, this.limits.claimWindowMs));
      return this.record('order.claim_fell_back', systemActor, at, { stage: next.stage, offeredTo: cloneJson(next.offeredTo) });
    }
    const fallback = s.claimChain.fallbackOrganisation;
    this.handTo(fallback, at);
    this.moveTo('dispatched', 'order.claim_fell_back', systemActor, at, { stage: fallbackStage, offeredTo: [cloneJson(fallback)] });
  }

  // ── state helpers ───────────────────────────────────────────────────────────────────────────

  private clock(name: ClockName): Clock | undefined {
    return this.state.clocks.find((c) => c.name === name);
  }

  /** Starts (or replaces) a clock; at most one clock per name runs. */
  private setClock(clock: Clock): void {
    this.state.clocks = [...this.state.clocks.filter((c) => c.name !== clock.name), clock];
  }

  private stopClocks(...names: ClockName[]): void {
    this.state.clocks = this.state.clocks.filter((c) => !names.includes(c.name));
  }

  private stopAllClocks(): void {
    this.state.clocks = [];
  }

  /** 恢复办理: every clock runs again, moved by the time spent paused. */
  private resume(actor: Actor, now: number, details: Record<string, unknown>): void {
    const s = this.state;
    const pausedMs = now - (s.pausedAt ?? now);
    const back = s.statusBeforePause ?? 'in_progress';
    this.stopClocks('pauseLimit');
    this.resumeAllClocks(now);
    // A pending extension asked for time on a clock that stood still: its date moves with it.
    if (s.pendingExtension) s.pendingExtension = { ...s.pendingExtension, until: s.pendingExtension.until + pausedMs };
    return this.moveTo(back, 'order.resumed', actor, now, { ...details, pausedMs });
  }

  private resumeAllClocks(now: number): void {
    const s = this.state;
    s.clocks = s.clocks.map((c) => resumeClock(c, now));
    s.statusBeforePause = undefined;
    s.pausedAt = undefined;
  }

  private moveTo(status: OrderStatus, type: OrderEventType, actor: Actor, at: number, details: Record<string, unknown>): void {
    this.state.status = status;
    this.record(type, actor, at, details);
  }

  private record(type: OrderEventType, actor: Actor, at: number, details: Record<string, unknown>): void {
    const s = this.state;
    s.sequence += 1;
    s.updatedAt = Math.max(s.updatedAt, at);
    s.pending.push(cloneJson({ sequence: s.sequence, type, actor, at, details }));
    if (type === 'order.diary_entry_added') s.diaryEntries += 1;
  }

  // ── reading ─────────────────────────────────────────────────────────────────────────────────

  /** The events recorded since the last drain, oldest first, with their sequence numbers. */
  drainEvents(): RecordedEvent[] {
    const s = this.state;
    const drained = s.pending;
    s.pending = [];
    s.drainedThrough = s.sequence;
    return drained;
  }

  view(now: number): OrderView {
    const s = this.state;
    const extension = s.pendingExtension;
    return cloneJson<OrderView>({
      id: s.id,
      kind: s.intake.kind,
      category: s.intake.category,
      urgency: s.intake.urgency,
      title: s.intake.title,
      description: s.intake.description,
      channel: s.intake.channel,
      resident: s.intake.resident,
      location: s.intake.location,
      ...(s.scope ? { scope: s.scope } : {}),
      attachments: s.intake.attachments,
      openedBy: s.openedBy,
      status: s.status,
      statusLabel: orderStatusLabels[s.status],
      ...(s.handler ? { handler: s.handler } : {}),
      coHandlers: s.coHandlers,
      ...(s.claim ? { claim: s.claim } : {}),
      clocks: s.clocks.map((c) => ({
        name: c.name,
        dueAt: iso(shownDueAt(c, now)),
        ...(c.pausedRemainingMs === undefined ? {} : { remainingMsWhilePaused: Math.max(0, c.pausedRemainingMs) }),
        level: clockLevel(c),
      })),
      escalationLevel: highestLevel(s.clocks.map(clockLevel)),
      ...(extension ? { pendingExtension: { until: iso(extension.until), reason: extension.reason, requestedBy: extension.requestedBy } } : {}),
      ...(s.committedDeadline !== undefined ? { committedDeadline: iso(s.committedDeadline) } : {}),
      reopenCount: s.reopenCount,
      ...(s.rating ? { rating: s.rating } : {}),
      ...(s.mergedInto ? { mergedInto: s.mergedInto } : {}),
      createdAt: iso(s.createdAt),
      updatedAt: iso(s.updatedAt),
      sequence: s.sequence,
    });
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled command ${JSON.stringify(value)}`);
}
