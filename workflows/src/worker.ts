import { NativeConnection, Runtime, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { Producer } from 'kafkajs';
import type { PersonalData, RecordedOrderEvent } from '@lianxin/contracts';
import { createLogger, temporalDataConverter, temporalLevelOf, temporalLogger, type Logger } from '@lianxin/platform';
import { createOrderActivities } from './order/activities';
import type { OrderPolicy } from './order/policy';
import type { RouteOrder } from './order/routing-client';

export interface OrderWorkerOptions {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  producer: Producer;
  orderEventsTopic: string;
  routeOrder: RouteOrder;
  policy: () => Promise<OrderPolicy>;
  log: Logger;
  /** A prebuilt bundle (tests, benchmarks) instead of bundling from source at start. */
  workflowBundle?: WorkflowBundleOption;
  afterProduce?: (events: RecordedOrderEvent[], attempt: number) => void;
  /** Seals a resident's personal data for the published events (LIANXIN_DATA_KEYS). */
  sealPersonalData: (data: PersonalData, orderId: string) => string;
}

export function workflowsEntry(): string {
  return require.resolve('./workflows');
}

let runtimeInstalled = false;

/**
 * The Temporal SDK's logs (the worker's and Core's) as pino lines through `log` at its level,
 * instead of the SDK's own multi-line output on stderr. Once per process: the first call wins.
 * `levelOf` may move an entry known to be harmless to another level.
 */
export function installTemporalLogging(log: Logger, levelOf?: Parameters<typeof temporalLogger>[1]): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: temporalLogger(log, levelOf),
      telemetryOptions: { logging: { filter: { core: temporalLevelOf(log), other: 'ERROR' }, forward: {} } },
    });
  } catch {
    // a runtime already exists in this process: it keeps its logger
  }
}

/** The SDK's logs at warn (bundling and state changes are noise): for scripts with no logger of their own. */
export function quietTemporalRuntime(): void {
  installTemporalLogging(createLogger('temporal', 'warn'));
}

/**
 * A Temporal worker running the order workflow and its activities. Its payloads are encrypted
 * with `LIANXIN_PAYLOAD_KEYS` (the codec runs outside the workflow sandbox).
 */
export async function createOrderWorker(options: OrderWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  installTemporalLogging(options.log);
  const dataConverter = temporalDataConverter();
  const connection = await NativeConnection.connect({ address: options.temporalAddress });
  const worker = await Worker.create({
    connection,
    dataConverter,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: workflowsEntry() }),
    activities: createOrderActivities({
      producer: options.producer,
      orderEventsTopic: options.orderEventsTopic,
      routeOrder: options.routeOrder,
      policy: options.policy,
      sealPersonalData: options.sealPersonalData,
      ...(options.afterProduce ? { afterProduce: options.afterProduce } : {}),
    }),
  });
  return { worker, connection };
}
