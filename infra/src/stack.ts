import path from 'node:path';
import { addressesFromEnv, redactUrl } from './config';
import { ensureInstalled, type InstalledServers } from './install';
import { defaultLog, type Log } from './paths';
import { startFerretDb, type FerretDbHandle, type FerretDbOptions } from './servers/ferretdb';
import { startKafka, type KafkaHandle, type KafkaOptions } from './servers/kafka';
import { startPostgres, type PostgresOptions } from './servers/postgresql';
import type { ServerHandle } from './servers/process';
import { startTemporal, type TemporalHandle, type TemporalOptions } from './servers/temporal';

export interface StackOptions {
  /** Server data in `<dataDir>/{temporal,kafka,postgresql,ferretdb}`, logs in `<dataDir>/logs`. */
  dataDir: string;
  /** Temporal namespaces to create, e.g. ['lianxin', 'lianxin-test']. */
  namespaces: string[];
  log?: Log;
  /** Where the address variables are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface RunningStack {
  temporal: { address: string; uiUrl: string; reused: boolean };
  kafka: { brokers: string[]; reused: boolean };
  mongo: { url: string; reused: boolean };
  /** The PostgreSQL under FerretDB; undefined when the MongoDB server was reused (then none is started). */
  postgresql?: { url: string; reused: boolean };
  installed: InstalledServers;
  logDir: string;
  /** What each server was started with: a supervisor starts one again the same way (cli/stack-supervisor.ts). */
  serverOptions: StackServerOptions;
  /** Stops the servers this call started (reused ones are left running). */
  stop(): Promise<void>;
}

export interface StackServerOptions {
  temporal: TemporalOptions;
  kafka: KafkaOptions;
  postgresql: PostgresOptions;
  /** FerretDB's, but its PostgreSQL (given by whoever starts it). */
  ferretdb: Omit<FerretDbOptions, 'postgresql'>;
}

/**
 * Installs what is missing (once, into the cache), then starts Temporal, Kafka and PostgreSQL →
 * FerretDB in parallel — each reusing a server already answering at its address (a reused
 * MongoDB server needs no PostgreSQL). If one fails, the others are stopped again and the first
 * error is thrown. stop() stops FerretDB before its PostgreSQL.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const log = options.log ?? defaultLog;
  const addresses = addressesFromEnv(options.env ?? process.env);
  const dataDir = path.resolve(options.dataDir);
  const logDir = path.join(dataDir, 'logs');
  const installed = await ensureInstalled(log);
  const begun = Date.now();
  const timed = <T extends ServerHandle>(name: string, promise: Promise<T>): Promise<T> =>
    promise.then((handle) => {
      if (!handle.reused) log(`${name} ready in ${((Date.now() - begun) / 1000).toFixed(1)} s`);
      return handle;
    });

  const serverOptions: StackServerOptions = {
    temporal: { dataDir, logDir, log, binary: installed.temporal, address: addresses.temporalAddress, uiPort: addresses.temporalUiPort, namespaces: options.namespaces },
    kafka: { dataDir, logDir, log, libs: installed.kafkaLibs, brokers: addresses.kafkaBrokers, controllerPort: addresses.kafkaControllerPort },
    postgresql: { dataDir, logDir, log, binDir: installed.postgresql, port: addresses.postgresPort },
    ferretdb: { dataDir, logDir, log, binary: installed.ferretdb, url: addresses.mongoUrl },
  };
  const results = await Promise.allSettled([
    timed('Temporal', startTemporal(serverOptions.temporal)),
    timed('Kafka', startKafka(serverOptions.kafka)),
    timed('FerretDB', startFerretDb({ ...serverOptions.ferretdb, postgresql: () => timed('PostgreSQL', startPostgres(serverOptions.postgresql)) })),
  ]);
  const handles = results.flatMap((r): ServerHandle[] => (r.status === 'fulfilled' ? [r.value] : []));
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= Promise.all(handles.map((h) => h.stop())).then(() => undefined));

  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failures.length > 0) {
    await stop();
    if (failures.length === 1) throw failures[0]!;
    throw new Error(failures.map((e) => e.message).join('\n\n'));
  }
  const [temporal, kafka, mongo] = results.map((r) => (r as PromiseFulfilledResult<ServerHandle>).value) as [TemporalHandle, KafkaHandle, FerretDbHandle];
  const reused = (h: ServerHandle) => (h.reused ? ' (reused)' : '');
  const postgresql = mongo.postgresql && { url: mongo.postgresql.url, reused: mongo.postgresql.reused };
  const onPostgres = mongo.postgresql ? ` · PostgreSQL ${mongo.postgresql.url}${reused(mongo.postgresql)}` : '';
  log(`Temporal ${temporal.address}${reused(temporal)} · Kafka ${kafka.brokers.join(',')}${reused(kafka)} · MongoDB ${redactUrl(mongo.url)}${reused(mongo)}${onPostgres} · logs ${logDir}`);
  return {
    temporal: { address: temporal.address, uiUrl: temporal.uiUrl, reused: temporal.reused },
    kafka: { brokers: kafka.brokers, reused: kafka.reused },
    mongo: { url: mongo.url, reused: mongo.reused },
    postgresql,
    installed,
    logDir,
    serverOptions,
    stop,
  };
}
