import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { Producer } from 'kafkajs';
import type { OrderEventData } from '@lianxin/contracts';
import type { Logger } from '@lianxin/platform';
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
  afterProduce?: (events: OrderEventData[], attempt: number) => void;
}

export function workflowsEntry(): string {
  return require.resolve('./workflows');
}

let runtimeInstalled = false;
/** The SDK's own logging at WARN (bundling and state changes are noise); once per process. */
export function quietTemporalRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed by the host process
  }
}

/** A Temporal worker running the order workflow and its activities. */
export async function createOrderWorker(options: OrderWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  quietTemporalRuntime();
  const connection = await NativeConnection.connect({ address: options.temporalAddress });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: workflowsEntry() }),
    activities: createOrderActivities({
      producer: options.producer,
      orderEventsTopic: options.orderEventsTopic,
      routeOrder: options.routeOrder,
      policy: options.policy,
      ...(options.afterProduce ? { afterProduce: options.afterProduce } : {}),
    }),
  });
  return { worker, connection };
}
