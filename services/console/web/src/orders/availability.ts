import { commandAccess, scopeRoles } from '@lianxin/contracts/access';
import type { HandlerTarget, OrderCommandType, OrderStatus } from '../api/types';
import { holdsAny, type Principal } from '../auth/principal';

/**
 * Which commands to offer on an order: by its status (the workflow's `refusalOf`), the person's
 * roles (`commandAccess`, the table the services and the workflow check with) and how they stand to it. Only to
 * decide what to show: the services and the workflow check again and refuse with a problem.
 */
const statusesOf: Record<OrderCommandType, readonly OrderStatus[]> = {
  accept: ['received'],
  reject: ['received'],
  merge: ['received', 'accepted'],
  dispatch: ['accepted', 'returned'],
  openForClaim: ['accepted', 'returned'],
  claim: ['open_for_claim'],
  sign: ['dispatched'],
  return: ['dispatched', 'signed'],
  contact: ['signed'],
  addDiaryEntry: ['signed', 'in_progress'],
  resolve: ['in_progress'],
  explain: ['in_progress'],
  requestExtension: ['signed', 'in_progress'],
  decideExtension: ['signed', 'in_progress'],
  pause: ['signed', 'in_progress'],
  resume: ['paused'],
  reassign: ['open_for_claim', 'dispatched', 'signed', 'in_progress', 'returned', 'paused'],
  // 催办 goes to whoever has the order: only while someone has it.
  remind: ['open_for_claim', 'dispatched', 'signed', 'in_progress', 'paused', 'explained'],
  cancel: ['received', 'accepted', 'open_for_claim', 'dispatched', 'returned', 'signed', 'in_progress', 'paused', 'explained'],
  checkBack: ['resolved'],
  supervisorDecide: ['awaiting_supervisor'],
};

/** What availability reads of an order: a summary of a list, or the whole view. */
export interface OrderLike {
  id: string;
  status: OrderStatus;
  handler?: HandlerTarget & { signedBy?: { id: string } };
  coHandlers?: readonly HandlerTarget[];
  claim?: { openToAll: boolean; offeredTo?: readonly HandlerTarget[] };
  scope?: readonly string[];
  pendingExtension?: unknown;
}

const standsFor = (target: Pick<HandlerTarget, 'kind' | 'id'>, principal: Principal) =>
  target.id === principal.id || (target.kind !== 'member' && target.id === principal.organisationId);

/** The person handles the order (or signed for their organisation). */
export function handles(principal: Principal, order: OrderLike): boolean {
  return !!order.handler && (standsFor(order.handler, principal) || order.handler.signedBy?.id === principal.id);
}

function coHandles(principal: Principal, order: OrderLike): boolean {
  return (order.coHandlers ?? []).some((target) => standsFor(target, principal));
}

/** In the person's subtree by an organisation role (unknown scope: the service decides). */
function inScope(principal: Principal, order: OrderLike, roles: readonly string[]): boolean {
  if (!holdsAny(principal, roles.filter((r) => (scopeRoles as readonly string[]).includes(r)))) return false;
  return !order.scope || order.scope.includes(principal.organisationId);
}

export function mayOffer(principal: Principal, order: OrderLike, type: OrderCommandType): boolean {
  if (!statusesOf[type].includes(order.status)) return false;
  const { roles, relation } = commandAccess[type];
  if (!holdsAny(principal, roles)) return false;
  if (type === 'decideExtension' && !order.pendingExtension) return false;
  if (type === 'requestExtension' && order.pendingExtension) return false;
  switch (relation) {
    case 'scope':
    case 'ownerOrScope':
      return inScope(principal, order, roles);
    case 'handler':
      return handles(principal, order);
    case 'handlerOrCoHandler':
      return handles(principal, order) || coHandles(principal, order);
    case 'handlerOrScope':
      return handles(principal, order) || inScope(principal, order, roles);
    case 'claimant':
      return order.status === 'open_for_claim';
  }
}

/** The commands offered to the person on the order, in the order given. */
export function offeredCommands(principal: Principal, order: OrderLike, among: readonly OrderCommandType[]): OrderCommandType[] {
  return among.filter((type) => mayOffer(principal, order, type));
}

/** All commands, in the order a console shows them. */
export const allCommands: readonly OrderCommandType[] = [
  'accept',
  'claim',
  'sign',
  'contact',
  'addDiaryEntry',
  'resolve',
  'explain',
  'requestExtension',
  'pause',
  'resume',
  'dispatch',
  'openForClaim',
  'reject',
  'merge',
  'decideExtension',
  'remind',
  'reassign',
  'supervisorDecide',
  'return',
  'checkBack',
  'cancel',
];

/** Commands that need nothing more than a click. */
export const instantCommands: ReadonlySet<OrderCommandType> = new Set(['accept', 'claim', 'sign', 'resume']);
