import path from 'node:path';
import { ensureInstalled, type InstalledServers } from './install';
import { startFerretDb } from './servers/ferretdb';
import { startKafka } from './servers/kafka';
import type { Log, ServerHandle } from './servers/process';
import { startTemporal } from './servers/temporal';

export interface StackOptions {
  dataDir: string;
  namespaces: string[];
  log?: Log;
  env?: NodeJS.ProcessEnv;
}

export interface RunningStack {
  temporal: { address: string; uiUrl: string };
  kafka: { brokers: string[] };
  mongo: { url: string };
  installed: InstalledServers;
  /** Stops the servers this call started (reused ones are left running). */
  stop(): Promise<void>;
}

const defaultMongoUrl = 'mongodb://127.0.0.1:27017';

/** Installs (once) and starts Temporal, Kafka and FerretDB in parallel; addresses from the environment. */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((message: string) => console.log(`[infra] ${message}`));
  const installed = await ensureInstalled(log);
  const logDir = path.join(options.dataDir, 'logs');
  const mongoUrl = env.MONGO_URL ?? defaultMongoUrl;
  const results = await Promise.allSettled([
    startTemporal({
      binary: installed.temporal,
      dataDir: options.dataDir,
      logDir,
      address: env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
      uiPort: Number(env.TEMPORAL_UI_PORT ?? 8233),
      namespaces: options.namespaces,
      log,
    }),
    startKafka({
      libs: installed.kafkaLibs,
      dataDir: options.dataDir,
      logDir,
      brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()),
      controllerPort: Number(env.KAFKA_CONTROLLER_PORT ?? 9093),
      log,
    }),
    startFerretDb({
      binary: installed.ferretdb,
      dataDir: options.dataDir,
      logDir,
      url: mongoUrl,
      embedded: env.MONGO_URL === undefined || env.MONGO_URL === defaultMongoUrl,
      log,
    }),
  ]);
  const handles = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value as ServerHandle] : []));
  const stop = async () => {
    await Promise.all(handles.map((h) => h.stop()));
  };
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const [temporal, kafka, mongo] = results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
    Awaited<ReturnType<typeof startTemporal>>,
    Awaited<ReturnType<typeof startKafka>>,
    Awaited<ReturnType<typeof startFerretDb>>,
  ];
  log(`Temporal ${temporal.address}${temporal.reused ? ' (reused)' : ''} · Kafka ${kafka.brokers.join(',')}${kafka.reused ? ' (reused)' : ''} · MongoDB ${mongo.url}${mongo.reused ? ' (reused)' : ''}`);
  return { temporal: { address: temporal.address, uiUrl: temporal.uiUrl }, kafka: { brokers: kafka.brokers }, mongo: { url: mongo.url }, installed, stop };
}
