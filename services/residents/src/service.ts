import {
  applyOrderEvent,
  consumeOrderEvents,
  orderViewModel,
  createHttpApp,
  finishHttpApp,
  openServiceResources,
  serveHttp,
  type ProcessContext,
  type RunningHttpService,
} from '@lianxin/platform';
import { orderCommandRoutes } from '@lianxin/workflows';
import { idempotencyModel } from './intake/idempotency';
import { intakeRoutes } from './intake/routes';
import { trackingRoutes } from './tracking/routes';

/** The residents service: 点单 (intake) and 工单跟踪 (tracking). */
export async function startResidents(ctx: ProcessContext, port: number): Promise<RunningHttpService> {
  const { config, log } = ctx;
  const resources = await openServiceResources(ctx, 'residents');
  const { db, closer } = resources;
  try {
    const orders = orderViewModel(db);
    const consumer = await consumeOrderEvents(resources.kafka, config, {
      groupId: 'residents.tracking',
      log,
      handle: async (event) => {
        await applyOrderEvent(orders, event);
      },
    });
    closer.add(() => consumer.disconnect());

    const app = createHttpApp({ service: 'residents', log, readiness: resources.readiness });
    app.use(intakeRoutes({ temporal: resources.temporal, taskQueue: config.temporal.taskQueue, keys: idempotencyModel(db) }));
    app.use(trackingRoutes(orders, resources.temporal));
    // 撤单 and 回访 are given by residents (or an agent on their behalf).
    app.use(orderCommandRoutes(resources.temporal, ['cancel', 'checkBack']));
    finishHttpApp(app, log);
    const running = await serveHttp(app, port, closer);
    log.info({ url: running.url }, 'residents service listening');
    return running;
  } catch (error) {
    await closer.close();
    throw error;
  }
}
