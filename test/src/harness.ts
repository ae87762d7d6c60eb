import { randomBytes } from 'node:crypto';
import { startCadres } from '@lianxin/cadres';
import { startNotifications, type NotificationsOptions } from '@lianxin/notifications';
import { createLogger, loadConfig, type Logger, type PlatformConfig, type RunningHttpService } from '@lianxin/platform';
import { startResidents } from '@lianxin/residents';
import { installTemporalLogging, runOrderWorker, type OrderWorkerOptions, type RunningOrderWorker } from '@lianxin/workflows';

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

/** Core's notices that are expected in tests (the Java test server advertises no capabilities). */
const expectedTemporalNotices = ['Temporal Server 1.16.0 or newer is required to guarantee that the latest heartbeat details'];

/**
 * The Temporal SDK's logs in tests — the worker's and Core's — as pino lines at LOG_LEVEL,
 * Core's expected notices at debug. Call before anything starts a worker or a test server
 * (once per test file; later calls change nothing).
 */
export function useTestTemporalRuntime(): void {
  installTemporalLogging(createLogger('temporal', process.env.LOG_LEVEL ?? 'warn'), (level, message) =>
    expectedTemporalNotices.some((notice) => message.startsWith(notice)) ? 'DEBUG' : level,
  );
}

export type RunningWorker = RunningOrderWorker;

/**
 * The order worker, in this process, against the real Temporal, Kafka and MongoDB-compatible
 * server; it asks the cadres service at `config.cadresUrl` where orders go.
 */
export function startWorker(
  config: PlatformConfig,
  overrides: Partial<Pick<OrderWorkerOptions, 'afterProduce' | 'policy' | 'workflowBundle'>> = {},
  log: Logger = createLogger('test-worker', 'warn'),
): Promise<RunningWorker> {
  useTestTemporalRuntime();
  return runOrderWorker(config, log, overrides);
}

export interface RunningSystem {
  config: PlatformConfig;
  worker: RunningWorker;
  residents: RunningHttpService;
  cadres: RunningHttpService;
  notifications: RunningHttpService;
  close(): Promise<void>;
}

export interface SystemOptions {
  expectErrors?: boolean;
  log?: Logger;
  /** The worker's order policy (e.g. limits of seconds), instead of the stored one. */
  policy?: OrderWorkerOptions['policy'];
  /** The notifications service's clock, senders, retry policy… */
  notifications?: NotificationsOptions;
}

/** The worker and every service, in this process, on free ports. */
export async function startSystem(tag: string, options: SystemOptions = {}): Promise<RunningSystem> {
  const isolated = isolatedConfig(tag);
  // A test that provokes errors on purpose keeps the services' logs out of the test output.
  const log = options.log ?? createLogger(`test-${tag}`, options.expectErrors ? 'silent' : (process.env.LOG_LEVEL ?? 'warn'));
  const cadres = await startCadres({ config: isolated, log }, 0);
  const config = { ...isolated, cadresUrl: cadres.url };
  const ctx = { config, log };
  const worker = await startWorker(config, options.policy ? { policy: options.policy } : {}, options.log);
  const residents = await startResidents(ctx, 0);
  const notifications = await startNotifications(ctx, 0, options.notifications);
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
