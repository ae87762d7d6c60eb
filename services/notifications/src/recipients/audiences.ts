import type { HandlerTarget, Member, MemberRole, OrderEventData } from '@lianxin/contracts';
import type { RegisterDirectory } from './directory';
import { residentRecipientId, type Recipient, type RecipientRole } from './person';

/** A group of people an event is told to (see ../delivery/rules.ts). */
export type Audience = 'resident' | 'handler' | 'co_handlers' | 'dispatchers' | 'supervisors' | 'upper_level' | 'claim_candidates';

/** The recipients of one audience, and the organisation they act for (named in 督办 texts). */
export interface ResolvedAudience {
  recipients: Recipient[];
  organisationName?: string;
}

const maxTreeDepth = 8;

/**
 * Resolves audiences against the register: the handler and co-handlers, the dispatchers and
 * supervisors of the nearest level of the order's organisation path that has any (an agency's
 * staff act for its parent level: 县纪委 for the county), the level above that for 挂牌督办, the
 * claim candidates of the current fallback stage, and the resident.
 */
export function audienceResolver(register: RegisterDirectory) {
  const asRecipient = (m: Member, role: RecipientRole): Recipient => ({ kind: 'member', id: m._id, name: m.name, role });

  /** The organisation and its ancestors, nearest first. */
  async function pathOf(organisationId: string | undefined): Promise<string[]> {
    const path: string[] = [];
    let current = organisationId ? await register.organisation(organisationId) : undefined;
    while (current && path.length < maxTreeDepth && !path.includes(current._id)) {
      path.push(current._id);
      current = current.parentId ? await register.organisation(current.parentId) : undefined;
    }
    return path;
  }

  /** Members holding `role` at a level: the organisation itself and its agencies. */
  async function staffAt(organisationId: string, role: MemberRole): Promise<Member[]> {
    const agencies = await register.agenciesOf(organisationId);
    const lists = await Promise.all([organisationId, ...agencies.map((a) => a._id)].map((id) => register.membersOf(id, role)));
    return lists.flat();
  }

  /** The nearest level (from `from` in the path upward) with someone in `role`. */
  async function nearestWith(path: string[], from: number, role: MemberRole): Promise<{ level: number; members: Member[] } | undefined> {
    for (let level = from; level < path.length; level += 1) {
      const members = await staffAt(path[level]!, role);
      if (members.length > 0) return { level, members };
    }
    return undefined;
  }

  async function targetRecipients(target: HandlerTarget, role: RecipientRole, signedBy?: { id: string; name: string }): Promise<Recipient[]> {
    if (target.kind === 'member') return [{ kind: 'member', id: target.id, name: target.name, role }];
    if (target.kind === 'social_org') return [{ kind: 'social_org', id: target.id, name: target.name, role }];
    // An organisation: the member who signed for it, else its dispatchers, else (a 兜底 unit
    // without one) its members.
    if (signedBy) return [{ kind: 'member', id: signedBy.id, name: signedBy.name, role }];
    const dispatchers = await staffAt(target.id, 'dispatcher');
    const people = dispatchers.length > 0 ? dispatchers : await register.membersOf(target.id, 'member');
    return people.map((m) => asRecipient(m, role));
  }

  const organisationName = async (id: string | undefined) => (id ? (await register.organisation(id))?.name : undefined);

  return async function resolve(audience: Audience, data: OrderEventData): Promise<ResolvedAudience> {
    const order = data.order;
    switch (audience) {
      case 'resident':
        return { recipients: order.resident.phone ? [{ kind: 'resident', id: residentRecipientId(order.id), name: order.resident.name, role: 'resident' }] : [] };
      case 'handler':
        if (!order.handler) return { recipients: [] };
        return {
          recipients: await targetRecipients(order.handler, 'handler', order.handler.signedBy ? { id: order.handler.signedBy.id, name: order.handler.signedBy.name ?? order.handler.signedBy.id } : undefined),
        };
      case 'co_handlers':
        return { recipients: (await Promise.all(order.coHandlers.map((t) => targetRecipients(t, 'co_handler')))).flat() };
      case 'claim_candidates': {
        const claim = order.claim;
        if (!claim) return { recipients: [] };
        if (claim.openToAll && claim.offeredTo.length === 0 && order.location.organisationId) {
          // Open to every member of the place's organisation (认领栏).
          return { recipients: (await register.membersOf(order.location.organisationId, 'member')).map((m) => asRecipient(m, 'claim_candidate')) };
        }
        return { recipients: (await Promise.all(claim.offeredTo.map((t) => targetRecipients(t, 'claim_candidate')))).flat() };
      }
      case 'dispatchers': {
        const path = await pathOf(order.location.organisationId);
        const found = await nearestWith(path, 0, 'dispatcher');
        return found ? { recipients: found.members.map((m) => asRecipient(m, 'dispatcher')), organisationName: await organisationName(path[found.level]) } : { recipients: [] };
      }
      case 'supervisors':
      case 'upper_level': {
        // 督办 goes to the nearest level with a supervisor (the township for a village's order);
        // 挂牌督办 to the level above that one (the county), its supervisors and dispatchers.
        const path = await pathOf(order.location.organisationId);
        const supervising = await nearestWith(path, 0, 'supervisor');
        if (!supervising) return { recipients: [] };
        if (audience === 'supervisors') {
          return { recipients: supervising.members.map((m) => asRecipient(m, 'supervisor')), organisationName: await organisationName(path[supervising.level]) };
        }
        const upper = Math.min(supervising.level + 1, path.length - 1);
        const [supervisors, dispatchers] = await Promise.all([staffAt(path[upper]!, 'supervisor'), staffAt(path[upper]!, 'dispatcher')]);
        const seen = new Set<string>();
        const recipients = [...supervisors, ...dispatchers].filter((m) => !seen.has(m._id) && seen.add(m._id)).map((m) => asRecipient(m, 'upper_level'));
        return { recipients, organisationName: await organisationName(path[upper]) };
      }
    }
  };
}
export type AudienceResolver = ReturnType<typeof audienceResolver>;
