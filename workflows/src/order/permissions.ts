import type { Actor, ActorRole, HandlerTarget, OrderCommand, OrderStatus } from '@lianxin/contracts/order';
// From the modules that hold them (see order-case.ts): the sandbox evaluates imports per order.
import { commandAccess, holdsAnyRole, holdsOrderInScope } from '@lianxin/contracts/access';
import { residentActorId } from '@lianxin/contracts/actor';
import { claimantRole } from './claim-chain';
import { deadlineReached, type Clock } from './clocks';
import { rulesOf, type OrderCaseSnapshot } from './order-state';
import { holdLimitsOf, limitsFor } from './policy';
import { badArguments, commandLabels, notYourOrder, wrongState, type Refusal } from './refusals';

export const roleLabels: Record<ActorRole, string> = {
  resident: '群众',
  agent: '话务员',
  grid_worker: '网格员',
  dispatcher: '派单员',
  member: '党员',
  supervisor: '督办人员',
  social_org: '社会力量',
  leader: '领导',
  admin: '系统管理员',
  system: '系统',
  service: '平台服务',
};

/** 撤单 is possible until the order is resolved. */
const cancellable: readonly OrderStatus[] = ['received', 'accepted', 'open_for_claim', 'dispatched', 'returned', 'signed', 'in_progress', 'paused', 'explained'];
/** 改派: from an open-for-claim order too, so a dispatcher need not wait out the claim chain. */
const reassignable: readonly OrderStatus[] = ['open_for_claim', 'dispatched', 'signed', 'in_progress', 'returned', 'paused'];
const handling: readonly OrderStatus[] = ['signed', 'in_progress'];

/** Whether the actor acts for a target: the member themself, or anyone of the organisation. */
export function actsFor(target: HandlerTarget, actor: Actor): boolean {
  return actor.id === target.id || (target.kind !== 'member' && actor.organisationId === target.id);
}

export function isHandler(state: OrderCaseSnapshot, actor: Actor): boolean {
  return state.handler !== undefined && actsFor(state.handler, actor);
}

function isCoHandler(state: OrderCaseSnapshot, actor: Actor): boolean {
  return state.coHandlers.some((target) => actsFor(target, actor));
}

function refusal(code: Refusal['code'], message: string): Refusal {
  return { code, message };
}

const days = (ms: number) => `${Math.round((ms / 86_400_000) * 10) / 10}天`;
const holdLimits = (state: OrderCaseSnapshot) => holdLimitsOf(limitsFor(state.policy, state.intake));

/** 挂起 (since `hold-limits`): ends after now, and no later than the policy's limit. */
function pauseLimitRefusal(state: OrderCaseSnapshot, until: string | undefined, now: number): Refusal | undefined {
  if (until === undefined) return undefined;
  const end = Date.parse(until);
  if (end <= now) return badArguments('挂起结束时间必须晚于当前时间');
  const { maxPauseMs } = holdLimits(state);
  return end - now > maxPauseMs ? refusal('NeedsApproval', `挂起最长${days(maxPauseMs)}；更长的停办请申请延期，由派单员或督办审批`) : undefined;
}

/** 解释说明 (since `hold-limits`): a committed deadline no further ahead than the policy's limit. */
function commitLimitRefusal(state: OrderCaseSnapshot, committed: number, now: number): Refusal | undefined {
  const { maxCommitMs } = holdLimits(state);
  return committed - now > maxCommitMs ? refusal('NeedsApproval', `承诺整改时限最长${days(maxCommitMs)}；更长的期限请申请延期，由派单员或督办审批`) : undefined;
}

/** 民情日记 (since `hold-limits`): at most the policy's number of entries per order. */
function diaryLimitRefusal(state: OrderCaseSnapshot): Refusal | undefined {
  const { maxDiaryEntries } = holdLimits(state);
  return state.diaryEntries >= maxDiaryEntries ? refusal('LimitReached', `民情日记已达上限（${maxDiaryEntries}条），请办结或汇总后再记`) : undefined;
}

function clock(state: OrderCaseSnapshot, name: Clock['name']): Clock | undefined {
  return state.clocks.find((c) => c.name === name);
}

/** Whether the actor stands to the order as the command's relation asks (access.ts); claims are checked with their offer. */
function relationRefusal(state: OrderCaseSnapshot, command: OrderCommand, actor: Actor): Refusal | undefined {
  // Orders opened before `access-by-scope` are checked as they were: no scope, any resident.
  const byScope = rulesOf(state).accessByScope;
  const inScope = () => holdsOrderInScope(actor, byScope ? state.scope : undefined);
  const outOfScope = refusal('OutOfScope', '该工单不在您所在党组织的管辖范围内');
  switch (commandAccess[command.type].relation) {
    case 'scope':
      return inScope() ? undefined : outOfScope;
    case 'handler':
      return isHandler(state, actor) ? undefined : notYourOrder;
    case 'handlerOrCoHandler':
      return isHandler(state, actor) || isCoHandler(state, actor) ? undefined : notYourOrder;
    case 'handlerOrScope':
      return isHandler(state, actor) || inScope() ? undefined : notYourOrder;
    case 'ownerOrScope':
      if (actor.role === 'resident') return !byScope || actor.id === residentActorId(state.id) ? undefined : notYourOrder;
      return inScope() ? undefined : outOfScope;
    case 'claimant':
      return undefined;
  }
}

/**
 * Whether `actor` may give `command` now; undefined means yes. Checked in this order: the order
 * is finished (WrongState) → role (NotAllowed, from the role × command table) → status
 * (WrongState) → how the actor stands to the order: scope (OutOfScope), handler or owner
 * (NotYourOrder) → arguments (BadArguments) → a deadline that has already passed (DeadlinePassed).
 */
export function refusalOf(state: OrderCaseSnapshot, command: OrderCommand, actor: Actor, now: number, finished: boolean): Refusal | undefined {
  const type = command.type;
  const status = state.status;
  if (finished) return wrongState(status, type);
  if (!holdsAnyRole(actor, commandAccess[type].roles)) return refusal('NotAllowed', `${roleLabels[actor.role]}无权${commandLabels[type]}`);
  const inStatus = (statuses: readonly OrderStatus[]) => (statuses.includes(status) ? undefined : wrongState(status, type));
  const related = () => relationRefusal(state, command, actor);

  switch (command.type) {
    case 'accept':
    case 'reject':
      return inStatus(['received']) ?? related();
    case 'merge':
      return inStatus(['received', 'accepted']) ?? related() ?? (command.intoOrderId === state.id ? badArguments('不能合并到工单自身') : undefined);
    case 'dispatch': {
      const ids = [command.target.id, ...command.coHandlers.map((c) => c.id)];
      return (
        inStatus(['accepted', 'returned']) ??
        related() ??
        (new Set(ids).size !== ids.length ? badArguments('主办和协办对象不能重复') : undefined)
      );
    }
    case 'openForClaim':
      return inStatus(['accepted', 'returned']) ?? related();
    case 'claim':
      return inStatus(['open_for_claim']) ?? claimRefusal(state, actor, now);
    case 'sign':
      return inStatus(['dispatched']) ?? related();
    case 'return':
      return inStatus(['dispatched', 'signed']) ?? related();
    case 'contact':
      return inStatus(['signed']) ?? related();
    case 'addDiaryEntry':
      return inStatus(handling) ?? related() ?? (rulesOf(state).holdLimits ? diaryLimitRefusal(state) : undefined);
    case 'resolve':
      return inStatus(['in_progress']) ?? related();
    case 'explain':
      return (
        inStatus(['in_progress']) ??
        related() ??
        (Date.parse(command.committedDeadline) > now ? undefined : badArguments('整改时限必须晚于当前时间')) ??
        (rulesOf(state).holdLimits ? commitLimitRefusal(state, Date.parse(command.committedDeadline), now) : undefined)
      );
    case 'requestExtension': {
      const resolveClock = clock(state, 'resolve');
      return (
        inStatus(handling) ??
        related() ??
        (state.pendingExtension ? refusal('WrongState', '已有一项延期申请待审批，不能重复申请') : undefined) ??
        (resolveClock && Date.parse(command.until) <= resolveClock.dueAt ? badArguments('延期后的时限必须晚于当前办结时限') : undefined) ??
        (deadlineReached(resolveClock, now) ? refusal('DeadlinePassed', '办结时限已过，不能再申请延期') : undefined)
      );
    }
    case 'decideExtension':
      return (
        inStatus(handling) ??
        related() ??
        (state.pendingExtension ? undefined : refusal('WrongState', '没有待审批的延期申请')) ??
        (deadlineReached(clock(state, 'extensionDecision'), now) ? refusal('DeadlinePassed', '延期申请已超过审批时限') : undefined) ??
        (command.approve && state.pendingExtension!.until <= now ? refusal('DeadlinePassed', '申请延期到的时间已过，不能批准') : undefined)
      );
    case 'pause':
      return inStatus(handling) ?? related() ?? (rulesOf(state).holdLimits ? pauseLimitRefusal(state, command.until, now) : undefined);
    case 'resume':
      return inStatus(['paused']) ?? related();
    case 'reassign':
      return (
        inStatus(reassignable) ??
        related() ??
        (state.handler?.id === command.target.id ? badArguments('改派对象与当前经办对象相同') : undefined)
      );
    case 'remind':
      return (status === 'received' ? wrongState(status, type) : undefined) ?? related();
    case 'cancel':
      return inStatus(cancellable) ?? related();
    case 'checkBack':
      return (
        inStatus(['resolved']) ??
        related() ??
        (deadlineReached(clock(state, 'checkBack'), now) ? refusal('DeadlinePassed', '回访期限已过') : undefined)
      );
    case 'supervisorDecide':
      return (
        inStatus(['awaiting_supervisor']) ??
        related() ??
        (command.decision === 'reassign' && !command.target ? badArguments('改派时必须指定经办对象') : undefined)
      );
    default:
      return assertNever(command);
  }
}

function claimRefusal(state: OrderCaseSnapshot, actor: Actor, now: number): Refusal | undefined {
  const offer = state.claim;
  if (!offer) return wrongState(state.status, 'claim');
  const needed = claimantRole(offer);
  if (!holdsAnyRole(actor, [needed])) return refusal('NotAllowed', `该工单当前只向${roleLabels[needed]}开放认领`);
  if (!offer.openToAll && !offer.offeredTo.some((target) => actsFor(target, actor))) {
    return refusal('NotYourOrder', '该工单当前未向您开放认领');
  }
  if (deadlineReached(clock(state, 'claim'), now)) return refusal('DeadlinePassed', '本轮认领时限已过');
  return undefined;
}

function assertNever(value: never): never {
  throw new Error(`unhandled command ${JSON.stringify(value)}`);
}

