import { Router } from 'express';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { OrganisationLevel, registerCollections } from '@lianxin/contracts';
import { HttpProblem, parseOrProblem } from '@lianxin/platform';

const id = z.string().trim().min(1).max(64);
const paging = { limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) };
const IdParams = z.strictObject({ id });

type Collection = (typeof registerCollections)[keyof typeof registerCollections];

/** 名册: read-only APIs over organisations, grids, members and social organisations. */
export function registerRoutes(db: Connection): Router {
  const router = Router();
  const list = (path: string, collection: Collection, query: z.ZodType<Record<string, unknown>>, toFilter: (q: Record<string, unknown>) => object) =>
    router.get(path, async (req, res) => {
      const q = parseOrProblem(query, req.query, '查询参数') as { limit: number; offset: number };
      const filter = toFilter(q);
      const [items, total] = await Promise.all([
        db.collection(collection).find(filter).sort({ _id: 1 }).skip(q.offset).limit(q.limit).toArray(),
        db.collection(collection).countDocuments(filter),
      ]);
      res.json({ items, total });
    });
  const one = (path: string, collection: Collection, what: string) =>
    router.get(path, async (req, res) => {
      const { id: key } = parseOrProblem(IdParams, req.params, '路径参数');
      const found = await db.collection(collection).findOne({ _id: key as never });
      if (!found) throw new HttpProblem(404, 'not-found', `${what}不存在`, key);
      res.json(found);
    });
  list('/api/v1/organisations', registerCollections.organisations, z.strictObject({ parentId: id.optional(), level: OrganisationLevel.optional(), ...paging }), (q) => ({
    ...(q['parentId'] ? { parentId: q['parentId'] } : {}),
    ...(q['level'] ? { level: q['level'] } : {}),
  }));
  one('/api/v1/organisations/:id', registerCollections.organisations, '党组织');
  list('/api/v1/grids', registerCollections.grids, z.strictObject({ organisationId: id.optional(), ...paging }), (q) =>
    q['organisationId'] ? { organisationId: q['organisationId'] } : {},
  );
  one('/api/v1/grids/:id', registerCollections.grids, '网格');
  list('/api/v1/members', registerCollections.members, z.strictObject({ organisationId: id.optional(), skill: z.string().max(30).optional(), role: z.string().max(30).optional(), ...paging }), (q) => ({
    ...(q['organisationId'] ? { organisationId: q['organisationId'] } : {}),
    ...(q['skill'] ? { skills: q['skill'] } : {}),
    ...(q['role'] ? { roles: q['role'] } : {}),
  }));
  one('/api/v1/members/:id', registerCollections.members, '党员');
  list('/api/v1/social-orgs', registerCollections.socialOrgs, z.strictObject({ areaId: id.optional(), ...paging }), (q) =>
    q['areaId'] ? { serviceAreaIds: q['areaId'] } : {},
  );
  return router;
}
