import { Connection } from '@temporalio/client';
import Long from 'long';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { spawnServer, splitHostPort, stopChild, waitUntilReady, reusedHandle, type Log, type ServerHandle } from './process';

export interface TemporalOptions {
  binary: string;
  dataDir: string;
  logDir: string;
  address: string;
  uiPort: number;
  namespaces: string[];
  log: Log;
}

async function answers(address: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1_000 });
    await connection.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/** Registers `namespace` on a server that lacks it (when reusing a server someone else started). */
export async function ensureNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    try {
      await connection.workflowService.describeNamespace({ namespace });
      return;
    } catch {
      // not there yet
    }
    try {
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: { seconds: Long.fromNumber(3 * 24 * 3600) } });
    } catch (error) {
      if (!/already exists/i.test(String((error as Error).message))) throw error;
    }
    for (let i = 0; i < 50; i += 1) {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    await connection.close();
  }
}

/** The Temporal CLI dev server on a SQLite file (WAL), with its UI. */
export async function startTemporal(options: TemporalOptions): Promise<ServerHandle & { address: string; uiUrl: string }> {
  const { host, port } = splitHostPort(options.address, 7233);
  const uiUrl = `http://${host}:${options.uiPort}`;
  if (await answers(options.address)) {
    options.log(`Temporal already answering at ${options.address}: reusing it`);
    for (const namespace of options.namespaces) await ensureNamespace(options.address, namespace);
    return { ...reusedHandle('temporal'), address: options.address, uiUrl };
  }
  const dir = path.join(options.dataDir, 'temporal');
  mkdirSync(dir, { recursive: true });
  const args = [
    'server', 'start-dev',
    '--ip', host,
    '--port', String(port),
    '--ui-port', String(options.uiPort),
    '--db-filename', path.join(dir, 'temporal.sqlite'),
    '--sqlite-pragma', 'journal_mode=wal',
    '--sqlite-pragma', 'synchronous=normal',
    '--log-level', 'warn',
    ...options.namespaces.flatMap((n) => ['--namespace', n]),
  ];
  const started = spawnServer('temporal', options.binary, args, options.logDir);
  await waitUntilReady('Temporal', started, () => answers(options.address));
  for (const namespace of options.namespaces) await ensureNamespace(options.address, namespace);
  return { name: 'temporal', reused: false, address: options.address, uiUrl, stop: () => stopChild(started.child) };
}
