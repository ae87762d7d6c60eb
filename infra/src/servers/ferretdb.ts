import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { addressesFromEnv, embeddedMongoListen, redactUrl as redact } from '../config';
import { ensureFerretDb } from '../install/ferretdb';
import { defaultLog, type Log } from '../paths';
import { startPostgres, type PostgresHandle } from './postgresql';
import { alreadyServing, portOpen, reusedHandle, spawnServer, stopChild, waitUntilReady, type ServerHandle } from './process';

export interface FerretDbOptions {
  /** FerretDB's state in `<dataDir>/ferretdb/`, its PostgreSQL's in `<dataDir>/postgresql/`, logs in `<dataDir>/logs/`. */
  dataDir: string;
  /**
   * Default MONGO_URL or mongodb://127.0.0.1:27017. A loopback URL is where FerretDB listens;
   * any other server (remote host, several hosts, credentials) is only checked, never started.
   */
  url?: string;
  /** The `ferretdb` binary; default: built/cached by ensureFerretDb(). */
  binary?: string;
  /**
   * Starts (or reuses) the PostgreSQL that holds FerretDB's data; called only when FerretDB itself
   * is started. Default: startPostgres() on `dataDir` and LIANXIN_POSTGRES_PORT.
   */
  postgresql?: () => Promise<PostgresHandle>;
  logDir?: string;
  log?: Log;
  readyTimeoutMs?: number;
}

export interface FerretDbHandle extends ServerHandle {
  url: string;
  /** The PostgreSQL under the FerretDB started here; undefined when the MongoDB server was reused. */
  postgresql?: PostgresHandle;
}

/** Whether a MongoDB wire-protocol server at `url` answers `ping`. */
export async function mongoAnswers(url: string): Promise<boolean> {
  const local = embeddedMongoListen(url);
  if (local && !(await portOpen(local.host, local.port))) return false; // fast, where the driver would wait for server selection
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 1_500, connectTimeoutMS: 1_500 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

/**
 * FerretDB (MongoDB wire protocol) on PostgreSQL, started after it — or the server already
 * answering at the URL (then reused, and no PostgreSQL started). With MONGO_URL naming another
 * server, that server is only checked. stop() stops FerretDB, then its PostgreSQL.
 */
export async function startFerretDb(options: FerretDbOptions): Promise<FerretDbHandle> {
  const log = options.log ?? defaultLog;
  const url = options.url ?? addressesFromEnv().mongoUrl;
  const listen = embeddedMongoListen(url);
  const logDir = options.logDir ?? path.join(options.dataDir, 'logs');

  if (listen === undefined) {
    if (await mongoAnswers(url)) {
      log(`MongoDB at ${redact(url)} answers: using it (FerretDB not started)`);
      return { ...reusedHandle('ferretdb'), url };
    }
    throw new Error(`MONGO_URL=${redact(url)} does not answer ping; it names another server, so FerretDB is not started in its place`);
  }
  if (await alreadyServing('a MongoDB wire-protocol server', listen, () => mongoAnswers(url), log)) {
    log(`MongoDB-compatible server already answering at ${redact(url)}: reusing it`);
    return { ...reusedHandle('ferretdb'), url };
  }

  const binary = options.binary ?? (await ensureFerretDb(log));
  const postgresql = await (options.postgresql ?? (() => startPostgres({ dataDir: options.dataDir, logDir, log })))();
  try {
    const dir = path.join(options.dataDir, 'ferretdb');
    mkdirSync(dir, { recursive: true });
    const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
    const started = spawnServer('ferretdb', binary, [
      '--handler=postgresql',
      `--postgresql-url=${postgresql.url}`,
      `--state-dir=${dir}`,
      `--listen-addr=${host}:${listen.port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error', // at warn it logs every unsupported endSessions a driver sends on close
    ], logDir);
    await waitUntilReady('FerretDB', started, () => mongoAnswers(url), options.readyTimeoutMs);
    return {
      name: 'ferretdb',
      reused: false,
      url,
      postgresql,
      logFile: started.logFile,
      stop: async () => {
        await stopChild(started.child);
        await postgresql.stop();
      },
    };
  } catch (error) {
    await postgresql.stop();
    throw error;
  }
}

export { startFerretDb as start };
