import { z } from 'zod';

/**
 * Who is acting. Staff are signed in with OpenID Connect (the services verify the bearer token
 * and build the actor from its claims); a resident acts on their own order with its tracking
 * code (查询码). See `access.ts` for who may do what.
 */
export const actorRoles = [
  'resident', // 群众/居民
  'agent', // 话务员
  'grid_worker', // 网格员
  'dispatcher', // 派单员
  'member', // 党员
  'supervisor', // 督办
  'social_org', // 社会力量
  'leader', // 领导 (read-only oversight)
  'admin', // 系统管理员
  'system', // 系统 (timers)
  'service', // 平台服务 (a service calling another, e.g. the worker asking for routing)
] as const;
export const ActorRole = z.enum(actorRoles);
export type ActorRole = z.infer<typeof ActorRole>;

export const Actor = z.strictObject({
  id: z.string().trim().min(1).max(64),
  role: ActorRole,
  /** The organisation the actor belongs to (党组织 / 社会力量). */
  organisationId: z.string().trim().min(1).max(64).optional(),
  name: z.string().trim().min(1).max(50).optional(),
  /** Every role the person holds (a village 书记 dispatches and is a member); `role` is the one acting. */
  roles: z.array(ActorRole).max(10).optional(),
});
export type Actor = z.infer<typeof Actor>;

export const systemActor: Actor = { id: 'system', role: 'system', name: '系统' };

/** The resident who placed an order, as they act on it with its tracking code. */
export function residentActorId(orderId: string): string {
  return `resident:${orderId}`;
}

export function residentActor(orderId: string): Actor {
  return { id: residentActorId(orderId), role: 'resident', name: '群众' };
}
