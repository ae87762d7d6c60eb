import { applyToWorkQueues, orderEventConsumer, queuedOrderModel } from '@lianxin/order-views';
import { idempotencyRetentionMs, keepOnly, startHttpService, type ProcessContext, type RunningHttpService } from '@lianxin/platform';
import { commandKeysModel, orderCommandRoutes, pruneCommandKeys } from '@lianxin/order-http';
import { serviceAuditTrail } from '@lianxin/audit';
import { inboxRoutes } from './inbox/routes';
import { codecRoutes } from './operations/codec-routes';
import { overdueBoardRoutes } from './oversight/overdue-board-routes';
import { workloadRoutes } from './oversight/workload-routes';
import { registerRoutes } from './register/routes';
import { seedContactPointsIfEmpty, seedRegisterIfEmpty } from './register/seed';
import { routingRoutes } from './routing/routes';
import { checkTargetsInRegister } from './routing/targets';
import { cadresApiDocs } from './api-docs';
import { startWorkQueueBroadcast } from './work-queue-stream/broadcast';
import { workQueueHub } from './work-queue-stream/hub';
import { workQueueStreamRoutes } from './work-queue-stream/routes';

/** Commands given by dispatchers, party members, social organisations and supervisors. */
const cadreCommands = [
  'accept', 'reject', 'merge', 'dispatch', 'openForClaim', 'claim', 'sign', 'return', 'contact', 'addDiaryEntry',
  'resolve', 'explain', 'requestExtension', 'decideExtension', 'pause', 'resume', 'reassign', 'remind',
  'supervisorDecide',
] as const;

/** The cadres service: the register and order routing, inboxes, the claim board and the cadres' commands. */
export async function startCadres(ctx: ProcessContext, port: number): Promise<RunningHttpService> {
  // 待办 live: this instance's streams, fed by its own reading of the order events.
  const liveQueues = workQueueHub();
  const running = await startHttpService(ctx, {
    service: 'cadres',
    port,
    prepare: async (resources) => {
      const { db, closer, log } = resources;
      const keys = keepOnly('command idempotency keys', idempotencyRetentionMs(process.env), (before) => pruneCommandKeys(commandKeysModel(db), before), log);
      closer.add(async () => keys.stop());
      const seeded = await seedRegisterIfEmpty(db, ctx.log);
      if (seeded.seeded) ctx.log.info({ counts: seeded.counts }, 'sample register loaded into an empty database');
      const contacts = await seedContactPointsIfEmpty(db);
      if (contacts > 0) ctx.log.info({ contacts }, 'sample contact points loaded');
      await startWorkQueueBroadcast(resources, ctx.config, liveQueues);
    },
    consumers: [orderEventConsumer('cadres.work-queues', (event, { db }) => applyToWorkQueues(queuedOrderModel(db), event))],
    audit: ({ db }) => serviceAuditTrail(db, ctx.config.mongo.dbPrefix, 'cadres'),
    openapi: cadresApiDocs(cadreCommands),
    routes: ({ db, temporal, audit, recordDenied }) => [
      // Before the register: `/api/v1/members/workload` is not a member's id.
      workloadRoutes(db, queuedOrderModel(db), recordDenied),
      registerRoutes(db, recordDenied),
      routingRoutes(db, recordDenied),
      inboxRoutes(queuedOrderModel(db), recordDenied),
      overdueBoardRoutes(db, queuedOrderModel(db), recordDenied),
      workQueueStreamRoutes(liveQueues, recordDenied),
      orderCommandRoutes(temporal, { allowed: cadreCommands, check: checkTargetsInRegister(db), keys: commandKeysModel(db), audit, recordDenied }),
      codecRoutes({ audit, recordDenied, uiOrigins: (process.env.LIANXIN_TEMPORAL_UI_ORIGINS ?? 'http://127.0.0.1:8233,http://localhost:8233').split(',') }),
    ],
  });
  // Open streams would keep the server from closing: they end first, and the consoles reconnect elsewhere.
  return {
    ...running,
    close: async () => {
      liveQueues.endAll();
      await running.close();
    },
  };
}
