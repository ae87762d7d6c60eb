import { principalOf, publicRateLimits, serviceToken, startHttpService, type ProcessContext, type RunningHttpService } from '@lianxin/platform';
import type { RequestHandler } from 'express';
import { applyToTracking, orderEventConsumer, trackedOrderModel } from '@lianxin/order-views';
import { commandKeysModel, orderCommandRoutes } from '@lianxin/order-http';
import { serviceAuditTrail } from '@lianxin/audit';
import { personalDataOpener, textSealer } from '@lianxin/data-protection';
import { idempotencyModel } from './intake/idempotency';
import { registerFromCadres } from './intake/register-client';
import { intakeRoutes } from './intake/routes';
import { residentByTrackingCode } from './tracking-codes/resident-access';
import { trackingCodesModel } from './tracking-codes/tracking-codes';
import { trackingRoutes } from './tracking/routes';

/** The residents service: 点单 (intake), 工单跟踪 (tracking), and the residents' own commands. */
export function startResidents(ctx: ProcessContext, port: number): Promise<RunningHttpService> {
  const sealer = textSealer();
  const openPersonalData = personalDataOpener();
  const limits = publicRateLimits(process.env);
  // The public limits are per address and for the public: signed-in staff (a call centre behind one address) are not held to them.
  const forThePublic = (limit: RequestHandler): RequestHandler => (req, res, next) => (principalOf(res) ? next() : limit(req, res, next));
  return startHttpService(ctx, {
    service: 'residents',
    port,
    consumers: [orderEventConsumer('residents.tracking', (event, { db }) => applyToTracking(trackedOrderModel(db), event))],
    audit: ({ db }) => serviceAuditTrail(db, ctx.config.mongo.dbPrefix, 'residents'),
    routes: ({ db, temporal, audit, recordDenied }) => {
      const codes = trackingCodesModel(db);
      const residentActor = residentByTrackingCode(codes, sealer, recordDenied);
      return [
        intakeRoutes({
          temporal,
          taskQueue: ctx.config.temporal.taskQueue,
          keys: idempotencyModel(db),
          register: registerFromCadres(ctx.config.cadresUrl, serviceToken(ctx.config.auth)),
          codes,
          sealer,
          rateLimit: forThePublic(limits.intake),
          recordDenied,
          audit,
        }),
        trackingRoutes({ orders: trackedOrderModel(db), temporal, residentActor, openPersonalData, audit, recordDenied, rateLimit: forThePublic(limits.tracking) }),
        // 撤单 and 回访: by the resident with the tracking code, or by an agent on their behalf.
        orderCommandRoutes(temporal, { allowed: ['cancel', 'checkBack'], keys: commandKeysModel(db), audit, recordDenied, residentActor }),
      ];
    },
  });
}
