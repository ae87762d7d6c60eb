import { Router } from 'express';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { ContactPoint, Grid, Member, MemberRole, Organisation, OrganisationLevel, SocialOrg } from '@lianxin/contracts';
import { HttpProblem, parseOrProblem, requireRole, type AccessDeniedRecorder } from '@lianxin/platform';
import { registerCollections, type RegisterCollection } from './collections';

type Filter = Record<string, unknown>;

const id = z.string().trim().min(1).max(64);
/** ?limit (1..200, default 50) and ?offset on every list. */
const paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
export const RegisterIdParams = z.strictObject({ id });

// Unknown query keys are refused (strict objects), repeated keys too (an array is not a string).
export const OrganisationQuery = z.strictObject({ parentId: id.optional(), level: OrganisationLevel.optional(), ...paging });
export const GridQuery = z.strictObject({ organisationId: id.optional(), ...paging });
export const MemberQuery = z.strictObject({ organisationId: id.optional(), skill: z.string().trim().min(1).max(30).optional(), role: MemberRole.optional(), ...paging });
export const SocialOrgQuery = z.strictObject({ areaId: id.optional(), ...paging });

/** A page of a list: `items` sorted by `_id`, `total` all that match. */
const pageOf = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item), total: z.number().int().nonnegative() });
export const OrganisationPage = pageOf(Organisation);
export const GridPage = pageOf(Grid);
export const MemberPage = pageOf(Member);
export const SocialOrgPage = pageOf(SocialOrg);

/** Keeps the filter fields that were given. */
function only(fields: Record<string, string | undefined>): Filter {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/**
 * 名册: read-only APIs over the register — organisations, grids, members and social
 * organisations — for signed-in staff and the platform's services (the register holds no
 * residents and no phone numbers). Lists answer `{ items, total }` sorted by `_id`; bad input is
 * a 400 problem, an unknown id a 404 problem.
 */
export function registerRoutes(db: Connection, recordDenied: AccessDeniedRecorder): Router {
  const router = Router();

  function list<S extends z.ZodType<{ limit: number; offset: number }>>(
    path: string,
    collection: RegisterCollection,
    query: S,
    page: z.ZodType,
    toFilter: (q: z.infer<S>) => Filter,
  ): void {
    router.get(path, async (req, res) => {
      requireRole(req, res, 'readRegister', recordDenied);
      const q = parseOrProblem(query, req.query, '查询参数');
      const filter = toFilter(q);
      const documents = db.collection(collection);
      const [items, total] = await Promise.all([
        documents.find(filter).sort({ _id: 1 }).skip(q.offset).limit(q.limit).toArray(),
        documents.countDocuments(filter),
      ]);
      res.json(page.parse({ items, total }));
    });
  }

  function one(path: string, collection: RegisterCollection, item: z.ZodType, what: string): void {
    router.get(path, async (req, res) => {
      requireRole(req, res, 'readRegister', recordDenied);
      const { id: key } = parseOrProblem(RegisterIdParams, req.params, '路径参数');
      const found = await db.collection(collection).findOne({ _id: key as never });
      if (!found) throw new HttpProblem(404, 'not-found', `${what}不存在`, key);
      res.json(item.parse(found));
    });
  }

  list('/api/v1/organisations', registerCollections.organisations, OrganisationQuery, OrganisationPage, (q) => only({ parentId: q.parentId, level: q.level }));
  one('/api/v1/organisations/:id', registerCollections.organisations, Organisation, '党组织');
  list('/api/v1/grids', registerCollections.grids, GridQuery, GridPage, (q) => only({ organisationId: q.organisationId }));
  one('/api/v1/grids/:id', registerCollections.grids, Grid, '网格');
  // skills/roles are arrays: equality matches any element.
  list('/api/v1/members', registerCollections.members, MemberQuery, MemberPage, (q) => only({ organisationId: q.organisationId, skills: q.skill, roles: q.role }));
  one('/api/v1/members/:id', registerCollections.members, Member, '党员');
  list('/api/v1/social-orgs', registerCollections.socialOrgs, SocialOrgQuery, SocialOrgPage, (q) => only({ serviceAreaIds: q.areaId }));
  one('/api/v1/social-orgs/:id', registerCollections.socialOrgs, SocialOrg, '社会组织');
  // 通讯录: for the services that send notices only (role service), one person at a time.
  router.get('/api/v1/contact-points/:id', async (req, res) => {
    requireRole(req, res, 'readContactPoints', recordDenied);
    const { id: key } = parseOrProblem(RegisterIdParams, req.params, '路径参数');
    const found = await db.collection(registerCollections.contactPoints).findOne({ _id: key as never });
    if (!found) throw new HttpProblem(404, 'not-found', '通讯录中没有此人', key);
    res.json(ContactPoint.parse(found));
  });
  return router;
}
