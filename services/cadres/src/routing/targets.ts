import type { Connection } from 'mongoose';
import { Member, Organisation, SocialOrg, type Actor, type HandlerTarget, type OrderCommand } from '@lianxin/contracts';
import { HttpProblem } from '@lianxin/platform';
import { registerCollections } from '../register/collections';
import { jurisdictionOf, organisationPath, registerReader } from './routing';

/** The people and organisations a command hands an order to (派单, 改派, a supervisor's reassignment). */
export function targetsOf(command: OrderCommand): HandlerTarget[] {
  switch (command.type) {
    case 'dispatch':
      return [command.target, ...command.coHandlers];
    case 'reassign':
      return [command.target];
    case 'supervisorDecide':
      return command.target ? [command.target] : [];
    default:
      return [];
  }
}

const whereKept = {
  member: { collection: registerCollections.members, list: '/api/v1/members', label: '党员' },
  organisation: { collection: registerCollections.organisations, list: '/api/v1/organisations', label: '党组织' },
  social_org: { collection: registerCollections.socialOrgs, list: '/api/v1/social-orgs', label: '社会组织' },
} as const;

type Unknown = { path: string; value: string; message: string; allowed: string };

/**
 * Whether a target lies in the subtree of `scopeId` (the actor's organisation): a member or an
 * organisation below it, a social organisation serving an area below or above it, or a paired
 * agency or fallback organisation (兜底) of an organisation below or above it.
 */
async function targetInScope(db: Connection, target: HandlerTarget, raw: Record<string, unknown>, actorOrganisationId: string): Promise<boolean> {
  const register = registerReader(db);
  const scopeId = await jurisdictionOf(register, actorOrganisationId);
  const pathOf = (organisationId: string) => organisationPath(register, organisationId);
  const actorPath = await pathOf(scopeId);
  const related = async (organisationId: string) => (await pathOf(organisationId)).includes(scopeId) || actorPath.includes(organisationId);
  if (target.kind === 'member') return (await pathOf(Member.parse(raw).organisationId)).includes(scopeId);
  if (target.kind === 'social_org') {
    for (const area of SocialOrg.parse(raw).serviceAreaIds) if (await related(area)) return true;
    return false;
  }
  if ((await pathOf(Organisation.parse(raw)._id)).includes(scopeId)) return true;
  const linked = await db
    .collection(registerCollections.organisations)
    .find({ $or: [{ pairedOrganisationIds: target.id }, { fallbackOrganisationId: target.id }] })
    .project({ _id: 1 })
    .toArray();
  for (const organisation of linked) if (await related(String(organisation._id))) return true;
  return false;
}

/**
 * Refuses a command that hands an order to someone the register does not hold, or to a member
 * who is no longer active (422, naming each unknown target and where the valid ones are listed),
 * or to someone outside the actor's organisation subtree (403).
 */
export function checkTargetsInRegister(db: Connection) {
  return async (command: OrderCommand, actor: Actor): Promise<void> => {
    const unknown: Unknown[] = [];
    const outside: Unknown[] = [];
    for (const [index, target] of targetsOf(command).entries()) {
      const kept = whereKept[target.kind];
      const path = index === 0 ? 'target' : `coHandlers.${index - 1}`;
      const raw = await db.collection(kept.collection).findOne({ _id: target.id as never });
      const inactive = raw && target.kind === 'member' && !Member.parse(raw).active;
      if (!raw || inactive) {
        unknown.push({ path, value: target.id, message: inactive ? `${kept.label} ${target.id} 已不在岗` : `${kept.label} ${target.id} 不在名册中`, allowed: kept.list });
      } else if (actor.organisationId && !(await targetInScope(db, target, raw, actor.organisationId))) {
        outside.push({ path, value: target.id, message: `${kept.label} ${target.id} 不在您所在党组织的管辖范围内`, allowed: kept.list });
      } else if (!actor.organisationId) {
        outside.push({ path, value: target.id, message: '您的账号没有所属党组织，不能派单', allowed: kept.list });
      }
    }
    if (unknown.length > 0) {
      throw new HttpProblem(422, 'unknown-target', '派单对象不在名册中', unknown.map((u) => u.message).join('; '), { errors: unknown });
    }
    if (outside.length > 0) {
      throw new HttpProblem(403, 'OutOfScope', '派单对象不在管辖范围内', outside.map((u) => u.message).join('; '), { errors: outside });
    }
  };
}
