import type { Worker } from '@temporalio/worker';
import type { Producer } from 'kafkajs';
import { Closer, serviceToken, connectMongo, connectProducer, createKafka, ensureTopics, resolveTopic, type PlatformConfig, type Logger } from '@lianxin/platform';
import { personalDataSealer } from '@lianxin/data-protection';
import { policyFromDatabase } from './order/policy-store';
import { routingFromCadres } from './order/routing-client';
import { keptFor, setupCacheMs } from './order/setup-cache';
import { createOrderWorker, type OrderWorkerOptions } from './worker';

export interface RunningOrderWorker {
  worker: Worker;
  producer: Producer;
  /** Stops polling, lets running tasks finish, then closes its connections. */
  close(): Promise<void>;
}

/**
 * The order worker with everything it opens: a Kafka producer, its own database (policy),
 * routing from the cadres service at `config.cadresUrl`, the Temporal connection. The worker
 * process runs it; tests and benchmarks run it in their own process with a few overrides.
 */
export async function runOrderWorker(
  config: PlatformConfig,
  log: Logger,
  overrides: Partial<Pick<OrderWorkerOptions, 'afterProduce' | 'policy' | 'workflowBundle'>> = {},
): Promise<RunningOrderWorker> {
  const closer = new Closer();
  try {
    const kafka = createKafka(config, 'lianxin-worker', log);
    await ensureTopics(kafka, config, ['orderEvents']);
    const producer = await connectProducer(kafka);
    closer.add(() => producer.disconnect());
    const own = await connectMongo(config, 'workflows');
    closer.add(() => own.close());
    // The register and the policy change rarely: each place's routing and the policy are asked
    // once per LIANXIN_SETUP_CACHE_MS (an order opened meanwhile may see the change that late).
    const keepMs = setupCacheMs();
    const routeOrder = keptFor(keepMs, routingFromCadres(config.cadresUrl, serviceToken(config.auth)), (query) => JSON.stringify([query.gridId, query.organisationId]));
    const policy = keptFor(keepMs, policyFromDatabase(own), () => 'current');
    const { worker, connection } = await createOrderWorker({
      temporalAddress: config.temporal.address,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      producer,
      orderEventsTopic: resolveTopic(config, 'orderEvents'),
      routeOrder,
      policy: () => policy(undefined),
      sealPersonalData: personalDataSealer(process.env),
      log,
      ...overrides,
    });
    closer.add(() => connection.close());
    const running = worker.run();
    return {
      worker,
      producer,
      close: async () => {
        worker.shutdown();
        await running;
        await closer.close();
      },
    };
  } catch (error) {
    await closer.close();
    throw error;
  }
}
