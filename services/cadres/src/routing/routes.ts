import { Router } from 'express';
import type { Connection } from 'mongoose';
import { OrderRoutingQuery } from '@lianxin/contracts';
import { parseOrProblem } from '@lianxin/platform';
import { routeOrder } from './routing';

/**
 * GET /api/v1/routing?gridId=&organisationId= — where an order of that place goes: its
 * organisation and claim fallback chain. The order worker asks it when an order is opened.
 */
export function routingRoutes(db: Connection): Router {
  const router = Router();
  router.get('/api/v1/routing', async (req, res) => {
    const query = parseOrProblem(OrderRoutingQuery, req.query, '查询参数');
    res.json(await routeOrder(db, query));
  });
  return router;
}
