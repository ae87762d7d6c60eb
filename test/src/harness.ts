import { randomBytes } from 'node:crypto';
import type { Worker } from '@temporalio/worker';
import type { Producer } from 'kafkajs';
import { startCadres } from '@lianxin/cadres';
import { startNotifications } from '@lianxin/notifications';
import {
  connectMongo,
  connectProducer,
  createKafka,
  createLogger,
  ensureTopics,
  loadConfig,
  resolveTopic,
  type PlatformConfig,
  type RunningHttpService,
} from '@lianxin/platform';
import { startResidents } from '@lianxin/residents';
import { createOrderWorker, policyFromDatabase, routingFromCadres, type OrderWorkerOptions } from '@lianxin/workflows';

/**
 * A config of its own for one test file: its own task queue, topic prefix and databases inside
 * the run's (set by `npm test`), so test files running side by side never see each other.
 */
export function isolatedConfig(tag: string): PlatformConfig {
  const unique = `${tag}${randomBytes(3).toString('hex')}`;
  const base = loadConfig();
  if (!process.env.LIANXIN_TEST_RUN_ID) throw new Error('Run the tests with `npm test` (it starts the servers they need).');
  return {
    ...base,
    temporal: { ...base.temporal, taskQueue: `test-${unique}` },
    kafka: { ...base.kafka, topicPrefix: `${base.kafka.topicPrefix}${unique}.` },
    mongo: { ...base.mongo, dbPrefix: `${base.mongo.dbPrefix}_${unique}` },
  };
}

export interface RunningWorker {
  worker: Worker;
  producer: Producer;
  close(): Promise<void>;
}

/**
 * The order worker, in this process, against the real Temporal, Kafka and MongoDB-compatible
 * server; it asks the cadres service at `config.cadresUrl` where orders go.
 */
export async function startWorker(
  config: PlatformConfig,
  extra: Partial<Pick<OrderWorkerOptions, 'afterProduce' | 'policy' | 'workflowBundle'>> = {},
): Promise<RunningWorker> {
  const log = createLogger('test-worker', 'warn');
  const kafka = createKafka(config, 'test-worker');
  await ensureTopics(kafka, config, ['orderEvents']);
  const producer = await connectProducer(kafka);
  const own = await connectMongo(config, 'workflows');
  const { worker, connection } = await createOrderWorker({
    temporalAddress: config.temporal.address,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    producer,
    orderEventsTopic: resolveTopic(config, 'orderEvents'),
    routeOrder: routingFromCadres(config.cadresUrl),
    policy: extra.policy ?? policyFromDatabase(own),
    log,
    ...(extra.afterProduce ? { afterProduce: extra.afterProduce } : {}),
    ...(extra.workflowBundle ? { workflowBundle: extra.workflowBundle } : {}),
  });
  const running = worker.run();
  return {
    worker,
    producer,
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
      await producer.disconnect();
      await own.close();
    },
  };
}

export interface RunningSystem {
  config: PlatformConfig;
  worker: RunningWorker;
  residents: RunningHttpService;
  cadres: RunningHttpService;
  notifications: RunningHttpService;
  close(): Promise<void>;
}

/** The worker and every service, in this process, on free ports. */
export async function startSystem(tag: string): Promise<RunningSystem> {
  const isolated = isolatedConfig(tag);
  const log = createLogger(`test-${tag}`, process.env.LOG_LEVEL ?? 'warn');
  const cadres = await startCadres({ config: isolated, log }, 0);
  const config = { ...isolated, cadresUrl: cadres.url };
  const ctx = { config, log };
  const worker = await startWorker(config);
  const residents = await startResidents(ctx, 0);
  const notifications = await startNotifications(ctx, 0);
  return {
    config,
    worker,
    residents,
    cadres,
    notifications,
    async close() {
      await Promise.allSettled([residents.close(), cadres.close(), notifications.close()]);
      await worker.close();
    },
  };
}

/** Polls `probe` until it returns something, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
