import { orderEventConsumer } from '@lianxin/order-views';
import { startHttpService, type ProcessContext, type RunningHttpService } from '@lianxin/platform';
import { serviceAuditTrail } from '@lianxin/audit';
import { notificationModel, recordNotifications } from './delivery/log';
import { notificationRoutes } from './delivery/routes';
import { planNotifications } from './rules/rules';
import { notificationsApiDocs } from './api-docs';

/** The notifications service: turns order events into notification records by rule (no Temporal). */
export function startNotifications(ctx: ProcessContext, port: number): Promise<RunningHttpService> {
  return startHttpService(ctx, {
    service: 'notifications',
    port,
    temporal: false,
    consumers: [
      orderEventConsumer('notifications.rules', (event, { db }) =>
        recordNotifications(notificationModel(db), event, planNotifications(event.data)),
      ),
    ],
    audit: ({ db }) => serviceAuditTrail(db, ctx.config.mongo.dbPrefix, 'notifications'),
    openapi: notificationsApiDocs,
    routes: ({ db, recordDenied }) => [notificationRoutes(notificationModel(db), recordDenied)],
  });
}
