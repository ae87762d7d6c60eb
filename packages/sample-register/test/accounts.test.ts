import { Member, Organisation } from '@lianxin/contracts';
import { accountRoles, countyOrganisationId, sampleAccounts, sampleMembers, sampleOrganisations, sampleSocialOrgs } from '../src';

const members = sampleMembers.map((m) => Member.parse(m));
const accountByUsername = new Map(sampleAccounts.map((a) => [a.username, a]));
const organisationIds = new Set(sampleOrganisations.map((o) => Organisation.parse(o)._id));

describe('sample accounts', () => {
  it('has one account per active member, with the register roles, organisation and name', () => {
    const active = members.filter((m) => m.active);
    expect(active.length).toBeGreaterThan(50);
    for (const member of active) {
      expect(accountByUsername.get(member._id)).toEqual({
        username: member._id,
        name: member.name,
        roles: member.roles,
        organisationId: member.organisationId,
      });
    }
  });

  it('has no account for an inactive member', () => {
    const inactive = members.filter((m) => !m.active);
    expect(inactive.length).toBeGreaterThan(0);
    for (const member of inactive) expect(accountByUsername.has(member._id)).toBe(false);
  });

  it('has one account per social organisation, acting for itself', () => {
    for (const org of sampleSocialOrgs) {
      expect(accountByUsername.get(org._id)).toEqual({ username: org._id, name: org.name, roles: ['social_org'], organisationId: org._id });
    }
  });

  it('has the county staff: two hotline agents, a supervisor, a leader and an admin', () => {
    expect(accountByUsername.get('agent-hotline-1')).toMatchObject({ roles: ['agent'], organisationId: countyOrganisationId });
    expect(accountByUsername.get('agent-hotline-2')).toMatchObject({ roles: ['agent'], organisationId: countyOrganisationId });
    expect(accountByUsername.get('leader-county')).toMatchObject({ roles: ['leader'], organisationId: countyOrganisationId });
    expect(accountByUsername.get('admin')).toMatchObject({ roles: ['admin'], organisationId: countyOrganisationId });
    const countySupervisors = sampleAccounts.filter(
      (a) => a.roles.includes('supervisor') && (a.organisationId === countyOrganisationId || a.organisationId.startsWith('org-county-')),
    );
    expect(countySupervisors.length).toBeGreaterThan(0);
  });

  it('gives every account a unique username, known roles and a known organisation', () => {
    expect(accountByUsername.size).toBe(sampleAccounts.length);
    const socialOrgIds = new Set(sampleSocialOrgs.map((s) => s._id));
    for (const account of sampleAccounts) {
      expect(account.roles.length).toBeGreaterThan(0);
      for (const role of account.roles) expect(accountRoles).toContain(role);
      expect(organisationIds.has(account.organisationId) || socialOrgIds.has(account.organisationId)).toBe(true);
    }
  });
});
