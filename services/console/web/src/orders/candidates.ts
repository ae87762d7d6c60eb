import type { ServicesApi } from '../api/services';
import { allPages } from '../api/services';
import type { Grid, HandlerTarget, Member, MemberWorkload, Organisation, SocialOrg } from '../api/types';
import type { Principal } from '../auth/principal';
import { byFitThenLoad, withLoads, type Load } from './ranking';

/** Why someone is suggested (shown as tags). */
export type CandidateReason = 'gridMember' | 'gridWorker' | 'local' | 'township' | 'paired' | 'fallback' | 'servesArea' | 'skill';

export interface Candidate {
  target: HandlerTarget;
  reasons: CandidateReason[];
  skills: string[];
  matchedSkills: string[];
  score: number;
  organisationName?: string;
  /** Members: their open and overdue orders now (在办负荷), when the caller may read it. */
  load?: Load;
}

export interface Candidates {
  members: Candidate[];
  organisations: Candidate[];
  socialOrgs: Candidate[];
}

/** Where the order lies and what it asks for: what suggestions are drawn from. */
export interface TargetContext {
  organisationId?: string;
  gridId?: string;
  category?: string;
}

/**
 * The skills of the register that fit each category of the catalogue (a suggestion aid, not a
 * rule: a dispatcher may pick anyone in scope).
 */
export const skillsByCategory: Record<string, readonly string[]> = {
  医疗: ['医疗护理'],
  水电气暖: ['水电维修'],
  道路安全: ['水电维修'],
  环境治理: ['水电维修', '农技指导'],
  矛盾纠纷: ['矛盾调解', '法律咨询'],
  法律援助: ['法律咨询', '矛盾调解'],
  就业: ['就业指导'],
  就业指导: ['就业指导'],
  技能帮扶: ['就业指导', '农技指导'],
  产业扶持: ['农技指导'],
  产品销售: ['农技指导'],
  政策扶持: ['政策解读'],
  民生保障: ['政策解读', '助老服务'],
  困难帮扶: ['助老服务', '政策解读'],
  家政服务: ['助老服务'],
  必需物资: ['助老服务'],
  精神文化: ['心理疏导'],
  学习用品: ['政策解读'],
  基层治理: ['政策解读', '矛盾调解'],
  公共服务: ['政策解读'],
};

const weights: Record<CandidateReason, number> = { gridMember: 4, gridWorker: 1, local: 2, township: 0, paired: 1, fallback: 0, servesArea: 1, skill: 3 };

function scored(candidate: Omit<Candidate, 'score'>): Candidate {
  const score = candidate.reasons.reduce((sum, reason) => sum + weights[reason], 0) + candidate.matchedSkills.length;
  return { ...candidate, score };
}

const orNothing = <T>(promise: Promise<T>): Promise<T | undefined> => promise.catch(() => undefined);

/**
 * Suggestions for 派单/改派 from the register: the grid's responsible member (网格责任党员) and the
 * village's members, the township's cadres (for a township dispatcher), the village organisation,
 * its paired agencies (结对单位) and fallback organisation (兜底), and the social organisations
 * serving the place — each ranked by the skills the category calls for, members among equals the
 * less loaded first (their open and overdue orders, `GET /api/v1/members/workload`).
 */
export async function loadCandidates(api: ServicesApi, context: TargetContext, principal: Principal): Promise<Candidates> {
  const grid: Grid | undefined = context.gridId ? await orNothing(api.cadres.grid(context.gridId)) : undefined;
  const placeId = context.organisationId ?? grid?.organisationId ?? principal.organisationId;
  const place: Organisation | undefined = placeId ? await orNothing(api.cadres.organisation(placeId)) : undefined;
  const parentId = place?.parentId;
  // A village dispatcher hands work within the village; one above it also to the township's cadres.
  const above = principal.organisationId !== placeId;
  const wanted = skillsByCategory[context.category ?? ''] ?? [];

  const [localMembers, parentMembers, localSocial, parentSocial, paired, fallback, localLoads, parentLoads] = await Promise.all([
    placeId ? orNothing(allPages<Member>((page) => api.cadres.members({ organisationId: placeId, ...page }))) : undefined,
    above && parentId ? orNothing(allPages<Member>((page) => api.cadres.members({ organisationId: parentId, ...page }))) : undefined,
    placeId ? orNothing(allPages<SocialOrg>((page) => api.cadres.socialOrgs({ areaId: placeId, ...page }))) : undefined,
    parentId ? orNothing(allPages<SocialOrg>((page) => api.cadres.socialOrgs({ areaId: parentId, ...page }))) : undefined,
    Promise.all((place?.pairedOrganisationIds ?? []).map((id) => orNothing(api.cadres.organisation(id)))),
    place?.fallbackOrganisationId ? orNothing(api.cadres.organisation(place.fallbackOrganisationId)) : undefined,
    placeId ? orNothing(api.cadres.memberWorkload(placeId)) : undefined,
    above && parentId ? orNothing(api.cadres.memberWorkload(parentId)) : undefined,
  ]);
  const loads: MemberWorkload[] = [...(localLoads ?? []), ...(parentLoads ?? [])];

  const members = new Map<string, Candidate>();
  const addMember = (member: Member, reason: CandidateReason, organisationName?: string) => {
    if (member.active === false) return;
    const existing = members.get(member._id);
    const reasons = new Set<CandidateReason>([...(existing?.reasons ?? []), reason]);
    if (grid?.responsibleMemberId === member._id) reasons.add('gridMember');
    if (grid?.gridWorkerIds.includes(member._id)) reasons.add('gridWorker');
    const matchedSkills = member.skills.filter((skill) => wanted.includes(skill));
    if (matchedSkills.length > 0) reasons.add('skill');
    members.set(
      member._id,
      scored({
        target: { kind: 'member', id: member._id, name: member.name, organisationId: member.organisationId },
        reasons: [...reasons],
        skills: member.skills,
        matchedSkills,
        ...(organisationName ? { organisationName } : {}),
      }),
    );
  };
  for (const member of localMembers ?? []) addMember(member, 'local', place?.name);
  for (const member of parentMembers ?? []) addMember(member, 'township');

  const organisations: Candidate[] = [];
  if (place) organisations.push(scored({ target: { kind: 'organisation', id: place._id, name: place.name }, reasons: ['local'], skills: [], matchedSkills: [] }));
  for (const agency of paired) {
    if (agency) organisations.push(scored({ target: { kind: 'organisation', id: agency._id, name: agency.name }, reasons: ['paired'], skills: [], matchedSkills: [] }));
  }
  if (fallback) organisations.push(scored({ target: { kind: 'organisation', id: fallback._id, name: fallback.name }, reasons: ['fallback'], skills: [], matchedSkills: [] }));

  const socials = new Map<string, Candidate>();
  for (const social of [...(localSocial ?? []), ...(parentSocial ?? [])]) {
    if (socials.has(social._id)) continue;
    const matchedSkills = social.skills.filter((skill) => wanted.includes(skill));
    socials.set(
      social._id,
      scored({
        target: { kind: 'social_org', id: social._id, name: social.name },
        reasons: matchedSkills.length > 0 ? ['servesArea', 'skill'] : ['servesArea'],
        skills: social.skills,
        matchedSkills,
      }),
    );
  }

  const byScore = (a: Candidate, b: Candidate) => b.score - a.score || a.target.name.localeCompare(b.target.name, 'zh-CN');
  return {
    members: withLoads([...members.values()], loads).sort(byFitThenLoad),
    organisations: organisations.sort(byScore),
    socialOrgs: [...socials.values()].sort(byScore),
  };
}

const cache = new Map<string, { at: number; candidates: Promise<Candidates> }>();
const cacheMs = 60_000;

/** `loadCandidates`, shared for a minute by every picker of the same order (the register changes rarely). */
export function cachedCandidates(api: ServicesApi, context: TargetContext, principal: Principal): Promise<Candidates> {
  const key = `${principal.id}|${context.organisationId ?? ''}|${context.gridId ?? ''}|${context.category ?? ''}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < cacheMs) return hit.candidates;
  const candidates = loadCandidates(api, context, principal);
  cache.set(key, { at: Date.now(), candidates });
  candidates.catch(() => cache.delete(key));
  return candidates;
}
