import {
  consumeOrderEvents,
  createHttpApp,
  finishHttpApp,
  openServiceResources,
  serveHttp,
  type ProcessContext,
  type RunningHttpService,
} from '@lianxin/platform';
import { notificationModel, recordNotifications } from './delivery/log';
import { notificationRoutes } from './delivery/routes';
import { planNotifications } from './rules/rules';

/** The notifications service: turns order events into notification records by rule. */
export async function startNotifications(ctx: ProcessContext, port: number): Promise<RunningHttpService> {
  const { config, log } = ctx;
  const resources = await openServiceResources(ctx, 'notifications');
  const { db, closer } = resources;
  try {
    const notifications = notificationModel(db);
    const consumer = await consumeOrderEvents(resources.kafka, config, {
      groupId: 'notifications.rules',
      log,
      handle: async (event) => {
        await recordNotifications(notifications, event, planNotifications(event.data));
      },
    });
    closer.add(() => consumer.disconnect());
    const app = createHttpApp({ service: 'notifications', log, readiness: resources.readiness });
    app.use(notificationRoutes(notifications));
    finishHttpApp(app, log);
    const running = await serveHttp(app, port, closer);
    log.info({ url: running.url }, 'notifications service listening');
    return running;
  } catch (error) {
    await closer.close();
    throw error;
  }
}
