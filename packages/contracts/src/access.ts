import type { Actor, ActorRole } from './actor';
import type { OrderCommandType } from './order/commands';

/**
 * Who may see and do what: one table of role × route and one of role × command, read by the
 * services' HTTP layer (401/403 before anything is sent) and by the order workflow's validators
 * (which refuse the same command even if a caller skips the HTTP layer). Data, not scattered ifs.
 *
 * Authority comes in three kinds:
 * - by organisation (`scopeRoles`): the actor's organisation must lie on the order's organisation
 *   path (village → township → county), i.e. the order lies in the actor's subtree — a township
 *   sees its own villages, the county sees all;
 * - by involvement: the handler (or a member of a handling organisation), co-handlers, the
 *   claim candidates of the current stage;
 * - by ownership: the resident who placed the order, with its tracking code (查询码).
 */

/** Roles whose authority is their organisation's subtree. */
export const scopeRoles: readonly ActorRole[] = ['agent', 'grid_worker', 'dispatcher', 'supervisor', 'leader', 'admin'];

/** Everyone signed in as staff. */
export const staffRoles: readonly ActorRole[] = ['agent', 'grid_worker', 'dispatcher', 'member', 'social_org', 'supervisor', 'leader', 'admin'];

/** Roles that can be an order's handler (a member, or anyone of a handling organisation). */
const handlerRoles: readonly ActorRole[] = ['member', 'grid_worker', 'dispatcher', 'supervisor', 'social_org'];

/**
 * How the actor must stand to the order, besides holding one of the roles:
 * - `scope`: the order lies in the actor's subtree;
 * - `handler` / `handlerOrCoHandler`: the actor acts for the handler (or a co-handler);
 * - `claimant`: the order is offered to the actor now (checked with the claim offer);
 * - `handlerOrScope`: the handler, or an organisation role whose subtree holds the order;
 * - `ownerOrScope`: the resident who placed it, or an organisation role whose subtree holds it.
 */
export type CommandRelation = 'scope' | 'handler' | 'handlerOrCoHandler' | 'claimant' | 'handlerOrScope' | 'ownerOrScope';

export interface CommandAccess {
  roles: readonly ActorRole[];
  relation: CommandRelation;
}

export const commandAccess: Record<OrderCommandType, CommandAccess> = {
  accept: { roles: ['agent', 'dispatcher'], relation: 'scope' },
  reject: { roles: ['agent', 'dispatcher'], relation: 'scope' },
  merge: { roles: ['agent', 'dispatcher'], relation: 'scope' },
  dispatch: { roles: ['dispatcher'], relation: 'scope' },
  openForClaim: { roles: ['dispatcher'], relation: 'scope' },
  claim: { roles: ['member', 'social_org'], relation: 'claimant' },
  sign: { roles: handlerRoles, relation: 'handler' },
  return: { roles: handlerRoles, relation: 'handler' },
  contact: { roles: handlerRoles, relation: 'handler' },
  addDiaryEntry: { roles: handlerRoles, relation: 'handlerOrCoHandler' },
  resolve: { roles: handlerRoles, relation: 'handler' },
  explain: { roles: handlerRoles, relation: 'handler' },
  requestExtension: { roles: handlerRoles, relation: 'handler' },
  decideExtension: { roles: ['dispatcher', 'supervisor'], relation: 'scope' },
  pause: { roles: handlerRoles, relation: 'handler' },
  resume: { roles: handlerRoles, relation: 'handlerOrScope' },
  reassign: { roles: ['dispatcher', 'supervisor'], relation: 'scope' },
  remind: { roles: ['dispatcher', 'supervisor'], relation: 'scope' },
  cancel: { roles: ['resident', 'agent'], relation: 'ownerOrScope' },
  checkBack: { roles: ['resident', 'agent', 'dispatcher'], relation: 'ownerOrScope' },
  supervisorDecide: { roles: ['supervisor'], relation: 'scope' },
};

/** The routes of the services, by what they do, and the roles that may call them. */
export const routeAccess = {
  /** 点单 by staff (residents may open orders without signing in; see the residents service). */
  openOrder: ['agent', 'grid_worker', 'dispatcher', 'member'],
  /** Read one order and its timeline (members and social organisations: only orders they are involved in). */
  readOrder: staffRoles,
  /** 历史工单: a caller's earlier orders, found by their phone number (audited; only the orders the person may read). */
  searchOrdersByPhone: ['agent', 'dispatcher', 'supervisor'],
  /** 查看完整号码: the resident's full contact, an audited action. */
  revealContact: ['agent', 'grid_worker', 'dispatcher', 'member', 'social_org', 'supervisor'],
  /** 待办: the orders a person or their organisation handles. */
  inbox: ['member', 'grid_worker', 'dispatcher', 'supervisor', 'social_org'],
  /** 待认领: offers the actor may take. */
  claimBoard: ['member', 'social_org'],
  /** 待派单/督办 queue of an organisation's subtree. */
  dispatchQueue: ['agent', 'dispatcher', 'supervisor', 'leader', 'admin'],
  /** 超期看板/督办: escalated orders of an organisation's subtree (and those awaiting a decision). */
  overdueBoard: ['agent', 'dispatcher', 'supervisor', 'leader', 'admin'],
  /** 在办负荷: members' open and overdue counts, to weigh whom to dispatch to (and for oversight). */
  memberWorkload: ['dispatcher', 'supervisor', 'leader', 'admin'],
  /** The work lists' live changes (SSE): whoever has one of the three lists above, each seeing the changes of their own. */
  workQueueStream: ['member', 'grid_worker', 'dispatcher', 'supervisor', 'social_org', 'agent', 'leader', 'admin'],
  /** 名册 and routing: staff, and the platform's own services. */
  readRegister: [...staffRoles, 'service'],
  /** 通讯录: members' and social organisations' phone and email, for the services that send notices. */
  readContactPoints: ['service'],
  /** 通知渠道: organisations' group robots and webhooks, and notice templates. */
  manageNotificationChannels: ['admin'],
  /** Decoded Temporal payloads (the codec endpoint for the Temporal UI and CLI). */
  decodePayloads: ['admin'],
  /** Open311 client systems: issue, list and revoke their API keys. */
  manageOpen311Clients: ['admin'],
} as const satisfies Record<string, readonly ActorRole[]>;
export type RouteName = keyof typeof routeAccess;

/** All roles the actor holds: the acting role and the others of the same person. */
export function rolesOf(actor: Pick<Actor, 'role' | 'roles'>): readonly ActorRole[] {
  return actor.roles && actor.roles.length > 0 ? [actor.role, ...actor.roles.filter((r) => r !== actor.role)] : [actor.role];
}

export function holdsAnyRole(actor: Pick<Actor, 'role' | 'roles'>, roles: readonly ActorRole[]): boolean {
  return rolesOf(actor).some((role) => roles.includes(role));
}

/**
 * Whether the order lies in the actor's subtree by one of their organisation roles: the actor's
 * organisation is on the order's organisation path. An order without a path (opened before
 * paths were kept) is in every scope.
 */
export function holdsOrderInScope(actor: Pick<Actor, 'role' | 'roles' | 'organisationId'>, orderScope: readonly string[] | undefined): boolean {
  if (!holdsAnyRole(actor, scopeRoles)) return false;
  if (orderScope === undefined) return true;
  return actor.organisationId !== undefined && orderScope.includes(actor.organisationId);
}

/** A signed-in person as the access rules see them. */
export interface AccessHolder {
  id: string;
  roles: readonly ActorRole[];
  organisationId?: string;
}

interface TargetLike {
  kind: 'member' | 'organisation' | 'social_org';
  id: string;
}

/** The person is the target, or (for an organisation or social organisation) belongs to it. */
function standsFor(target: TargetLike, person: AccessHolder): boolean {
  return target.id === person.id || (target.kind !== 'member' && target.id === person.organisationId);
}

/** What the involvement rules read of an order. */
export interface OrderInvolvement {
  status: string;
  scope?: readonly string[];
  handler?: TargetLike & { signedBy?: { id: string } };
  coHandlers: readonly TargetLike[];
  claim?: { openToAll: boolean; offeredTo: readonly TargetLike[] };
}

/** The person handles the order (or signed for their organisation), or co-handles it. */
export function handlesOrder(person: AccessHolder, order: OrderInvolvement): boolean {
  const handler = order.handler;
  return (
    (handler !== undefined && (standsFor(handler, person) || handler.signedBy?.id === person.id)) ||
    order.coHandlers.some((target) => standsFor(target, person))
  );
}

/** The order is offered to the person now (待认领): open to every member, or offered to them or their organisation. */
export function mayClaimOrder(person: AccessHolder, order: OrderInvolvement): boolean {
  if (order.status !== 'open_for_claim' || !order.claim) return false;
  if (order.claim.openToAll) return person.roles.includes('member');
  return order.claim.offeredTo.some((target) => standsFor(target, person));
}

function inScopeOf(person: AccessHolder, order: OrderInvolvement): boolean {
  return holdsOrderInScope({ role: person.roles[0] ?? 'resident', roles: [...person.roles], ...(person.organisationId ? { organisationId: person.organisationId } : {}) }, order.scope);
}

/** Read an order and its timeline: in the person's subtree by an organisation role, or involved in it. */
export function mayReadOrder(person: AccessHolder, order: OrderInvolvement): boolean {
  return inScopeOf(person, order) || handlesOrder(person, order) || mayClaimOrder(person, order);
}

/** 查看完整号码: the handler before a call, or an organisation role in scope (not claim candidates, not oversight-only roles). */
export function mayRevealContact(person: AccessHolder, order: OrderInvolvement): boolean {
  const revealing = person.roles.filter((role) => (routeAccess.revealContact as readonly ActorRole[]).includes(role));
  if (revealing.length === 0) return false;
  return handlesOrder(person, order) || inScopeOf({ ...person, roles: revealing }, order);
}
