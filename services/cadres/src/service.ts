import {
  applyOrderEvent,
  consumeOrderEvents,
  createHttpApp,
  finishHttpApp,
  openServiceResources,
  orderViewModel,
  serveHttp,
  type ProcessContext,
  type RunningHttpService,
} from '@lianxin/platform';
import { orderCommandRoutes } from '@lianxin/workflows';
import { inboxRoutes } from './inbox/routes';
import { registerRoutes } from './register/routes';
import { seedRegisterIfEmpty } from './register/seed';

/** Commands given by dispatchers, party members, social organisations and supervisors. */
const cadreCommands = [
  'accept', 'reject', 'merge', 'dispatch', 'openForClaim', 'claim', 'sign', 'return', 'contact', 'addDiaryEntry',
  'resolve', 'explain', 'requestExtension', 'decideExtension', 'pause', 'resume', 'reassign', 'remind',
  'supervisorDecide',
] as const;

/** The cadres service: the register, inboxes, the claim board and the dispatchers' commands. */
export async function startCadres(ctx: ProcessContext, port: number): Promise<RunningHttpService> {
  const { config, log } = ctx;
  const resources = await openServiceResources(ctx, 'cadres');
  const { db, closer } = resources;
  try {
    const seeded = await seedRegisterIfEmpty(db, log);
    if (seeded.seeded) log.info({ counts: seeded.counts }, 'sample register loaded into an empty database');
    const orders = orderViewModel(db, 'inbox_orders');
    const consumer = await consumeOrderEvents(resources.kafka, config, {
      groupId: 'cadres.inbox',
      log,
      handle: async (event) => {
        await applyOrderEvent(orders, event);
      },
    });
    closer.add(() => consumer.disconnect());

    const app = createHttpApp({ service: 'cadres', log, readiness: resources.readiness });
    app.use(registerRoutes(db));
    app.use(inboxRoutes(orders));
    app.use(orderCommandRoutes(resources.temporal, cadreCommands));
    finishHttpApp(app, log);
    const running = await serveHttp(app, port, closer);
    log.info({ url: running.url }, 'cadres service listening');
    return running;
  } catch (error) {
    await closer.close();
    throw error;
  }
}
