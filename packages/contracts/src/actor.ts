import { z } from 'zod';

/** Who is acting. Authentication is out of scope here; the gateway vouches for this. */
export const actorRoles = [
  'resident', // 群众/居民
  'agent', // 话务员
  'grid_worker', // 网格员
  'dispatcher', // 派单员
  'member', // 党员
  'supervisor', // 督办
  'social_org', // 社会力量
  'system', // 系统 (timers)
] as const;
export const ActorRole = z.enum(actorRoles);
export type ActorRole = z.infer<typeof ActorRole>;

export const Actor = z.strictObject({
  id: z.string().trim().min(1).max(64),
  role: ActorRole,
  /** The organisation the actor belongs to (党组织 / 社会力量). */
  organisationId: z.string().trim().min(1).max(64).optional(),
  name: z.string().trim().min(1).max(50).optional(),
});
export type Actor = z.infer<typeof Actor>;

export const systemActor: Actor = { id: 'system', role: 'system', name: '系统' };
