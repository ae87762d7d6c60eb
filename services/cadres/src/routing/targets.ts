import type { Connection } from 'mongoose';
import { Member, type HandlerTarget, type OrderCommand } from '@lianxin/contracts';
import { HttpProblem } from '@lianxin/platform';
import { registerCollections } from '../register/collections';

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

/**
 * Refuses (422) a command that hands an order to someone the register does not hold, or to a
 * member who is no longer active, naming each unknown target and where the valid ones are listed.
 */
export function checkTargetsInRegister(db: Connection) {
  return async (command: OrderCommand): Promise<void> => {
    const unknown: { path: string; value: string; message: string; allowed: string }[] = [];
    for (const [index, target] of targetsOf(command).entries()) {
      const kept = whereKept[target.kind];
      const raw = await db.collection(kept.collection).findOne({ _id: target.id as never });
      const inactive = raw && target.kind === 'member' && !Member.parse(raw).active;
      if (!raw || inactive) {
        unknown.push({
          path: index === 0 ? 'target' : `coHandlers.${index - 1}`,
          value: target.id,
          message: inactive ? `${kept.label} ${target.id} 已不在岗` : `${kept.label} ${target.id} 不在名册中`,
          allowed: kept.list,
        });
      }
    }
    if (unknown.length > 0) {
      throw new HttpProblem(422, 'unknown-target', '派单对象不在名册中', unknown.map((u) => u.message).join('; '), { errors: unknown });
    }
  };
}
