import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { addressesFromEnv } from '../config';
import { exec } from '../install/build';
import { ensurePostgres } from '../install/postgresql';
import { defaultLog, type Log } from '../paths';
import { alreadyServing, reusedHandle, spawnServer, stopChild, waitUntilReady, type ServerHandle } from './process';
import { unprivileged } from './unprivileged';

export interface PostgresOptions {
  /** The cluster in `<dataDir>/postgresql/data`, log in `<dataDir>/logs/postgresql.log`. */
  dataDir: string;
  /** Port on 127.0.0.1; default LIANXIN_POSTGRES_PORT or 55432. */
  port?: number;
  /** The folder holding `initdb` and `postgres`; default: fetched/cached by ensurePostgres(). */
  binDir?: string;
  logDir?: string;
  log?: Log;
  readyTimeoutMs?: number;
}

export interface PostgresHandle extends ServerHandle {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication, no password). */
  url: string;
}

const host = '127.0.0.1';
const user = 'postgres';
const database = 'postgres';

/** A v3 StartupMessage for `user` and `database`. */
function startupMessage(): Buffer {
  const body = Buffer.from(`user\0${user}\0database\0${database}\0\0`);
  const header = Buffer.alloc(8);
  header.writeInt32BE(8 + body.length, 0);
  header.writeInt32BE(196_608, 4); // protocol 3.0
  return Buffer.concat([header, body]);
}

/**
 * Whether PostgreSQL at host:port lets `postgres` into `postgres` without a password and is ready
 * for queries (ReadyForQuery after the startup message) — the login FerretDB makes. A server still
 * starting, or one asking for a password, answers no.
 */
export function postgresAnswers(port: number, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let received = Buffer.alloc(0);
    const done = (ready: boolean) => {
      if (ready) socket.end(Buffer.from([0x58, 0, 0, 0, 4])); // Terminate
      else socket.destroy();
      resolve(ready);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('close', () => resolve(false));
    socket.once('connect', () => socket.write(startupMessage()));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // messages: type byte, Int32 length (counting itself), body
      while (received.length >= 5) {
        const type = String.fromCharCode(received[0]!);
        const length = received.readInt32BE(1);
        if (length < 4) return done(false); // not PostgreSQL
        if (received.length < 1 + length) return;
        if (type === 'R' && (length < 8 || received.readInt32BE(5) !== 0)) return done(false); // a password asked for
        if (type === 'E') return done(false); // e.g. "the database system is starting up"
        if (type === 'Z') return done(true);
        received = received.subarray(1 + length);
      }
    });
  });
}

/** initdb into a staging folder renamed into place, so an interrupted initdb leaves no half cluster. */
async function initCluster(binDir: string, data: string, log: Log): Promise<void> {
  if (existsSync(data) && readdirSync(data).length > 0) {
    throw new Error(`${data} 不是 PostgreSQL 数据目录 (holds files but no PG_VERSION: not a PostgreSQL cluster); move it away or remove it`);
  }
  log(`creating the PostgreSQL cluster in ${data} …`);
  const staging = `${data}.initdb`; // left by an interrupted initdb: start over
  rmSync(staging, { recursive: true, force: true });
  const initdb = await unprivileged('PostgreSQL', path.join(binDir, 'initdb'), [
    '-D', staging, '-U', user, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8',
  ]);
  try {
    await exec(initdb.command, initdb.args);
    rmSync(data, { recursive: true, force: true }); // an empty folder
    renameSync(staging, data);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * A PostgreSQL server on 127.0.0.1 for FerretDB — or the one already answering at the port (then
 * reused). Creates the cluster on first start (trust authentication for `postgres`, UTF-8). As
 * root it runs in a user namespace (see unprivileged.ts); it stops with SIGINT, PostgreSQL's
 * "fast" shutdown (SIGTERM would wait for every client to disconnect), after the other servers.
 */
export async function startPostgres(options: PostgresOptions): Promise<PostgresHandle> {
  const log = options.log ?? defaultLog;
  const port = options.port ?? addressesFromEnv().postgresPort;
  if (port === 0) throw new Error('LIANXIN_POSTGRES_PORT=0: PostgreSQL needs a fixed port');
  const url = `postgres://${user}@${host}:${port}/${database}`;

  if (await alreadyServing('PostgreSQL (user postgres, no password)', { host, port }, () => postgresAnswers(port), log)) {
    log(`PostgreSQL already answering at ${host}:${port}: reusing it`);
    return { ...reusedHandle('postgresql'), url };
  }

  const binDir = options.binDir ?? (await ensurePostgres(log));
  const dir = path.join(options.dataDir, 'postgresql');
  const data = path.join(dir, 'data');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(path.join(data, 'PG_VERSION'))) await initCluster(binDir, data, log);

  // The Unix socket beside the data, when its path fits a sockaddr_un (108 bytes); else TCP only.
  const socketDir = path.join(dir, 'run');
  const fits = Buffer.byteLength(path.join(socketDir, `.s.PGSQL.${port}`)) < 108;
  if (fits) mkdirSync(socketDir, { recursive: true });
  const postgres = await unprivileged('PostgreSQL', path.join(binDir, 'postgres'), [
    '-D', data,
    '-p', String(port),
    '-k', fits ? socketDir : '',
    '-c', `listen_addresses=${host}`,
    '-c', 'shared_buffers=128MB',
    '-c', 'max_connections=200',
    // synchronous_commit stays on: with it off, a commit answered before its WAL reached the disk
    // was lost when PostgreSQL itself was killed — the chaos run found read-model writes and
    // notification records gone whose Kafka offsets were already committed.
  ]);
  const started = spawnServer('postgresql', postgres.command, postgres.args, options.logDir ?? path.join(options.dataDir, 'logs'), {
    stopSignal: 'SIGINT',
    stopLast: true,
  });
  await waitUntilReady('PostgreSQL', started, () => postgresAnswers(port), options.readyTimeoutMs);
  return { name: 'postgresql', reused: false, url, logFile: started.logFile, stop: () => stopChild(started.child) };
}

export { startPostgres as start };
