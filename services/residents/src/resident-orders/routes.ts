import { Router, type RequestHandler } from 'express';
import type { Model } from 'mongoose';
import { routeAccess } from '@lianxin/contracts';
import type { TrackedOrder } from '@lianxin/order-views';
import { actorOf, currentTraceId, HttpProblem, parseOrProblem, requireRole, unavailableProblem, type AccessDeniedRecorder, type AuditSink } from '@lianxin/platform';
import { normalisePhone } from '../intake/phone';
import { earlierOrders } from './earlier-orders';
import type { PhoneIndex } from './phone-index';
import { EarlierOrders, PhoneSearch } from './schemas';

export interface ResidentOrdersOptions {
  index: PhoneIndex;
  orders: Model<TrackedOrder>;
  audit: AuditSink;
  recordDenied: AccessDeniedRecorder;
  rateLimit: RequestHandler;
}

/**
 * 历史工单: while an agent takes a call, the caller's earlier orders by their phone number
 * (`POST /api/v1/orders/search-by-phone`, the number in the body). For the roles that take calls
 * or dispatch; each search is recorded in the audit trail (with the number's keyed hash, never
 * the number) before anything is answered, as a reveal is.
 */
export function residentOrdersRoutes(options: ResidentOrdersOptions): Router {
  const router = Router();
  router.post('/api/v1/orders/search-by-phone', options.rateLimit, async (req, res) => {
    const principal = requireRole(req, res, 'searchOrdersByPhone', options.recordDenied);
    if (req.body === undefined) throw new HttpProblem(415, 'unsupported-media-type', '请求体必须是 JSON', 'Content-Type 应为 application/json');
    const { phone } = parseOrProblem(PhoneSearch, req.body);
    const hash = options.index.hashOf(normalisePhone(phone));
    const found = await earlierOrders(options.index, options.orders, principal, hash);
    const actor = actorOf(principal, routeAccess.searchOrdersByPhone);
    // Recorded before anything is shown: no record, no answer.
    try {
      await options.audit.append({
        kind: 'reveal',
        actor: { id: actor.id, role: actor.role, ...(actor.organisationId ? { organisationId: actor.organisationId } : {}) },
        action: 'searchOrdersByPhone',
        outcome: 'allowed',
        details: { phoneHash: hash, total: found.total },
        ...(currentTraceId() ? { traceId: currentTraceId() } : {}),
      });
    } catch {
      throw unavailableProblem('audit-unavailable', '审计记录暂不可用', '暂时无法记录查询操作，请稍后重试');
    }
    res.set('Cache-Control', 'no-store').json(EarlierOrders.parse(found));
  });
  return router;
}
