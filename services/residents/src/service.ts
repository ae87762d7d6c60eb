import { startHttpService, type ProcessContext, type RunningHttpService } from '@lianxin/platform';
import { applyToTracking, orderEventConsumer, trackedOrderModel } from '@lianxin/order-views';
import { commandKeysModel, orderCommandRoutes } from '@lianxin/order-http';
import { idempotencyModel } from './intake/idempotency';
import { registerFromCadres } from './intake/register-client';
import { intakeRoutes } from './intake/routes';
import { trackingRoutes } from './tracking/routes';

/** The residents service: 点单 (intake), 工单跟踪 (tracking), and the residents' own commands. */
export function startResidents(ctx: ProcessContext, port: number): Promise<RunningHttpService> {
  return startHttpService(ctx, {
    service: 'residents',
    port,
    consumers: [orderEventConsumer('residents.tracking', (event, { db }) => applyToTracking(trackedOrderModel(db), event))],
    routes: ({ db, temporal }) => [
      intakeRoutes({
        temporal,
        taskQueue: ctx.config.temporal.taskQueue,
        keys: idempotencyModel(db),
        register: registerFromCadres(ctx.config.cadresUrl),
      }),
      trackingRoutes(trackedOrderModel(db), temporal),
      // 撤单 and 回访 are given by residents (or an agent on their behalf).
      orderCommandRoutes(temporal, { allowed: ['cancel', 'checkBack'], keys: commandKeysModel(db) }),
    ],
  });
}
