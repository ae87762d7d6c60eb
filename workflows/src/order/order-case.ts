import {
  finalOrderStatuses,
  orderEventLabels,
  orderStatusLabels,
  systemActor,
  type Actor,
  type ActorRole,
  type CheckBackRating,
  type ClockName,
  type EscalationLevel,
  type HandlerTarget,
  type IntakeOrder,
  type OrderCommand,
  type OrderCommandOf,
  type OrderCommandType,
  type OrderEventType,
  type OrderHandler,
  type OrderStatus,
  type OrderView,
  type TimelineEntry,
} from '@lianxin/contracts/order';
import { clockLevel, ladderSteps, nextStepAt, pauseClock, resumeClock, startClock, type Clock } from './clocks';
import { limitsFor, type OrderLimits, type OrderPolicy } from './policy';
import { badArguments, notAllowed, notYourOrder, OrderRefused, wrongState, type Refusal } from './refusals';

export { OrderRefused, type Refusal } from './refusals';

/** Where an unclaimed order goes next (认领 fallback chain), read from the register at intake. */
export interface ClaimChain {
  gridMember?: HandlerTarget;
  socialOrgs: HandlerTarget[];
  fallbackOrganisation: HandlerTarget;
}

export interface OpenOrder {
  id: string;
  intake: IntakeOrder;
  openedBy: Actor;
  claimChain: ClaimChain;
}

export interface PendingEvent {
  sequence: number;
  type: OrderEventType;
  actor: Actor;
  at: number;
  details: Record<string, unknown>;
}

/** Plain JSON: everything the order is, for queries and continue-as-new. */
export interface OrderCaseSnapshot {
  id: string;
  intake: IntakeOrder;
  openedBy: Actor;
  policy: OrderPolicy;
  limits: OrderLimits;
  claimChain: ClaimChain;
  status: OrderStatus;
  statusBeforePause?: OrderStatus;
  pausedAt?: number;
  handler?: OrderHandler;
  coHandlers: HandlerTarget[];
  claim?: { stage: number; offeredTo: HandlerTarget[]; openToAll: boolean };
  clocks: Clock[];
  pendingExtension?: { until: number; reason: string; requestedBy: Actor };
  committedDeadline?: number;
  reopenCount: number;
  rating?: CheckBackRating;
  mergedInto?: string;
  createdAt: number;
  updatedAt: number;
  sequence: number;
  timeline: TimelineEntry[];
  pending: PendingEvent[];
}

const dispatcherRoles: readonly ActorRole[] = ['dispatcher', 'supervisor'];
const intakeRoles: readonly ActorRole[] = ['agent', 'dispatcher', 'supervisor'];
const checkBackRoles: readonly ActorRole[] = ['resident', 'agent', 'dispatcher'];
const cancelRoles: readonly ActorRole[] = ['resident', 'agent'];
const cancellable: readonly OrderStatus[] = ['received', 'accepted', 'open_for_claim', 'dispatched', 'returned', 'signed', 'in_progress', 'paused', 'explained'];
const reassignable: readonly OrderStatus[] = ['dispatched', 'signed', 'in_progress', 'returned', 'paused', 'open_for_claim'];

const iso = (ms: number) => new Date(ms).toISOString();

function detailsOf(command: OrderCommand): Record<string, unknown> {
  const { type: _type, ...rest } = command;
  return rest;
}

/**
 * One order as a pure state machine (STYLE §2): commands and the passing of time in, exactly one
 * event per state change out. No Temporal, no I/O, no clock of its own: `now` is always given.
 */
export class OrderCase {
  private constructor(private state: OrderCaseSnapshot) {}

  static open(input: OpenOrder, policy: OrderPolicy, now: number): OrderCase {
    const limits = limitsFor(policy, input.intake);
    const orderCase = new OrderCase({
      id: input.id,
      intake: input.intake,
      openedBy: input.openedBy,
      policy,
      limits,
      claimChain: input.claimChain,
      status: 'received',
      coHandlers: [],
      clocks: [startClock('accept', now, limits.acceptWithinMs)],
      reopenCount: 0,
      createdAt: now,
      updatedAt: now,
      sequence: 0,
      timeline: [],
      pending: [],
    });
    orderCase.record('order.received', input.openedBy, now, { channel: input.intake.channel, kind: input.intake.kind });
    return orderCase;
  }

  static fromSnapshot(snapshot: OrderCaseSnapshot): OrderCase {
    return new OrderCase(structuredClone(snapshot));
  }

  snapshot(): OrderCaseSnapshot {
    return structuredClone(this.state);
  }

  get status(): OrderStatus {
    return this.state.status;
  }

  get finished(): boolean {
    return finalOrderStatuses.includes(this.state.status);
  }

  // ── commands ────────────────────────────────────────────────────────────────────────────────

  /** Whether `actor` may give `command` now; undefined means yes. Changes nothing. */
  can(command: OrderCommand, actor: Actor, now: number): Refusal | undefined {
    return this.check(command, actor, now);
  }

  /** Applies the command, recording exactly one event; throws OrderRefused (changing nothing) if refused. */
  apply(command: OrderCommand, actor: Actor, now: number): void {
    const refusal = this.check(command, actor, now);
    if (refusal) throw new OrderRefused(refusal);
    this.transition(command, actor, now);
  }

  private check(command: OrderCommand, actor: Actor, now: number): Refusal | undefined {
    const s = this.state;
    const type = command.type;
    const needStatus = (...statuses: OrderStatus[]) => (statuses.includes(s.status) ? undefined : wrongState(s.status, type));
    const needRole = (roles: readonly ActorRole[]) => (roles.includes(actor.role) ? undefined : notAllowed(type, actor.role));
    const needHandler = () => (this.isHandler(actor) ? undefined : notYourOrder);
    if (this.finished) return wrongState(s.status, type);
    switch (type) {
      case 'accept':
      case 'reject':
        return needRole(intakeRoles) ?? needStatus('received');
      case 'merge':
        return (
          needRole(intakeRoles) ??
          needStatus('received', 'accepted') ??
          (command.intoOrderId === s.id ? badArguments('不能合并到工单自身') : undefined)
        );
      case 'dispatch':
        return (
          needRole(dispatcherRoles) ??
          needStatus('accepted', 'returned') ??
          (command.coHandlers.some((c) => c.id === command.target.id) ? badArguments('协办人不能与主办人相同') : undefined)
        );
      case 'openForClaim':
        return needRole(dispatcherRoles) ?? needStatus('accepted', 'returned');
      case 'claim':
        return needStatus('open_for_claim') ?? this.checkClaimant(actor);
      case 'sign':
        return needStatus('dispatched') ?? needHandler();
      case 'return':
        return needStatus('dispatched', 'signed') ?? needHandler();
      case 'contact':
        return needStatus('signed') ?? needHandler();
      case 'addDiaryEntry':
        return needStatus('signed', 'in_progress', 'paused') ?? (this.isHandler(actor) || this.isCoHandler(actor) ? undefined : notYourOrder);
      case 'resolve':
        return needStatus('in_progress') ?? needHandler();
      case 'explain': {
        const committed = Date.parse(command.committedDeadline);
        return needStatus('in_progress') ?? needHandler() ?? (committed > now ? undefined : badArguments('整改时限必须晚于当前时间'));
      }
      case 'requestExtension': {
        const resolveClock = this.clock('resolve');
        const until = Date.parse(command.until);
        return (
          needStatus('signed', 'in_progress') ??
          needHandler() ??
          (s.pendingExtension ? badArguments('已有待审批的延期申请') : undefined) ??
          (resolveClock && now > resolveClock.dueAt
            ? { code: 'DeadlinePassed', message: '办理时限已过，不能再申请延期，请联系派单员改派或督办' }
            : undefined) ??
          (resolveClock && until <= resolveClock.dueAt ? badArguments('延期后的时限必须晚于当前办结时限') : undefined)
        );
      }
      case 'decideExtension':
        return needRole(dispatcherRoles) ?? (s.pendingExtension ? undefined : wrongState(s.status, type));
      case 'pause':
        return needStatus('signed', 'in_progress') ?? needHandler();
      case 'resume':
        return needStatus('paused') ?? (this.isHandler(actor) || dispatcherRoles.includes(actor.role) ? undefined : notYourOrder);
      case 'reassign':
        return (
          needRole(dispatcherRoles) ??
          needStatus(...reassignable) ??
          (s.handler?.id === command.target.id && s.status !== 'returned' ? badArguments('改派对象与当前经办人相同') : undefined)
        );
      case 'remind':
        return needRole(dispatcherRoles) ?? (s.status === 'received' ? wrongState(s.status, type) : undefined);
      case 'cancel':
        return needRole(cancelRoles) ?? needStatus(...cancellable);
      case 'checkBack':
        return needRole(checkBackRoles) ?? needStatus('resolved');
      case 'supervisorDecide':
        return (
          needRole(['supervisor']) ??
          needStatus('awaiting_supervisor') ??
          (command.decision === 'reassign' && !command.target ? badArguments('改派时必须指定经办对象') : undefined)
        );
      default:
        return assertNever(command);
    }
  }

  private checkClaimant(actor: Actor): Refusal | undefined {
    const claim = this.state.claim;
    if (!claim) return wrongState(this.state.status, 'claim');
    if (claim.openToAll) return actor.role === 'member' ? undefined : notAllowed('claim', actor.role);
    const offered = claim.offeredTo.some((t) => t.id === actor.id || (t.kind !== 'member' && t.id === actor.organisationId));
    return offered ? undefined : { code: 'NotAllowed', message: '该工单当前未向您开放认领' };
  }

  private transition(command: OrderCommand, actor: Actor, now: number): void {
    const s = this.state;
    const details = detailsOf(command);
    switch (command.type) {
      case 'accept':
        this.stopClocks('accept');
        this.moveTo('accepted', 'order.accepted', actor, now, details);
        return;
      case 'reject':
        this.stopClocks();
        this.moveTo('rejected', 'order.rejected', actor, now, details);
        return;
      case 'merge':
        this.stopClocks();
        s.mergedInto = command.intoOrderId;
        this.moveTo('merged', 'order.merged', actor, now, details);
        return;
      case 'dispatch':
        s.handler = { ...command.target };
        s.coHandlers = command.coHandlers;
        s.claim = undefined;
        this.startHandling(now);
        this.moveTo('dispatched', 'order.dispatched', actor, now, details);
        return;
      case 'openForClaim':
        s.handler = undefined;
        s.claim = { stage: 0, offeredTo: [], openToAll: true };
        this.stopClocks('sign', 'contact');
        this.setClock(startClock('claim', now, s.limits.claimWindowMs));
        if (!this.clock('resolve')) this.setClock(startClock('resolve', now, s.limits.resolveWithinMs));
        this.moveTo('open_for_claim', 'order.opened_for_claim', actor, now, details);
        return;
      case 'claim':
        s.handler = this.claimantTarget(actor);
        s.claim = undefined;
        this.stopClocks('claim');
        this.setClock(startClock('contact', now, s.limits.contactWithinMs));
        this.moveTo('signed', 'order.claimed', actor, now, { handler: s.handler });
        return;
      case 'sign':
        s.handler = { ...s.handler!, signedBy: actor };
        this.stopClocks('sign');
        this.setClock(startClock('contact', now, s.limits.contactWithinMs));
        this.moveTo('signed', 'order.signed', actor, now, details);
        return;
      case 'return':
        s.handler = undefined;
        s.coHandlers = [];
        this.stopClocks('sign', 'contact');
        this.moveTo('returned', 'order.returned', actor, now, details);
        return;
      case 'contact':
        this.stopClocks('contact');
        this.moveTo('in_progress', 'order.contacted', actor, now, details);
        return;
      case 'addDiaryEntry':
        this.record('order.diary_entry_added', actor, now, details);
        return;
      case 'resolve':
        this.stopClocks('resolve', 'extensionDecision', 'followUp');
        s.pendingExtension = undefined;
        this.setClock(startClock('checkBack', now, s.limits.checkBackWindowMs));
        this.moveTo('resolved', 'order.resolved', actor, now, details);
        return;
      case 'explain': {
        const committed = Date.parse(command.committedDeadline);
        this.stopClocks('resolve', 'extensionDecision');
        s.pendingExtension = undefined;
        s.committedDeadline = committed;
        this.setClock({ ...startClock('followUp', now, committed - now) });
        this.moveTo('explained', 'order.explained', actor, now, details);
        return;
      }
      case 'requestExtension':
        s.pendingExtension = { until: Date.parse(command.until), reason: command.reason, requestedBy: actor };
        this.setClock(startClock('extensionDecision', now, s.limits.extensionDecisionWithinMs));
        this.record('order.extension_requested', actor, now, details);
        return;
      case 'decideExtension':
        this.decideExtension(command, actor, now);
        return;
      case 'pause':
        s.statusBeforePause = s.status;
        s.pausedAt = now;
        s.clocks = s.clocks.map((c) => pauseClock(c, now));
        this.moveTo('paused', 'order.paused', actor, now, details);
        return;
      case 'resume': {
        const back = s.statusBeforePause ?? 'in_progress';
        this.resumeClocks(now);
        this.moveTo(back, 'order.resumed', actor, now, { ...details, pausedMs: now - (s.pausedAt ?? now) });
        s.statusBeforePause = undefined;
        s.pausedAt = undefined;
        return;
      }
      case 'reassign':
        this.reassignTo(command.target, actor, now, details);
        return;
      case 'remind':
        this.record('order.reminded', actor, now, { ...details, automatic: false });
        return;
      case 'cancel':
        this.stopClocks();
        this.moveTo('cancelled', 'order.cancelled', actor, now, details);
        return;
      case 'checkBack':
        this.checkBack(command, actor, now);
        return;
      case 'supervisorDecide':
        if (command.decision === 'close') {
          this.stopClocks();
          this.moveTo('closed', 'order.closed', actor, now, details);
        } else {
          this.stopClocks('resolve');
          this.setClock(startClock('resolve', now, s.limits.resolveWithinMs));
          this.reassignTo(command.target!, actor, now, details);
        }
        return;
      default:
        assertNever(command);
    }
  }

  private decideExtension(command: OrderCommandOf<'decideExtension'>, actor: Actor, now: number): void {
    const s = this.state;
    const request = s.pendingExtension!;
    s.pendingExtension = undefined;
    this.stopClocks('extensionDecision');
    if (command.approve) {
      // The ladder restarts against the new deadline: warning at 75 % of the time that is left.
      this.stopClocks('resolve');
      this.setClock({ ...startClock('resolve', now, request.until - now) });
      this.record('order.extension_approved', actor, now, { ...detailsOf(command), until: iso(request.until) });
    } else {
      this.record('order.extension_denied', actor, now, { ...detailsOf(command), until: iso(request.until) });
    }
  }

  private checkBack(command: OrderCommandOf<'checkBack'>, actor: Actor, now: number): void {
    const s = this.state;
    s.rating = command.rating;
    this.stopClocks('checkBack');
    if (command.rating !== 'unsatisfied') {
      this.moveTo('closed', 'order.checked_back', actor, now, detailsOf(command));
      return;
    }
    if (s.reopenCount >= s.limits.maxReopens) {
      this.moveTo('awaiting_supervisor', 'order.awaiting_supervisor', actor, now, { ...detailsOf(command), reopenCount: s.reopenCount });
      return;
    }
    s.reopenCount += 1;
    this.setClock(startClock('resolve', now, s.limits.resolveWithinMs));
    this.moveTo('in_progress', 'order.reopened', actor, now, { ...detailsOf(command), round: s.reopenCount });
  }

  private reassignTo(target: HandlerTarget, actor: Actor, now: number, details: Record<string, unknown>): void {
    const s = this.state;
    if (s.status === 'paused') this.resumeClocks(now);
    s.statusBeforePause = undefined;
    s.pausedAt = undefined;
    s.handler = { ...target };
    s.claim = undefined;
    this.startHandling(now);
    this.moveTo('dispatched', 'order.reassigned', actor, now, { ...details, target });
  }

  /** A (re)dispatch: a fresh sign clock; the resolve clock runs from the first dispatch on. */
  private startHandling(now: number): void {
    const s = this.state;
    this.stopClocks('sign', 'contact', 'claim');
    this.setClock(startClock('sign', now, s.limits.signWithinMs));
    if (!this.clock('resolve')) this.setClock(startClock('resolve', now, s.limits.resolveWithinMs));
  }

  private claimantTarget(actor: Actor): OrderHandler {
    const offered = this.state.claim?.offeredTo.find((t) => t.id === actor.id || t.id === actor.organisationId);
    if (offered) return { ...offered, signedBy: actor };
    return {
      kind: actor.role === 'social_org' ? 'social_org' : 'member',
      id: actor.id,
      name: actor.name ?? actor.id,
      ...(actor.organisationId ? { organisationId: actor.organisationId } : {}),
      signedBy: actor,
    };
  }

  // ── time ────────────────────────────────────────────────────────────────────────────────────

  /** The earliest instant at which a timer step is due, if any. */
  nextWakeUpAt(): number | undefined {
    if (this.finished) return undefined;
    let earliest: number | undefined;
    for (const clock of this.state.clocks) {
      const at = nextStepAt(clock, this.state.policy.escalation);
      if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
    }
    return earliest;
  }

  /** Fires, in time order, every step due at or before `now`. */
  tick(now: number): void {
    for (let guard = 0; guard < 1000 && !this.finished; guard += 1) {
      const due = this.earliestDueStep(now);
      if (!due) return;
      this.fire(due.clock, due.at);
    }
  }

  private earliestDueStep(now: number): { clock: Clock; at: number } | undefined {
    let found: { clock: Clock; at: number } | undefined;
    for (const clock of this.state.clocks) {
      const at = nextStepAt(clock, this.state.policy.escalation);
      if (at !== undefined && at <= now && (!found || at < found.at)) found = { clock, at };
    }
    return found;
  }

  private fire(clock: Clock, at: number): void {
    const s = this.state;
    clock.fired += 1;
    if (clock.ladder) {
      const step = ladderSteps[clock.fired - 1]!;
      const details = { clock: clock.name, dueAt: iso(clock.dueAt), scheduledAt: iso(at), level: step.level };
      if (step.event === 'order.reminded') {
        this.record('order.reminded', systemActor, at, { ...details, automatic: true });
      } else if (step.event === 'order.escalated' && this.reassignsOnEscalate(clock.name)) {
        const fallback = s.claimChain.fallbackOrganisation;
        if (s.status === 'paused') this.resumeClocks(at);
        s.handler = { ...fallback };
        s.claim = undefined;
        this.startHandling(at);
        this.moveTo('dispatched', 'order.escalated', systemActor, at, { ...details, level: 'next_organisation', reassignedTo: fallback });
      } else {
        this.record(step.event, systemActor, at, step.event === 'order.escalated' ? { ...details, level: 'next_organisation' } : details);
      }
      return;
    }
    switch (clock.name) {
      case 'claim':
        this.fallBack(at);
        return;
      case 'checkBack':
        this.stopClocks();
        this.moveTo('closed', 'order.closed', systemActor, at, { reason: 'check_back_window_passed' });
        return;
      case 'followUp':
        this.stopClocks('followUp');
        this.setClock(startClock('resolve', at, s.limits.followUpResolveWithinMs));
        this.moveTo('in_progress', 'order.follow_up_due', systemActor, at, { committedDeadline: iso(clock.dueAt) });
        return;
      case 'extensionDecision':
        this.stopClocks('extensionDecision');
        s.pendingExtension = undefined;
        this.record('order.extension_denied', systemActor, at, { reason: 'expired' });
        return;
      default:
        return;
    }
  }

  private reassignsOnEscalate(clock: ClockName): boolean {
    return this.state.policy.escalation.reassignOnEscalate && clock !== 'accept' && this.state.handler?.id !== this.state.claimChain.fallbackOrganisation.id;
  }

  /** The claim window ended unclaimed: grid member → social organisations → fallback organisation. */
  private fallBack(at: number): void {
    const s = this.state;
    const chain = s.claimChain;
    const stage = s.claim?.stage ?? 0;
    const next = [
      { stage: 1, offeredTo: chain.gridMember ? [chain.gridMember] : [] },
      { stage: 2, offeredTo: chain.socialOrgs },
    ].find((step) => step.stage > stage && step.offeredTo.length > 0);
    this.stopClocks('claim');
    if (next) {
      s.claim = { stage: next.stage, offeredTo: next.offeredTo, openToAll: false };
      this.setClock(startClock('claim', at, s.limits.claimWindowMs));
      this.record('order.claim_fell_back', systemActor, at, { stage: next.stage, offeredTo: next.offeredTo });
      return;
    }
    s.claim = undefined;
    s.handler = { ...chain.fallbackOrganisation };
    this.startHandling(at);
    this.moveTo('dispatched', 'order.claim_fell_back', systemActor, at, { stage: 3, offeredTo: [chain.fallbackOrganisation] });
  }

  // ── state helpers ───────────────────────────────────────────────────────────────────────────

  private isHandler(actor: Actor): boolean {
    const handler = this.state.handler;
    if (!handler) return false;
    if (actor.id === handler.id || actor.id === handler.signedBy?.id) return true;
    return handler.kind !== 'member' && actor.organisationId === handler.id;
  }

  private isCoHandler(actor: Actor): boolean {
    return this.state.coHandlers.some((c) => c.id === actor.id || (c.kind !== 'member' && c.id === actor.organisationId));
  }

  private clock(name: ClockName): Clock | undefined {
    return this.state.clocks.find((c) => c.name === name);
  }

  private setClock(clock: Clock): void {
    this.state.clocks = [...this.state.clocks.filter((c) => c.name !== clock.name), clock];
  }

  /** Stops the named clocks, or every clock when none is named. */
  private stopClocks(...names: ClockName[]): void {
    this.state.clocks = names.length === 0 ? [] : this.state.clocks.filter((c) => !names.includes(c.name));
  }

  private resumeClocks(now: number): void {
    this.state.clocks = this.state.clocks.map((c) => resumeClock(c, now));
  }

  private moveTo(status: OrderStatus, type: OrderEventType, actor: Actor, at: number, details: Record<string, unknown>): void {
    this.state.status = status;
    this.record(type, actor, at, details);
  }

  private record(type: OrderEventType, actor: Actor, at: number, details: Record<string, unknown>): void {
    const s = this.state;
    s.sequence += 1;
    s.updatedAt = at;
    const reason = typeof details['reason'] === 'string' ? `：${details['reason']}` : '';
    s.timeline.push({ sequence: s.sequence, type, at: iso(at), actor, summary: `${orderEventLabels[type]}${reason}`, details });
    s.pending.push({ sequence: s.sequence, type, actor, at, details });
  }

  // ── reading ─────────────────────────────────────────────────────────────────────────────────

  /** The events recorded since the last drain, oldest first. */
  drainEvents(): PendingEvent[] {
    const drained = this.state.pending;
    this.state.pending = [];
    return drained;
  }

  view(now: number): OrderView {
    const s = this.state;
    const levels: EscalationLevel[] = s.clocks.map(clockLevel);
    const order: EscalationLevel[] = ['none', 'warning', 'overdue', 'reminded', 'supervised', 'escalated'];
    const escalationLevel = levels.reduce<EscalationLevel>((max, l) => (order.indexOf(l) > order.indexOf(max) ? l : max), 'none');
    return {
      id: s.id,
      kind: s.intake.kind,
      category: s.intake.category,
      urgency: s.intake.urgency,
      title: s.intake.title,
      description: s.intake.description,
      channel: s.intake.channel,
      resident: s.intake.resident,
      location: s.intake.location,
      attachments: s.intake.attachments,
      openedBy: s.openedBy,
      status: s.status,
      statusLabel: orderStatusLabels[s.status],
      ...(s.handler ? { handler: s.handler } : {}),
      coHandlers: s.coHandlers,
      ...(s.claim ? { claim: s.claim } : {}),
      clocks: s.clocks.map((c) => ({
        name: c.name,
        dueAt: iso(c.pausedRemainingMs === undefined ? c.dueAt : now + c.pausedRemainingMs),
        ...(c.pausedRemainingMs === undefined ? {} : { remainingMsWhilePaused: Math.max(0, c.pausedRemainingMs) }),
        level: clockLevel(c),
      })),
      escalationLevel,
      ...(s.pendingExtension
        ? { pendingExtension: { until: iso(s.pendingExtension.until), reason: s.pendingExtension.reason, requestedBy: s.pendingExtension.requestedBy } }
        : {}),
      ...(s.committedDeadline !== undefined ? { committedDeadline: iso(s.committedDeadline) } : {}),
      reopenCount: s.reopenCount,
      ...(s.rating ? { rating: s.rating } : {}),
      ...(s.mergedInto ? { mergedInto: s.mergedInto } : {}),
      createdAt: iso(s.createdAt),
      updatedAt: iso(s.updatedAt),
      sequence: s.sequence,
    };
  }

  timeline(): TimelineEntry[] {
    return structuredClone(this.state.timeline);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled command ${JSON.stringify(value)}`);
}

export type { OrderCommandType };
