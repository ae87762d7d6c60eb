import { Router } from 'express';
import type { Connection } from 'mongoose';
import { trackedOrderModel } from '@lianxin/order-views';
import type { AccessDeniedRecorder, AuditSink, Logger } from '@lianxin/platform';
import type { IntakeDependencies } from '../intake/open-order';
import type { OrganisationName } from './agencies';
import { open311ClientRoutes } from './client-routes';
import { open311ClientsModel } from './clients';
import { open311Config, type Open311Config } from './config';
import { georeportRoutes } from './georeport-routes';

/**
 * Open311 on the residents service: GeoReport v2 under /open311/v2 (reads from the tracking read
 * model; submissions through the same intake as POST /api/v1/orders, channel `open311`), and the
 * admins' management of the client systems' API keys under /api/v1/open311/clients.
 */
export function open311Routes(options: {
  db: Connection;
  intake: IntakeDependencies;
  organisationName: OrganisationName;
  audit: AuditSink;
  recordDenied: AccessDeniedRecorder;
  log: Logger;
  config?: Open311Config;
}): Router {
  const clients = open311ClientsModel(options.db);
  const router = Router();
  router.use(open311ClientRoutes({ clients, audit: options.audit, recordDenied: options.recordDenied }));
  router.use(
    georeportRoutes({
      config: options.config ?? open311Config(),
      intake: options.intake,
      orders: trackedOrderModel(options.db),
      clients,
      organisationName: options.organisationName,
      recordDenied: options.recordDenied,
      log: options.log,
    }),
  );
  return router;
}
