import { Router } from 'express';
import type { Connection } from 'mongoose';
import { OrderRouting, OrderRoutingQuery } from '@lianxin/contracts';
import { parseOrProblem, requireRole, type AccessDeniedRecorder } from '@lianxin/platform';
import { routeOrder } from './routing';

/**
 * GET /api/v1/routing?gridId=&organisationId= — where an order of that place goes: its
 * organisation path and claim fallback chain. The order worker asks it (with a service token)
 * when an order is opened.
 */
export function routingRoutes(db: Connection, recordDenied: AccessDeniedRecorder): Router {
  const router = Router();
  router.get('/api/v1/routing', async (req, res) => {
    requireRole(req, res, 'readRegister', recordDenied);
    const query = parseOrProblem(OrderRoutingQuery, req.query, '查询参数');
    res.json(OrderRouting.parse(await routeOrder(db, query)));
  });
  return router;
}
