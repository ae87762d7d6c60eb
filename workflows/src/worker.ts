import { existsSync } from 'node:fs';
import path from 'node:path';
import { NativeConnection, Runtime, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { Producer } from 'kafkajs';
import type { PersonalData, RecordedOrderEvent } from '@lianxin/contracts';
import { createLogger, temporalDataConverter, temporalLevelOf, temporalLogger, type Logger } from '@lianxin/platform';
import { createOrderActivities } from './order/activities';
import { workerTuning } from './worker-tuning';
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

/**
 * The workflow bundle's entry module (source: the bundler compiles it). A path from this file's
 * folder rather than `require.resolve`, so the compiled worker (`.build/apps/worker.js`, where
 * `__dirname` still names this folder) finds it too.
 */
export function workflowsEntry(): string {
  return path.join(__dirname, 'workflows.ts');
}

/**
 * Bundler options of the workflow code, wherever it is bundled (worker start, the build of
 * `npm start`, tests): `shared-modules.ts` is evaluated once per workflow thread and shared by
 * every workflow instead of once per workflow (see there).
 */
export function workflowBundlerOptions(): { workflowsPath: string; preloadModules: string[] } {
  return { workflowsPath: workflowsEntry(), preloadModules: [path.join(__dirname, 'shared-modules.ts')] };
}

/** The variable naming a workflow bundle built ahead (`npm start` builds `.build/apps/order-workflows.js`). */
export const workflowBundleVariable = 'LIANXIN_WORKFLOW_BUNDLE';

/**
 * The prebuilt workflow bundle the environment names (`LIANXIN_WORKFLOW_BUNDLE`), for the worker
 * process: then it starts without bundling; without it, the worker bundles from source as before.
 * A named file that is missing is an error, not a silent fallback.
 */
export function prebuiltWorkflowBundle(env: NodeJS.ProcessEnv = process.env): Pick<OrderWorkerOptions, 'workflowBundle'> {
  const codePath = env[workflowBundleVariable]?.trim();
  if (!codePath) return {};
  if (!existsSync(codePath)) throw new Error(`${workflowBundleVariable}=${codePath}: no such file (npm start builds it)`);
  return { workflowBundle: { codePath } };
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
    ...workerTuning(),
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: workflowBundlerOptions().workflowsPath, bundlerOptions: { preloadModules: workflowBundlerOptions().preloadModules } }),
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
