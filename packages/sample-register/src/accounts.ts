import { z } from 'zod';
import { ActorRole } from '@lianxin/contracts';
import { sampleMembers, sampleOrganisations, sampleSocialOrgs } from './register';

/**
 * The roles a sign-in account may hold (the `roles` claim of its tokens). The register's member
 * roles (member, dispatcher, supervisor, grid_worker) are among them.
 */
export const AccountRole = ActorRole.exclude(['system', 'service']);
export const accountRoles = AccountRole.options;

export type AccountRole = z.infer<typeof AccountRole>;

/** A sign-in account of the development data: who signs in, and what their tokens say. */
export const SampleAccount = z.strictObject({
  /** The sign-in name and the tokens' `sub`: a member's or social organisation's register id. */
  username: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/),
  name: z.string().trim().min(1).max(50),
  roles: z.array(AccountRole).min(1),
  /** The organisation the account acts for (the tokens' `org`). */
  organisationId: z.string().min(1).max(64),
});
export type SampleAccount = z.infer<typeof SampleAccount>;

/**
 * The development password of every sample account when `LIANXIN_DEV_PASSWORD` is not set
 * (`npm start` uses it). Not a secret: the sample accounts exist for development only.
 */
export const defaultDevelopmentPassword = 'lianxin-dev';

/** The county's party organisation (县委): where the county-wide staff accounts belong. */
export const countyOrganisationId = 'org-county';

const organisationById = new Map(sampleOrganisations.map((o) => [o._id, o]));

/** The county organisation itself or one of its county-level agencies (县纪委监委 …). */
function atCountyLevel(organisationId: string): boolean {
  const organisation = organisationById.get(organisationId);
  if (!organisation) return false;
  return organisation.level === 'county' || (organisation.level === 'agency' && organisation.parentId === countyOrganisationId);
}

const activeMembers = sampleMembers.filter((m) => m.active !== false);

const memberAccounts: SampleAccount[] = activeMembers.map((m) => ({
  username: m._id,
  name: m.name,
  roles: [...m.roles],
  organisationId: m.organisationId,
}));

const socialOrgAccounts: SampleAccount[] = sampleSocialOrgs.map((s) => ({
  username: s._id,
  name: s.name,
  roles: ['social_org'],
  organisationId: s._id,
}));

const hasCountySupervisor = activeMembers.some((m) => m.roles.includes('supervisor') && atCountyLevel(m.organisationId));

/** Staff who are not in the register: the hotline, county oversight and the platform's admin. */
const staffAccounts: SampleAccount[] = [
  { username: 'agent-hotline-1', name: '话务员一', roles: ['agent'], organisationId: countyOrganisationId },
  { username: 'agent-hotline-2', name: '话务员二', roles: ['agent'], organisationId: countyOrganisationId },
  ...(hasCountySupervisor
    ? []
    : [{ username: 'supervisor-county', name: '县级督办', roles: ['supervisor'], organisationId: countyOrganisationId } satisfies SampleAccount]),
  { username: 'leader-county', name: '县委领导', roles: ['leader'], organisationId: countyOrganisationId },
  { username: 'admin', name: '系统管理员', roles: ['admin'], organisationId: countyOrganisationId },
];

/**
 * One sign-in account per active member of the sample register (username = member id, the
 * member's roles and organisation), one per social organisation (role `social_org`), and the
 * county staff above. Every account's password is the development password.
 */
export const sampleAccounts: readonly SampleAccount[] = [...memberAccounts, ...socialOrgAccounts, ...staffAccounts].map((a) =>
  SampleAccount.parse(a),
);
