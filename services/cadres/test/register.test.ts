import { Grid, Member, Organisation, SocialOrg } from '@lianxin/contracts';
import { countyFallbackId, sampleGrids, sampleMembers, sampleOrganisations, sampleSocialOrgs } from '@lianxin/sample-register';

const organisations = sampleOrganisations.map((o) => Organisation.parse(o));
const grids = sampleGrids.map((g) => Grid.parse(g));
const members = sampleMembers.map((m) => Member.parse(m));
const socialOrgs = sampleSocialOrgs.map((s) => SocialOrg.parse(s));

const organisationById = new Map(organisations.map((o) => [o._id, o]));
const memberById = new Map(members.map((m) => [m._id, m]));
const gridById = new Map(grids.map((g) => [g._id, g]));

const townships = organisations.filter((o) => o.level === 'township');
const villages = organisations.filter((o) => o.level === 'village');
const agencies = organisations.filter((o) => o.level === 'agency');

/** The organisation and every ancestor, nearest first. */
function lineage(organisationId: string): string[] {
  const chain: string[] = [];
  for (let id: string | undefined = organisationId; id; id = organisationById.get(id)?.parentId) {
    if (chain.includes(id)) throw new Error(`cycle in the organisation tree at ${id}`);
    chain.push(id);
  }
  return chain;
}

function missing(ids: readonly string[], known: ReadonlyMap<string, unknown>): string[] {
  return ids.filter((id) => !known.has(id));
}

describe('the sample register', () => {
  it('parses with the contracts schemas', () => {
    for (const o of sampleOrganisations) expect(Organisation.safeParse(o).success).toBe(true);
    for (const g of sampleGrids) expect(Grid.safeParse(g).success).toBe(true);
    for (const m of sampleMembers) expect(Member.safeParse(m).success).toBe(true);
    for (const s of sampleSocialOrgs) expect(SocialOrg.safeParse(s).success).toBe(true);
  });

  it('has the expected shape and size', () => {
    expect(organisations.filter((o) => o.level === 'county')).toHaveLength(1);
    expect(townships.map((t) => t.name).sort()).toEqual(['仁和集镇党委', '冶山镇党委', '张铺镇党委', '铜城镇党委'].sort());
    for (const township of townships) {
      const count = villages.filter((v) => v.parentId === township._id).length;
      expect(count).toBeGreaterThanOrEqual(3);
      expect(count).toBeLessThanOrEqual(4);
    }
    expect(organisations.some((o) => o.level === 'branch')).toBe(true);
    expect(members.length).toBeGreaterThanOrEqual(40);
    expect(members.length).toBeLessThanOrEqual(65);
    expect(socialOrgs.length).toBeGreaterThanOrEqual(6);
  });

  it('uses unique ids, each with its collection prefix', () => {
    const all = [...organisations, ...grids, ...members, ...socialOrgs].map((d) => d._id);
    expect(new Set(all).size).toBe(all.length);
    for (const o of organisations) expect(o._id).toMatch(/^org-[a-z0-9-]+$/);
    for (const g of grids) expect(g._id).toMatch(/^grid-[a-z0-9-]+$/);
    for (const m of members) expect(m._id).toMatch(/^mem-[a-z0-9-]+$/);
    for (const s of socialOrgs) expect(s._id).toMatch(/^soc-[a-z0-9-]+$/);
  });

  it('holds no phone or ID numbers', () => {
    const text = JSON.stringify([sampleOrganisations, sampleGrids, sampleMembers, sampleSocialOrgs]);
    expect(text).not.toMatch(/1[3-9]\d{9}/);
    expect(text).not.toMatch(/\d{17}[\dXx]/);
  });

  describe('organisation tree', () => {
    it('has parents that exist, one level up, without cycles', () => {
      const parentLevel = { county: [], township: ['county'], village: ['township'], branch: ['village'], agency: ['county', 'township'] } as const;
      for (const o of organisations) {
        if (o.level === 'county') {
          expect(o.parentId).toBeUndefined();
          continue;
        }
        const parent = organisationById.get(o.parentId ?? '');
        expect({ id: o._id, parent: parent?._id }).toEqual({ id: o._id, parent: o.parentId });
        expect(parentLevel[o.level] as readonly string[]).toContain(parent!.level);
        expect(lineage(o._id).at(-1)).toBe('org-county');
      }
    });

    it('points fallbacks at existing agencies, never at themselves', () => {
      for (const o of organisations.filter((x) => x.fallbackOrganisationId)) {
        const fallback = organisationById.get(o.fallbackOrganisationId!);
        expect({ id: o._id, fallback: fallback?._id }).toEqual({ id: o._id, fallback: o.fallbackOrganisationId });
        expect(fallback!._id).not.toBe(o._id);
        expect(fallback!.level).toBe('agency');
        expect(fallback!.name).toContain('兜底');
      }
      expect(organisationById.get(countyFallbackId)?.name).toBe('县委社会工作部兜底专班');
      expect(organisationById.get('org-county')?.fallbackOrganisationId).toBe(countyFallbackId);
    });

    it('gives every township a fallback: its own 兜底 unit or the county one', () => {
      for (const township of townships) {
        const fallback = organisationById.get(township.fallbackOrganisationId ?? '');
        expect({ township: township._id, fallback: fallback?._id }).toEqual({ township: township._id, fallback: expect.any(String) });
        // A township-level 兜底 unit sits under its own township.
        if (fallback!._id !== countyFallbackId) expect(fallback!.parentId).toBe(township._id);
      }
      expect(townships.some((t) => t.fallbackOrganisationId === countyFallbackId)).toBe(true);
      expect(townships.some((t) => t.fallbackOrganisationId !== countyFallbackId)).toBe(true);
    });

    it('pairs villages with existing county agencies, and every agency pairing is with villages', () => {
      for (const o of organisations) {
        expect({ id: o._id, missing: missing(o.pairedOrganisationIds, organisationById) }).toEqual({ id: o._id, missing: [] });
        for (const paired of o.pairedOrganisationIds) {
          expect(o.level).toBe('village');
          expect(organisationById.get(paired)!.level).toBe('agency');
          expect(organisationById.get(paired)!.parentId).toBe('org-county');
        }
      }
      for (const village of villages) expect(village.pairedOrganisationIds.length).toBeGreaterThan(0);
      const paired = new Set(villages.flatMap((v) => v.pairedOrganisationIds));
      expect(agencies.filter((a) => a._id.startsWith('org-agency-') && !paired.has(a._id))).toEqual([]);
    });
  });

  describe('members', () => {
    it('belong to existing organisations', () => {
      expect(members.filter((m) => !organisationById.has(m.organisationId)).map((m) => m._id)).toEqual([]);
    });

    it('give every township a dispatcher and a supervisor', () => {
      for (const township of townships) {
        const own = members.filter((m) => m.organisationId === township._id && m.active);
        expect({ township: township._id, dispatcher: own.some((m) => m.roles.includes('dispatcher')) }).toEqual({ township: township._id, dispatcher: true });
        expect({ township: township._id, supervisor: own.some((m) => m.roles.includes('supervisor')) }).toEqual({ township: township._id, supervisor: true });
      }
    });

    it('give every village a dispatcher, and the county a supervisor', () => {
      for (const village of villages) {
        const dispatchers = members.filter((m) => m.organisationId === village._id && m.active && m.roles.includes('dispatcher'));
        expect({ village: village._id, dispatchers: dispatchers.length }).toEqual({ village: village._id, dispatchers: 1 });
      }
      const countyLevel = members.filter((m) => organisationById.get(m.organisationId)?.parentId === 'org-county' || m.organisationId === 'org-county');
      expect(countyLevel.some((m) => m.roles.includes('supervisor'))).toBe(true);
    });

    it('have names in Chinese and skills from the known list', () => {
      const known = ['水电维修', '法律咨询', '医疗护理', '助老服务', '政策解读', '农技指导', '心理疏导', '就业指导', '矛盾调解', '产品销售'];
      for (const m of members) {
        expect(m.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
        for (const skill of m.skills) expect(known).toContain(skill);
      }
      for (const skill of known) expect(members.some((m) => m.skills.includes(skill))).toBe(true);
    });
  });

  describe('grids', () => {
    it('have one large grid and two or three small ones per village', () => {
      for (const village of villages) {
        const own = grids.filter((g) => g.organisationId === village._id);
        expect({ village: village._id, large: own.filter((g) => g.size === 'large').length }).toEqual({ village: village._id, large: 1 });
        const small = own.filter((g) => g.size === 'small').length;
        expect(small).toBeGreaterThanOrEqual(2);
        expect(small).toBeLessThanOrEqual(3);
      }
      expect(grids.every((g) => organisationById.get(g.organisationId)?.level === 'village')).toBe(true);
    });

    it('nest small grids in a large grid of the same village', () => {
      for (const g of grids) {
        if (g.size === 'large') {
          expect(g.parentGridId).toBeUndefined();
          continue;
        }
        const parent = gridById.get(g.parentGridId ?? '');
        expect({ grid: g._id, parent: parent?._id }).toEqual({ grid: g._id, parent: g.parentGridId });
        expect(parent!.size).toBe('large');
        expect(parent!.organisationId).toBe(g.organisationId);
      }
    });

    it('have active responsible members from the village or its township', () => {
      for (const g of grids) {
        const responsible = memberById.get(g.responsibleMemberId);
        expect({ grid: g._id, responsible: responsible?._id }).toEqual({ grid: g._id, responsible: g.responsibleMemberId });
        expect(responsible!.active).toBe(true);
        expect(responsible!.roles).toContain('member');
        const village = organisationById.get(g.organisationId)!;
        expect([village._id, village.parentId]).toContain(responsible!.organisationId);
      }
    });

    it('have grid workers who exist, are grid workers and work in that village', () => {
      for (const g of grids) {
        expect(g.gridWorkerIds.length).toBeGreaterThan(0);
        for (const workerId of g.gridWorkerIds) {
          const worker = memberById.get(workerId);
          expect({ grid: g._id, worker: worker?._id }).toEqual({ grid: g._id, worker: workerId });
          expect(worker!.roles).toContain('grid_worker');
          expect(worker!.organisationId).toBe(g.organisationId);
        }
      }
    });
  });

  describe('social organisations', () => {
    it('serve existing townships and offer skills', () => {
      for (const s of socialOrgs) {
        expect(s.serviceAreaIds.length).toBeGreaterThan(0);
        for (const areaId of s.serviceAreaIds) expect(organisationById.get(areaId)?.level).toBe('township');
        expect(s.skills.length).toBeGreaterThan(0);
      }
      for (const township of townships) expect(socialOrgs.filter((s) => s.serviceAreaIds.includes(township._id)).length).toBeGreaterThanOrEqual(3);
    });
  });

  // Other code (the order workflow's integration test, the README) names these documents.
  it('keeps the ids other code relies on', () => {
    expect(gridById.get('grid-yeshan-dongwang-1')).toMatchObject({ organisationId: 'org-yeshan-dongwang', responsibleMemberId: 'mem-yeshan-dongwang-2' });
    expect(memberById.get('mem-yeshan-dongwang-2')).toMatchObject({ name: '李秀英', organisationId: 'org-yeshan-dongwang', roles: ['member'] });
    expect(memberById.get('mem-yeshan-dongwang-3')).toMatchObject({ name: '张志强', organisationId: 'org-yeshan-dongwang' });
    expect(memberById.get('mem-yeshan-dispatcher')).toMatchObject({ organisationId: 'org-yeshan', roles: expect.arrayContaining(['dispatcher']) });
    expect(memberById.get('mem-yeshan-supervisor')).toMatchObject({ organisationId: 'org-yeshan', roles: expect.arrayContaining(['supervisor']) });
    // The claim chain of a wish in 东王村: grid member → social orgs of 冶山镇 → the county 兜底.
    const yeshanSocial = socialOrgs.filter((s) => s.serviceAreaIds.includes('org-yeshan')).map((s) => s._id);
    expect(yeshanSocial).toEqual(expect.arrayContaining(['soc-volunteers', 'soc-women']));
    expect(lineage('org-yeshan-dongwang').map((id) => organisationById.get(id)!.fallbackOrganisationId).find(Boolean)).toBe(countyFallbackId);
  });
});
