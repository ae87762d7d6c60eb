import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ensureNamespace, startStack, type RunningStack } from '@lianxin/infra';
import { developmentSecrets } from '@lianxin/infra/src/secrets';
import { freePort, identityEnvironment, startIdentityProcess } from '@lianxin/infra/src/cli/identity-process';
import { startCadres } from '@lianxin/cadres';
import { createLogger, loadConfig, type PlatformConfig } from '@lianxin/platform';

/** Reads `--name value` from the command line (or `BENCH_NAME`), else the default. */
export function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const raw = index >= 0 ? process.argv[index + 1] : process.env[`BENCH_${name.toUpperCase()}`];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

/** Reads `--name value` (or `BENCH_NAME`) as text, else the default. */
export function textArgument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  const raw = index >= 0 ? process.argv[index + 1] : process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  if (raw === undefined) return fallback;
  if (raw.trim() === '' || raw.startsWith('--')) throw new Error(`--${name} needs a value`);
  return raw.trim();
}

/** Reads `--name 1,2,3` (or `BENCH_NAME`) as positive numbers, else the default. */
export function listArgument(name: string, fallback: number[]): number[] {
  const raw = textArgument(name, fallback.join(','));
  const values = raw.split(',').map((v) => Number(v.trim()));
  if (values.length === 0 || values.some((v) => !Number.isFinite(v) || v <= 0)) throw new Error(`--${name} must be positive numbers separated by commas`);
  return values;
}

/** Whether `--name` is on the command line. */
export function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

/**
 * Where a bench's stack keeps its data and logs: `LIANXIN_DATA_DIR` when set (relative to the
 * repository), else `.data/bench`. A bench on other ports with its own data dir never shares a
 * stack with another one.
 */
export function benchDataDir(): string {
  const repo = path.resolve(__dirname, '../..');
  const configured = process.env.LIANXIN_DATA_DIR?.trim();
  return configured ? path.resolve(repo, configured) : path.join(repo, '.data', 'bench');
}

/**
 * The embedded stack (reused if already running), its secrets in the environment (values set
 * there win), an identity provider of the bench's own (services verify tokens with it, the
 * worker gets its service token from it), the cadres service in this process (the worker asks
 * it where orders go), and a config of the bench's own: namespace `lianxin-bench`, its own
 * topic prefix and databases, so a running system's data is untouched. `stack.stop()` stops the
 * cadres service and the identity provider too.
 */
export async function benchEnvironment(name: string): Promise<{ stack: RunningStack; config: PlatformConfig }> {
  const dataDir = benchDataDir();
  Object.assign(process.env, developmentSecrets(dataDir)); // the payload keys of its clients and worker
  const stack = await startStack({ dataDir, namespaces: ['lianxin-bench'], log: (m) => console.log(`[infra] ${m}`) });
  await ensureNamespace(stack.temporal.address, 'lianxin-bench');
  const run = `${name}${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const dbPrefix = `lxbench_${run}`;
  Object.assign(process.env, identityEnvironment({}, await freePort()));
  const identity = await startIdentityProcess({ ...process.env, MONGO_URL: stack.mongo.url, MONGO_DB_PREFIX: dbPrefix, LOG_LEVEL: 'warn' }, path.join(dataDir, 'logs'));
  const base = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
  const config: PlatformConfig = {
    ...base,
    temporal: { address: stack.temporal.address, namespace: 'lianxin-bench', taskQueue: `bench-${run}` },
    kafka: { ...base.kafka, brokers: stack.kafka.brokers, topicPrefix: `bench-${run}.` },
    mongo: { url: stack.mongo.url, dbPrefix },
  };
  const cadres = await startCadres({ config, log: createLogger('bench-cadres', 'warn') }, 0);
  return {
    stack: {
      ...stack,
      stop: async () => {
        await cadres.close();
        await identity.stop();
        await stack.stop();
      },
    },
    config: { ...config, cadresUrl: cadres.url },
  };
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function inParallel<T>(items: T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await task(items[index]!, index);
    }
  });
  await Promise.all(lanes);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const sampleIntake = {
  kind: 'concern' as const,
  category: '环境治理',
  urgency: 'general' as const,
  title: '小区门口垃圾堆放多日无人清运',
  description: '东王村村口垃圾堆放三天，气味很大，请尽快清运。',
  channel: 'hotline' as const,
  resident: { name: '李桂兰', keyPopulations: [] },
  // A grid of the sample register, so the order has a scope its people act in.
  location: { gridId: 'grid-yeshan-dongwang-1', address: '冶山镇东王村村口' },
  attachments: [],
};
