import { z } from 'zod';
import { HandlerTarget } from './order/commands';

/**
 * The cadres domain's register (organisations, grids, members, social organisations): the
 * shapes only. The cadres service owns the data; others ask its API (e.g. GET /api/v1/routing).
 */

/** 县/市/区委 → 乡镇(街道)党(工)委 → 村(社区)党组织 → 党支部; agencies are paired with villages. */
export const OrganisationLevel = z.enum(['county', 'township', 'village', 'branch', 'agency']);

export const Organisation = z.object({
  _id: z.string(),
  name: z.string(),
  level: OrganisationLevel,
  parentId: z.string().optional(),
  /** 兜底: takes what nobody else took in this organisation's area. */
  fallbackOrganisationId: z.string().optional(),
  /** 结对/挂钩: agencies paired with this village. */
  pairedOrganisationIds: z.array(z.string()).default([]),
});
export type Organisation = z.infer<typeof Organisation>;

export const Grid = z.object({
  _id: z.string(),
  name: z.string(),
  size: z.enum(['large', 'small']),
  parentGridId: z.string().optional(),
  /** The village/community organisation the grid belongs to. */
  organisationId: z.string(),
  /** 网格责任党员 */
  responsibleMemberId: z.string(),
  gridWorkerIds: z.array(z.string()).default([]),
});
export type Grid = z.infer<typeof Grid>;

export const MemberRole = z.enum(['member', 'dispatcher', 'supervisor', 'grid_worker']);
export type MemberRole = z.infer<typeof MemberRole>;

export const Member = z.object({
  _id: z.string(),
  name: z.string(),
  organisationId: z.string(),
  roles: z.array(MemberRole).min(1),
  skills: z.array(z.string()).default([]),
  /** 困难党员/老党员 etc. are members too, but not handlers. */
  active: z.boolean().default(true),
});
export type Member = z.infer<typeof Member>;

export const SocialOrg = z.object({
  _id: z.string(),
  name: z.string(),
  /** Organisations (townships/villages) whose area it serves. */
  serviceAreaIds: z.array(z.string()),
  skills: z.array(z.string()).default([]),
});
export type SocialOrg = z.infer<typeof SocialOrg>;

/**
 * Where an order goes (GET /api/v1/routing on the cadres service): the village/community
 * organisation of its place and its claim fallback chain (网格责任党员 → 社会力量 → 兜底).
 */
export const ClaimChain = z.strictObject({
  gridMember: HandlerTarget.optional(),
  socialOrgs: z.array(HandlerTarget),
  fallbackOrganisation: HandlerTarget,
});
export type ClaimChain = z.infer<typeof ClaimChain>;

export const OrderRouting = z.strictObject({
  organisationId: z.string().optional(),
  /** The organisation path of the place, nearest first (village → township → county): the order's scope. */
  organisationPath: z.array(z.string()).default([]),
  /**
   * Who oversees an order of the place (its scope): the path and the agencies of each level on it
   * (an agency's dispatchers and supervisors act for its level).
   */
  scope: z.array(z.string()).default([]),
  claimChain: ClaimChain,
});
export type OrderRouting = z.infer<typeof OrderRouting>;

export const OrderRoutingQuery = z.strictObject({
  gridId: z.string().trim().min(1).max(64).optional(),
  organisationId: z.string().trim().min(1).max(64).optional(),
});
export type OrderRoutingQuery = z.infer<typeof OrderRoutingQuery>;

/**
 * 通讯录: how to reach a member or a social organisation (their work phone and email). Kept by
 * the cadres service apart from the register lists (which carry no phone numbers) and read only
 * by the platform's services that send notices (`GET /api/v1/contact-points/:id`).
 */
export const ContactPoint = z.strictObject({
  /** The member's or social organisation's id. */
  _id: z.string(),
  phone: z.string().regex(/^1[3-9]\d{9}$/, '手机号应为11位大陆手机号').optional(),
  email: z.email().optional(),
});
export type ContactPoint = z.infer<typeof ContactPoint>;
