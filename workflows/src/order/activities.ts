import { Context } from '@temporalio/activity';
import type { Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import {
  Grid,
  Member,
  Organisation,
  SocialOrg,
  registerCollections,
  toOrderCloudEvent,
  toOrderEventRecord,
  type HandlerTarget,
  type IntakeOrder,
  type OrderEventData,
  type TraceContext,
} from '@lianxin/contracts';
import type { ClaimChain } from './order-case';
import type { OrderPolicy } from './policy';

export interface OrderActivityDeps {
  producer: Producer;
  orderEventsTopic: string;
  /** The cadres domain's database (register of organisations, grids, members, social orgs). */
  register: Connection;
  /** Where the order policy comes from (data, not code). */
  policy: () => Promise<OrderPolicy>;
  /** Test hook: fail after producing, to prove retries publish nothing twice in effect. */
  afterProduce?: (events: OrderEventData[], attempt: number) => void;
}

export interface OrderSetup {
  policy: OrderPolicy;
  claimChain: ClaimChain;
  /** The village/community organisation of the order's grid, when the intake named only a grid. */
  organisationId?: string;
}

const countyFallback: HandlerTarget = { kind: 'organisation', id: 'org-fallback', name: '县委社会工作部兜底专班' };

function memberTarget(member: Member): HandlerTarget {
  return { kind: 'member', id: member._id, name: member.name, organisationId: member.organisationId };
}

/** Walks up the organisation tree to the nearest declared fallback organisation (兜底). */
async function findFallback(register: Connection, organisationId: string | undefined): Promise<HandlerTarget> {
  const organisations = register.collection(registerCollections.organisations);
  let id = organisationId;
  for (let depth = 0; id && depth < 6; depth += 1) {
    const raw = await organisations.findOne({ _id: id as never });
    if (!raw) break;
    const organisation = Organisation.parse(raw);
    if (organisation.fallbackOrganisationId) {
      const fallbackRaw = await organisations.findOne({ _id: organisation.fallbackOrganisationId as never });
      if (fallbackRaw) {
        const fallback = Organisation.parse(fallbackRaw);
        return { kind: 'organisation', id: fallback._id, name: fallback.name };
      }
    }
    id = organisation.parentId;
  }
  return countyFallback;
}

export function createOrderActivities(deps: OrderActivityDeps) {
  return {
    /** Reads the policy and the claim fallback chain for the order's place (grid → area). */
    async loadOrderSetup({ intake }: { intake: IntakeOrder }): Promise<OrderSetup> {
      const policy = await deps.policy();
      const grids = deps.register.collection(registerCollections.grids);
      const members = deps.register.collection(registerCollections.members);
      const socialOrgs = deps.register.collection(registerCollections.socialOrgs);
      const gridRaw = intake.location.gridId ? await grids.findOne({ _id: intake.location.gridId as never }) : null;
      const grid = gridRaw ? Grid.parse(gridRaw) : undefined;
      const organisationId = grid?.organisationId ?? intake.location.organisationId;
      let gridMember: HandlerTarget | undefined;
      if (grid) {
        const memberRaw = await members.findOne({ _id: grid.responsibleMemberId as never });
        if (memberRaw) gridMember = memberTarget(Member.parse(memberRaw));
      }
      const areaIds = [organisationId].filter((x): x is string => Boolean(x));
      if (organisationId) {
        const parent = await deps.register.collection(registerCollections.organisations).findOne({ _id: organisationId as never });
        if (parent) {
          const parsed = Organisation.parse(parent);
          if (parsed.parentId) areaIds.push(parsed.parentId);
        }
      }
      const social = areaIds.length
        ? (await socialOrgs.find({ serviceAreaIds: { $in: areaIds } }).limit(10).toArray()).map((raw) => SocialOrg.parse(raw))
        : [];
      return {
        policy,
        ...(organisationId ? { organisationId } : {}),
        claimChain: {
          ...(gridMember ? { gridMember } : {}),
          socialOrgs: social.map((s) => ({ kind: 'social_org' as const, id: s._id, name: s.name })),
          fallbackOrganisation: await findFallback(deps.register, organisationId),
        },
      };
    },

    /** Publishes events in order, keyed by order id, as CloudEvents with deterministic ids. */
    async publishOrderEvents({ events, trace }: { events: OrderEventData[]; trace: TraceContext }): Promise<void> {
      if (events.length === 0) return;
      const records = events.map((event) => toOrderEventRecord(toOrderCloudEvent(event, trace)));
      await deps.producer.send({ topic: deps.orderEventsTopic, acks: -1, messages: records });
      deps.afterProduce?.(events, Context.current().info.attempt);
    },
  };
}

export type OrderActivities = ReturnType<typeof createOrderActivities>;
