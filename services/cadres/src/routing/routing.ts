import type { Connection } from 'mongoose';
import {
  Grid,
  Member,
  Organisation,
  SocialOrg,
  type HandlerTarget,
  type OrderRouting,
  type OrderRoutingQuery,
} from '@lianxin/contracts';
import { registerCollections } from '../register/collections';

/** How far up the organisation tree a fallback is looked for (county → township → village → branch, with room). */
const maxTreeDepth = 6;
/** Social organisations offered an order in the second claim stage. */
const maxSocialOrgs = 10;

function memberTarget(member: Member): HandlerTarget {
  return { kind: 'member', id: member._id, name: member.name, organisationId: member.organisationId };
}

function organisationTarget(organisation: Organisation): HandlerTarget {
  return { kind: 'organisation', id: organisation._id, name: organisation.name };
}

/** Reads the register by id only (and social organisations by area), through one connection. */
export function registerReader(db: Connection) {
  const byId = async <T>(collection: string, parse: (raw: unknown) => T, id: string | undefined): Promise<T | undefined> => {
    if (!id) return undefined;
    const raw = await db.collection(collection).findOne({ _id: id as never });
    return raw ? parse(raw) : undefined;
  };
  return {
    organisation: (id: string | undefined) => byId(registerCollections.organisations, (r) => Organisation.parse(r), id),
    grid: (id: string | undefined) => byId(registerCollections.grids, (r) => Grid.parse(r), id),
    member: (id: string | undefined) => byId(registerCollections.members, (r) => Member.parse(r), id),
    socialOrgsServing: async (areaIds: string[]) =>
      (await db.collection(registerCollections.socialOrgs).find({ serviceAreaIds: { $in: areaIds } }).sort({ _id: 1 }).limit(maxSocialOrgs).toArray()).map(
        (raw) => SocialOrg.parse(raw),
      ),
    agenciesOf: async (parentIds: string[]) =>
      (await db.collection(registerCollections.organisations).find({ parentId: { $in: parentIds }, level: 'agency' }).project({ _id: 1 }).toArray()).map((raw) =>
        String(raw._id),
      ),
    countyOrganisation: async () => {
      const raw = await db.collection(registerCollections.organisations).findOne({ level: 'county' });
      return raw ? Organisation.parse(raw) : undefined;
    },
  };
}

type RegisterReader = ReturnType<typeof registerReader>;

/**
 * Whose subtree an organisation's work lies in: its own, or for an agency (县纪委监委, 县委组织部,
 * a township's 兜底专班…) its parent's — agencies act for the level they belong to.
 */
export async function jurisdictionOf(register: Pick<RegisterReader, 'organisation'>, organisationId: string): Promise<string> {
  const organisation = await register.organisation(organisationId);
  return organisation?.level === 'agency' && organisation.parentId ? organisation.parentId : organisationId;
}

/**
 * The organisation and its ancestors, nearest first (village → township → county); the county
 * alone when the place is unknown, so every order lies in some scope.
 */
export async function organisationPath(register: Pick<RegisterReader, 'organisation' | 'countyOrganisation'>, organisationId: string | undefined): Promise<string[]> {
  const path: string[] = [];
  let organisation = await register.organisation(organisationId);
  for (let depth = 0; organisation && depth < maxTreeDepth && !path.includes(organisation._id); depth += 1) {
    path.push(organisation._id);
    organisation = await register.organisation(organisation.parentId);
  }
  if (path.length === 0) {
    const county = await register.countyOrganisation();
    if (county) path.push(county._id);
  }
  return path;
}

/** Walks up from `organisationId` to the nearest declared fallback organisation (兜底); the county's otherwise. */
async function findFallback(register: RegisterReader, organisationId: string | undefined): Promise<HandlerTarget> {
  let organisation = await register.organisation(organisationId);
  for (let depth = 0; organisation && depth < maxTreeDepth; depth += 1) {
    const fallback = await register.organisation(organisation.fallbackOrganisationId);
    if (fallback) return organisationTarget(fallback);
    organisation = await register.organisation(organisation.parentId);
  }
  const county = await register.countyOrganisation();
  const countyFallback = await register.organisation(county?.fallbackOrganisationId);
  if (countyFallback) return organisationTarget(countyFallback);
  if (county) return organisationTarget(county);
  throw new Error('名册中没有县级党组织，无法确定兜底单位 (the register has no county organisation)');
}

/**
 * Where an order goes: the organisation of its grid (or the one named), the grid's responsible
 * member, the social organisations serving that area and its township, and the fallback
 * organisation (兜底) found up the tree. An unknown grid routes by the organisation alone.
 */
export async function routeOrder(db: Connection, query: OrderRoutingQuery): Promise<OrderRouting> {
  const register = registerReader(db);
  const grid = await register.grid(query.gridId);
  const organisationId = grid?.organisationId ?? query.organisationId;
  const gridMember = grid ? await register.member(grid.responsibleMemberId) : undefined;
  const organisation = await register.organisation(organisationId);
  const areaIds = [organisationId, organisation?.parentId].filter((id): id is string => Boolean(id));
  const social = areaIds.length > 0 ? await register.socialOrgsServing(areaIds) : [];
  const path = await organisationPath(register, organisation?._id);
  return {
    ...(organisationId ? { organisationId } : {}),
    organisationPath: path,
    scope: [...path, ...(await register.agenciesOf(path))],
    claimChain: {
      ...(gridMember ? { gridMember: memberTarget(gridMember) } : {}),
      socialOrgs: social.map((s) => ({ kind: 'social_org' as const, id: s._id, name: s.name })),
      fallbackOrganisation: await findFallback(register, organisationId),
    },
  };
}
