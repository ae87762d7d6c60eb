import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import Long from 'long';
import { addressesFromEnv, splitHostPort } from '../config';
import { ensureTemporalCli } from '../install/temporal-cli';
import { defaultLog, type Log } from '../paths';
import { alreadyServing, portOpen, reusedHandle, spawnServer, stopChild, waitUntilReady, type ServerHandle } from './process';

export interface TemporalOptions {
  /** Data lives in `<dataDir>/temporal/temporal.sqlite`, logs in `<dataDir>/logs/temporal.log`. */
  dataDir: string;
  /** `host:port` of the gRPC frontend; default TEMPORAL_ADDRESS or 127.0.0.1:7233. */
  address?: string;
  /** Web UI port; default TEMPORAL_UI_PORT or 8233; 0 starts no UI. */
  uiPort?: number;
  /** Namespaces to create (at launch, or registered on a reused server). */
  namespaces?: string[];
  /** The `temporal` binary; default: built/cached by ensureTemporalCli(). */
  binary?: string;
  logDir?: string;
  log?: Log;
  readyTimeoutMs?: number;
}

export interface TemporalHandle extends ServerHandle {
  address: string;
  uiUrl: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A connection without the client's retry interceptor, so a probe fails fast instead of retrying. */
function probeConnection(address: string): Promise<Connection> {
  return Connection.connect({ address, connectTimeout: 2_000, interceptors: [] });
}

/** Whether a Temporal frontend answers `GetSystemInfo` at `address`. */
export async function temporalAnswers(address: string): Promise<boolean> {
  const { host, port } = splitHostPort(address, 7233);
  if (!(await portOpen(host, port))) return false; // fast, where gRPC would keep reconnecting until its timeout
  let connection: Connection | undefined;
  try {
    connection = await probeConnection(address);
    const c = connection;
    await c.withDeadline(Date.now() + 3_000, () => c.workflowService.getSystemInfo({}));
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

function grpcCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;

/**
 * Registers `namespace` through the WorkflowService when the server lacks it (a reused server
 * started without it), then waits until the frontend serves requests in it.
 */
export async function ensureNamespace(address: string, namespace: string, retentionDays = 3): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 10_000 });
  try {
    const service = connection.workflowService;
    let exists = true;
    try {
      await service.describeNamespace({ namespace });
    } catch (error) {
      if (grpcCode(error) !== NOT_FOUND) throw error;
      exists = false;
    }
    if (!exists) {
      try {
        await service.registerNamespace({
          namespace,
          description: 'registered by @lianxin/infra',
          workflowExecutionRetentionPeriod: { seconds: Long.fromNumber(retentionDays * 24 * 3600) },
        });
      } catch (error) {
        if (grpcCode(error) !== ALREADY_EXISTS) throw error;
      }
    }
    // A new namespace reaches the frontend's namespace cache a few seconds after registration.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await service.describeTaskQueue({ namespace, taskQueue: { name: 'lianxin-infra-probe' }, taskQueueType: 1 });
        return;
      } catch (error) {
        if (grpcCode(error) !== NOT_FOUND || Date.now() > deadline) throw error;
        await sleep(250);
      }
    }
  } finally {
    await connection.close();
  }
}

/**
 * The Temporal CLI dev server (`temporal server start-dev`) on a SQLite file in WAL mode, with its
 * Web UI — or the server already answering at the address (then reused, namespaces ensured).
 */
export async function startTemporal(options: TemporalOptions): Promise<TemporalHandle> {
  const env = addressesFromEnv();
  const log = options.log ?? defaultLog;
  const address = options.address ?? env.temporalAddress;
  const uiPort = options.uiPort ?? env.temporalUiPort;
  const namespaces = options.namespaces ?? [];
  const { host, port } = splitHostPort(address, 7233);
  const uiUrl = `http://${host.includes(':') ? `[${host}]` : host}:${uiPort}`;

  if (await alreadyServing('Temporal', { host, port }, () => temporalAnswers(address), log)) {
    log(`Temporal already answering at ${address}: reusing it`);
    for (const namespace of namespaces) await ensureNamespace(address, namespace);
    return { ...reusedHandle('temporal'), address, uiUrl };
  }

  const binary = options.binary ?? (await ensureTemporalCli(log));
  const dir = path.join(options.dataDir, 'temporal');
  mkdirSync(dir, { recursive: true });
  const args = [
    'server', 'start-dev',
    '--ip', host,
    '--port', String(port),
    ...(uiPort === 0 ? ['--headless'] : ['--ui-port', String(uiPort)]),
    '--db-filename', path.join(dir, 'temporal.sqlite'),
    '--sqlite-pragma', 'journal_mode=wal',
    '--sqlite-pragma', 'synchronous=normal',
    ...namespaces.flatMap((namespace) => ['--namespace', namespace]),
    '--log-level', 'warn',
    '--color', 'never',
  ];
  const started = spawnServer('temporal', binary, args, options.logDir ?? path.join(options.dataDir, 'logs'));
  await waitUntilReady('Temporal', started, () => temporalAnswers(address), options.readyTimeoutMs);
  try {
    for (const namespace of namespaces) await ensureNamespace(address, namespace);
  } catch (error) {
    await stopChild(started.child);
    throw error;
  }
  return { name: 'temporal', reused: false, address, uiUrl, logFile: started.logFile, stop: () => stopChild(started.child) };
}

export { startTemporal as start };
