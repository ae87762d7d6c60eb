import type { Actor, ActorRole, HandlerTarget, OrderCommand, OrderStatus } from '@lianxin/contracts/order';
import { claimantRole } from './claim-chain';
import { deadlineReached, type Clock } from './clocks';
import type { OrderCaseSnapshot } from './order-state';
import { badArguments, commandLabels, notYourOrder, wrongState, type Refusal } from './refusals';

export const roleLabels: Record<ActorRole, string> = {
  resident: '群众',
  agent: '话务员',
  grid_worker: '网格员',
  dispatcher: '派单员',
  member: '党员',
  supervisor: '督办人员',
  social_org: '社会力量',
  system: '系统',
};

const intakeRoles: readonly ActorRole[] = ['agent', 'dispatcher'];
const dispatcherRoles: readonly ActorRole[] = ['dispatcher'];
const overseerRoles: readonly ActorRole[] = ['dispatcher', 'supervisor'];
const checkBackRoles: readonly ActorRole[] = ['resident', 'agent', 'dispatcher'];
const cancelRoles: readonly ActorRole[] = ['resident', 'agent'];
const supervisorRoles: readonly ActorRole[] = ['supervisor'];

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

function clock(state: OrderCaseSnapshot, name: Clock['name']): Clock | undefined {
  return state.clocks.find((c) => c.name === name);
}

/**
 * Whether `actor` may give `command` now; undefined means yes. Checked in this order: the order
 * is finished (WrongState) → role (NotAllowed) → status (WrongState) → who the handler is
 * (NotYourOrder) → arguments (BadArguments) → a deadline that has already passed (DeadlinePassed).
 */
export function refusalOf(state: OrderCaseSnapshot, command: OrderCommand, actor: Actor, now: number, finished: boolean): Refusal | undefined {
  const type = command.type;
  const status = state.status;
  const role = (roles: readonly ActorRole[]) =>
    roles.includes(actor.role) ? undefined : refusal('NotAllowed', `${roleLabels[actor.role]}无权${commandLabels[type]}`);
  const inStatus = (statuses: readonly OrderStatus[]) => (statuses.includes(status) ? undefined : wrongState(status, type));
  const handler = () => (isHandler(state, actor) ? undefined : notYourOrder);
  if (finished) return wrongState(status, type);

  switch (command.type) {
    case 'accept':
    case 'reject':
      return role(intakeRoles) ?? inStatus(['received']);
    case 'merge':
      return role(intakeRoles) ?? inStatus(['received', 'accepted']) ?? (command.intoOrderId === state.id ? badArguments('不能合并到工单自身') : undefined);
    case 'dispatch': {
      const ids = [command.target.id, ...command.coHandlers.map((c) => c.id)];
      return (
        role(dispatcherRoles) ??
        inStatus(['accepted', 'returned']) ??
        (new Set(ids).size !== ids.length ? badArguments('主办和协办对象不能重复') : undefined)
      );
    }
    case 'openForClaim':
      return role(dispatcherRoles) ?? inStatus(['accepted', 'returned']);
    case 'claim':
      return inStatus(['open_for_claim']) ?? claimRefusal(state, actor, now);
    case 'sign':
      return inStatus(['dispatched']) ?? handler();
    case 'return':
      return inStatus(['dispatched', 'signed']) ?? handler();
    case 'contact':
      return inStatus(['signed']) ?? handler();
    case 'addDiaryEntry':
      return inStatus(handling) ?? (isHandler(state, actor) || isCoHandler(state, actor) ? undefined : notYourOrder);
    case 'resolve':
      return inStatus(['in_progress']) ?? handler();
    case 'explain':
      return (
        inStatus(['in_progress']) ??
        handler() ??
        (Date.parse(command.committedDeadline) > now ? undefined : badArguments('整改时限必须晚于当前时间'))
      );
    case 'requestExtension': {
      const resolveClock = clock(state, 'resolve');
      return (
        inStatus(handling) ??
        handler() ??
        (state.pendingExtension ? refusal('WrongState', '已有一项延期申请待审批，不能重复申请') : undefined) ??
        (resolveClock && Date.parse(command.until) <= resolveClock.dueAt ? badArguments('延期后的时限必须晚于当前办结时限') : undefined) ??
        (deadlineReached(resolveClock, now) ? refusal('DeadlinePassed', '办结时限已过，不能再申请延期') : undefined)
      );
    }
    case 'decideExtension':
      return (
        role(overseerRoles) ??
        inStatus(handling) ??
        (state.pendingExtension ? undefined : refusal('WrongState', '没有待审批的延期申请')) ??
        (deadlineReached(clock(state, 'extensionDecision'), now) ? refusal('DeadlinePassed', '延期申请已超过审批时限') : undefined) ??
        (command.approve && state.pendingExtension!.until <= now ? refusal('DeadlinePassed', '申请延期到的时间已过，不能批准') : undefined)
      );
    case 'pause':
      return inStatus(handling) ?? handler();
    case 'resume':
      return inStatus(['paused']) ?? (isHandler(state, actor) || overseerRoles.includes(actor.role) ? undefined : notYourOrder);
    case 'reassign':
      return (
        role(overseerRoles) ??
        inStatus(reassignable) ??
        (state.handler?.id === command.target.id ? badArguments('改派对象与当前经办对象相同') : undefined)
      );
    case 'remind':
      return role(overseerRoles) ?? (status === 'received' ? wrongState(status, type) : undefined);
    case 'cancel':
      return role(cancelRoles) ?? inStatus(cancellable);
    case 'checkBack':
      return (
        role(checkBackRoles) ??
        inStatus(['resolved']) ??
        (deadlineReached(clock(state, 'checkBack'), now) ? refusal('DeadlinePassed', '回访期限已过') : undefined)
      );
    case 'supervisorDecide':
      return (
        role(supervisorRoles) ??
        inStatus(['awaiting_supervisor']) ??
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
  if (actor.role !== needed) return refusal('NotAllowed', `该工单当前只向${roleLabels[needed]}开放认领`);
  if (!offer.openToAll && !offer.offeredTo.some((target) => actsFor(target, actor))) {
    return refusal('NotYourOrder', '该工单当前未向您开放认领');
  }
  if (deadlineReached(clock(state, 'claim'), now)) return refusal('DeadlinePassed', '本轮认领时限已过');
  return undefined;
}

function assertNever(value: never): never {
  throw new Error(`unhandled command ${JSON.stringify(value)}`);
}

