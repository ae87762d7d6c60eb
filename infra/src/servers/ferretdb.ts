import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { spawnServer, stopChild, waitUntilReady, reusedHandle, type Log, type ServerHandle } from './process';

export interface FerretDbOptions {
  binary: string;
  dataDir: string;
  logDir: string;
  url: string;
  /** False when MONGO_URL names another server: then it is only checked, never started. */
  embedded: boolean;
  log: Log;
}

async function answers(url: string): Promise<boolean> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 1_000, connectTimeoutMS: 1_000 });
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

/** FerretDB (MongoDB wire protocol) on a SQLite directory — or a real MongoDB named by MONGO_URL. */
export async function startFerretDb(options: FerretDbOptions): Promise<ServerHandle & { url: string }> {
  if (await answers(options.url)) {
    options.log(`MongoDB-compatible server already answering at ${options.url}: reusing it`);
    return { ...reusedHandle('ferretdb'), url: options.url };
  }
  if (!options.embedded) throw new Error(`MONGO_URL=${options.url} does not answer (it names an external MongoDB, so FerretDB is not started)`);
  const address = new URL(options.url);
  const dir = path.join(options.dataDir, 'ferretdb');
  mkdirSync(dir, { recursive: true });
  const started = spawnServer(
    'ferretdb',
    options.binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--state-dir=${dir}`,
      `--listen-addr=${address.hostname}:${address.port || '27017'}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    options.logDir,
  );
  await waitUntilReady('FerretDB', started, () => answers(options.url));
  return { name: 'ferretdb', reused: false, url: options.url, stop: () => stopChild(started.child) };
}
