import { ApplicationFailure } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Producer } from 'kafkajs';
import { startCadres } from '@lianxin/cadres';
import type { RecordedOrderEvent } from '@lianxin/contracts';
import { personalDataSealer } from '@lianxin/data-protection';
import { connectProducer, createKafka, createLogger, ensureTopics, resolveTopic, serviceToken, temporalDataConverter, type PlatformConfig, type RunningHttpService } from '@lianxin/platform';
import { createOrderActivities, routingFromCadres, workflowBundlerOptions } from '@lianxin/workflows';
import { isolatedConfig, useTestTemporalRuntime } from './harness';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflow bundle, built once per test file. */
export function orderWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ ...workflowBundlerOptions(), logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } });
  return bundle;
}

/**
 * What a test's `afterProduce` throws is a failure it injects on purpose: the activity still
 * fails and is retried, but as a benign failure, which the worker logs at debug, without a stack.
 */
function injectedFailures(afterProduce: (events: RecordedOrderEvent[], attempt: number) => void) {
  return (events: RecordedOrderEvent[], attempt: number): void => {
    try {
      afterProduce(events, attempt);
    } catch (error) {
      throw ApplicationFailure.create({ message: (error as Error).message, category: 'BENIGN', cause: error as Error });
    }
  };
}

export interface TimeSkippingSystem {
  env: TestWorkflowEnvironment;
  worker: Worker;
  config: PlatformConfig;
  taskQueue: string;
  producer: Producer;
  /** The cadres service (on the real servers), which the worker asks where orders go. */
  cadres: RunningHttpService;
  close(): Promise<void>;
}

/**
 * Temporal's Java test server with time skipping (started from the project's cache), a worker on
 * it whose activities publish to the real Kafka and ask a real cadres service where orders go.
 */
export async function startTimeSkipping(
  tag: string,
  options: {
    policy: () => Promise<import('@lianxin/workflows').OrderPolicy>;
    afterProduce?: (events: RecordedOrderEvent[], attempt: number) => void;
  },
): Promise<TimeSkippingSystem> {
  const path = process.env.LIANXIN_TEMPORAL_TEST_SERVER;
  if (!path) throw new Error('LIANXIN_TEMPORAL_TEST_SERVER is not set: run the tests with `npm test`.');
  const config = isolatedConfig(tag);
  useTestTemporalRuntime();
  const dataConverter = temporalDataConverter(); // payloads encrypted, as on the real servers
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } }, client: { dataConverter } });
  const kafka = createKafka(config, `ts-${tag}`);
  await ensureTopics(kafka, config, ['orderEvents']);
  const producer = await connectProducer(kafka);
  const cadres = await startCadres({ config, log: createLogger(`ts-${tag}`, process.env.LOG_LEVEL ?? 'warn') }, 0);
  const taskQueue = config.temporal.taskQueue;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await orderWorkflowBundle(),
    dataConverter,
    activities: createOrderActivities({
      producer,
      orderEventsTopic: resolveTopic(config, 'orderEvents'),
      routeOrder: routingFromCadres(cadres.url, serviceToken(config.auth)),
      policy: options.policy,
      sealPersonalData: personalDataSealer(),
      ...(options.afterProduce ? { afterProduce: injectedFailures(options.afterProduce) } : {}),
    }),
  });
  const running = worker.run();
  return {
    env,
    worker,
    config,
    taskQueue,
    producer,
    cadres,
    async close() {
      worker.shutdown();
      await running;
      await producer.disconnect();
      await cadres.close();
      await env.teardown();
    },
  };
}
