import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { superviseStack, type SupervisedStack } from '../src/cli/stack-supervisor';
import type { SupervisorEvent } from '../src/cli/supervisor';
import { startFerretDb } from '../src/servers/ferretdb';
import { startKafka } from '../src/servers/kafka';
import { startPostgres, type PostgresHandle } from '../src/servers/postgresql';
import { lastServerProcess, spawnServer, stopChild, type StartedProcess } from '../src/servers/process';
import { startTemporal } from '../src/servers/temporal';
import type { RunningStack } from '../src/stack';

/**
 * The supervision of the stack's servers, with the start functions replaced by ones that spawn
 * tiny `node -e` processes through the real spawnServer (so the real exit watch and stop order apply).
 */

jest.mock('../src/servers/temporal', () => ({ startTemporal: jest.fn() }));
jest.mock('../src/servers/kafka', () => ({ startKafka: jest.fn() }));
jest.mock('../src/servers/postgresql', () => ({ startPostgres: jest.fn() }));
jest.mock('../src/servers/ferretdb', () => ({ startFerretDb: jest.fn() }));

const idle = 'setInterval(() => {}, 1 << 30)';
const fast = { baseMs: 50, capMs: 200, stableMs: 500 };
const postgresUrl = 'postgres://postgres@127.0.0.1:55999/postgres';

let dir: string;
let supervised: SupervisedStack | undefined;
const exitedAt = new Map<StartedProcess, number>();

function serve(name: string, options: { stopSignal?: NodeJS.Signals; stopLast?: boolean } = {}): StartedProcess {
  const started = spawnServer(name, process.execPath, ['-e', idle], path.join(dir, 'logs'), options);
  void started.exited.then(() => exitedAt.set(started, performance.now()));
  return started;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lianxin-stack-supervisor-'));
  jest.mocked(startPostgres).mockImplementation(async () => {
    const started = serve('postgresql', { stopSignal: 'SIGINT', stopLast: true });
    return { name: 'postgresql', reused: false, url: postgresUrl, logFile: started.logFile, stop: () => stopChild(started.child) };
  });
  jest.mocked(startFerretDb).mockImplementation(async (options) => {
    const postgresql = await options.postgresql!();
    const started = serve('ferretdb');
    return { name: 'ferretdb', reused: false, url: options.url!, postgresql, logFile: started.logFile, stop: () => stopChild(started.child) };
  });
});

afterEach(async () => {
  await supervised?.stop();
  supervised = undefined;
  jest.clearAllMocks();
  exitedAt.clear();
  await rm(dir, { recursive: true, force: true });
});

/** A stack as startStack leaves it: Temporal and Kafka reused, PostgreSQL and FerretDB started here. */
async function runningStack(): Promise<RunningStack> {
  const postgresql = await startPostgres({ dataDir: dir });
  await startFerretDb({ dataDir: dir, url: 'mongodb://127.0.0.1:27999', postgresql: async () => postgresql });
  jest.clearAllMocks(); // count the supervisor's calls only
  return {
    temporal: { address: '127.0.0.1:7999', uiUrl: 'http://127.0.0.1:8999', reused: true },
    kafka: { brokers: ['127.0.0.1:9999'], reused: true },
    mongo: { url: 'mongodb://127.0.0.1:27999', reused: false },
    postgresql: { url: postgresUrl, reused: false },
    installed: { temporal: '/cache/temporal', ferretdb: '/cache/ferretdb', postgresql: '/cache/pg/bin', kafkaLibs: '/cache/kafka/libs', temporalTestServer: '/cache/tts' },
    logDir: path.join(dir, 'logs'),
    // What startStack would have started them with (LIANXIN_POSTGRES_PORT=55999, MONGO_URL on 27999).
    serverOptions: {
      temporal: { dataDir: dir, logDir: path.join(dir, 'logs'), binary: '/cache/temporal', address: '127.0.0.1:7999', uiPort: 8999, namespaces: ['lianxin'] },
      kafka: { dataDir: dir, logDir: path.join(dir, 'logs'), libs: '/cache/kafka/libs', brokers: ['127.0.0.1:9999'], controllerPort: 9998 },
      postgresql: { dataDir: dir, logDir: path.join(dir, 'logs'), binDir: '/cache/pg/bin', port: 55999 },
      ferretdb: { dataDir: dir, logDir: path.join(dir, 'logs'), binary: '/cache/ferretdb', url: 'mongodb://127.0.0.1:27999' },
    },
    stop: jest.fn(async () => undefined),
  };
}

function waitForEvent(events: SupervisorEvent[], match: (e: SupervisorEvent) => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (events.some(match)) resolve();
      else if (Date.now() > deadline) reject(new Error(`no such event; saw ${JSON.stringify(events)}`));
      else setTimeout(check, 10);
    };
    check();
  });
}

test('a dead PostgreSQL is restarted with the same options, then FerretDB on it', async () => {
  const stack = await runningStack();
  const events: SupervisorEvent[] = [];
  supervised = superviseStack(stack, { onEvent: (e) => events.push(e), backoff: fast });
  const postgres = lastServerProcess('postgresql')!;
  const ferret = lastServerProcess('ferretdb')!;

  postgres.child.kill('SIGKILL');
  await waitForEvent(events, (e) => e.name === 'FerretDB' && e.kind === 'up');

  expect(events.map((e) => `${e.name} ${e.kind} #${e.restart}`)).toEqual([
    'PostgreSQL exit #1',
    'PostgreSQL up #1',
    'FerretDB restart-requested #1',
    'FerretDB up #1',
  ]);
  expect(events[0]).toMatchObject({ status: { code: null, signal: 'SIGKILL' }, delayMs: 50, logFile: path.join(dir, 'logs', 'postgresql.log') });
  expect(startTemporal).not.toHaveBeenCalled(); // reused: someone else's
  expect(startKafka).not.toHaveBeenCalled();
  expect(startPostgres).toHaveBeenCalledTimes(1);
  expect(jest.mocked(startPostgres).mock.calls[0]![0]).toMatchObject({ dataDir: dir, logDir: stack.logDir, binDir: '/cache/pg/bin', port: 55999 });
  expect(startFerretDb).toHaveBeenCalledTimes(1);
  const ferretOptions = jest.mocked(startFerretDb).mock.calls[0]![0];
  expect(ferretOptions).toMatchObject({ dataDir: dir, logDir: stack.logDir, binary: '/cache/ferretdb', url: 'mongodb://127.0.0.1:27999' });
  // FerretDB is given the supervised PostgreSQL, and stopping FerretDB leaves it running
  const given: PostgresHandle = await ferretOptions.postgresql!();
  expect(given.url).toBe(postgresUrl);
  await given.stop();
  expect(lastServerProcess('postgresql')!.child.exitCode).toBeNull();

  expect(await ferret.exited).toEqual({ code: null, signal: 'SIGTERM' }); // the old FerretDB, stopped for the restart
  expect(lastServerProcess('postgresql')).not.toBe(postgres);
  expect(lastServerProcess('ferretdb')).not.toBe(ferret);
});

test('stop() stops each server once, FerretDB before PostgreSQL, and restarts nothing', async () => {
  const stack = await runningStack();
  const events: SupervisorEvent[] = [];
  supervised = superviseStack(stack, { onEvent: (e) => events.push(e), backoff: fast });
  const postgres = lastServerProcess('postgresql')!;
  const ferret = lastServerProcess('ferretdb')!;

  await Promise.all([supervised.stop(), supervised.stop()]);
  expect(await ferret.exited).toEqual({ code: null, signal: 'SIGTERM' });
  expect(await postgres.exited).toEqual({ code: null, signal: 'SIGINT' });
  expect(exitedAt.get(ferret)!).toBeLessThanOrEqual(exitedAt.get(postgres)!);
  expect(stack.stop).toHaveBeenCalledTimes(1);
  await new Promise((resolve) => setTimeout(resolve, fast.baseMs * 3));
  expect(events).toEqual([]);
  expect(startPostgres).not.toHaveBeenCalled();
  expect(startFerretDb).not.toHaveBeenCalled();
});

test('a start that fails is retried (never given up), and a server dying while stopping stays down', async () => {
  const stack = await runningStack();
  const events: SupervisorEvent[] = [];
  supervised = superviseStack(stack, { onEvent: (e) => events.push(e), backoff: fast });
  const ferret = lastServerProcess('ferretdb')!;
  const real = jest.mocked(startFerretDb).getMockImplementation()!;
  jest.mocked(startFerretDb)
    .mockRejectedValueOnce(new Error('FerretDB exited (1) while starting'))
    .mockRejectedValueOnce(new Error('FerretDB exited (1) while starting'))
    .mockImplementation(real);

  ferret.child.kill('SIGKILL');
  await waitForEvent(events, (e) => e.name === 'FerretDB' && e.kind === 'up');
  expect(events.map((e) => `${e.kind} ${'delayMs' in e ? e.delayMs : ''}`)).toEqual(['exit 50', 'start-failed 100', 'start-failed 200', 'up ']);

  supervised.halt();
  lastServerProcess('ferretdb')!.child.kill('SIGKILL');
  await lastServerProcess('ferretdb')!.exited;
  await new Promise((resolve) => setTimeout(resolve, fast.baseMs * 3));
  expect(events).toHaveLength(4);
  expect(startFerretDb).toHaveBeenCalledTimes(3);
});
