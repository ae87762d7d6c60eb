import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { seedRegisterIfEmpty } from '@lianxin/cadres';
import type { OrderEventData } from '@lianxin/contracts';
import { connectMongo, connectProducer, createKafka, createLogger, ensureTopics, resolveTopic, type PlatformConfig } from '@lianxin/platform';
import { createOrderActivities, workflowsEntry } from '@lianxin/workflows';
import { isolatedConfig } from './harness';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflow bundle, built once per test file. */
export function orderWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: workflowsEntry(), logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } });
  return bundle;
}

export interface TimeSkippingSystem {
  env: TestWorkflowEnvironment;
  worker: Worker;
  config: PlatformConfig;
  taskQueue: string;
  producer: Producer;
  register: Connection;
  close(): Promise<void>;
}

/**
 * Temporal's Java test server with time skipping (started from the project's cache), a worker on
 * it whose activities publish to the real Kafka and read the real register in FerretDB.
 */
export async function startTimeSkipping(
  tag: string,
  options: {
    policy: () => Promise<import('@lianxin/workflows').OrderPolicy>;
    afterProduce?: (events: OrderEventData[], attempt: number) => void;
  },
): Promise<TimeSkippingSystem> {
  const path = process.env.LIANXIN_TEMPORAL_TEST_SERVER;
  if (!path) throw new Error('LIANXIN_TEMPORAL_TEST_SERVER is not set: run the tests with `npm test`.');
  const config = isolatedConfig(tag);
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  const kafka = createKafka(config, `ts-${tag}`);
  await ensureTopics(kafka, config, ['orderEvents']);
  const producer = await connectProducer(kafka);
  const register = await connectMongo(config, 'cadres');
  await seedRegisterIfEmpty(register, createLogger('seed', 'warn'));
  const taskQueue = config.temporal.taskQueue;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await orderWorkflowBundle(),
    activities: createOrderActivities({
      producer,
      orderEventsTopic: resolveTopic(config, 'orderEvents'),
      register,
      policy: options.policy,
      ...(options.afterProduce ? { afterProduce: options.afterProduce } : {}),
    }),
  });
  const running = worker.run();
  return {
    env,
    worker,
    config,
    taskQueue,
    producer,
    register,
    async close() {
      worker.shutdown();
      await running;
      await producer.disconnect();
      await register.close();
      await env.teardown();
    },
  };
}
