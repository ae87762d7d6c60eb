import path from 'node:path';
import { startFerretDb } from '../servers/ferretdb';
import { startKafka } from '../servers/kafka';
import { startPostgres, type PostgresHandle } from '../servers/postgresql';
import { lastServerProcess, stopAllChildren, stopChild, type ServerHandle } from '../servers/process';
import { startTemporal } from '../servers/temporal';
import type { RunningStack } from '../stack';
import { Supervisor, type Backoff, type Supervised, type SupervisorEvent } from './supervisor';

export interface StackSupervisionOptions {
  onEvent(event: SupervisorEvent): void;
  backoff?: Partial<Backoff>;
}

/** The stack's servers under supervision. */
export interface SupervisedStack {
  /** No more restarts. */
  halt(): void;
  /** No more restarts; every server stopped, FerretDB before its PostgreSQL; then the stack's own stop(). */
  stop(): Promise<void>;
}

interface ServerSpec {
  /** The name spawnServer knows the process by (its log is `<logDir>/<name>.log`). */
  name: string;
  label: string;
  start(): Promise<ServerHandle>;
}

/**
 * Watches the servers `stack` started (reused ones are someone else's) and restarts one that
 * exits with backoff, through its own start function with the options startStack gave it
 * (`stack.serverOptions`) — the data directories persist, so each comes back with its data.
 * After PostgreSQL comes back, FerretDB on it is restarted too.
 */
export function superviseStack(stack: RunningStack, options: StackSupervisionOptions): SupervisedStack {
  const { logDir, serverOptions } = stack;
  const postgresUrl = stack.postgresql?.url;
  const specs: ServerSpec[] = [];
  if (!stack.temporal.reused) specs.push({ name: 'temporal', label: 'Temporal', start: () => startTemporal(serverOptions.temporal) });
  if (!stack.kafka.reused) specs.push({ name: 'kafka', label: 'Kafka', start: () => startKafka(serverOptions.kafka) });
  if (stack.postgresql && !stack.postgresql.reused) {
    specs.push({ name: 'postgresql', label: 'PostgreSQL', start: () => startPostgres(serverOptions.postgresql) });
  }
  if (!stack.mongo.reused && postgresUrl !== undefined) {
    // FerretDB's PostgreSQL has a supervisor of its own (or is someone else's): FerretDB gets it as it is and never stops it.
    const postgresql = async (): Promise<PostgresHandle> => ({ name: 'postgresql', reused: true, url: postgresUrl, stop: async () => undefined });
    specs.push({ name: 'ferretdb', label: 'FerretDB', start: () => startFerretDb({ ...serverOptions.ferretdb, postgresql }) });
  }

  const supervisors = new Map<string, Supervisor<Supervised>>();
  const onEvent = (event: SupervisorEvent) => {
    options.onEvent(event);
    if (event.kind === 'up' && event.name === 'PostgreSQL') {
      supervisors.get('ferretdb')?.restart('PostgreSQL 已重启，FerretDB 随之重启 (PostgreSQL was restarted)');
    }
  };
  for (const spec of specs) {
    const running = watch(spec.name);
    if (running === undefined) continue; // not started by this process after all: nothing to watch
    const supervisor = new Supervisor<Supervised>({
      name: spec.label,
      logFile: path.join(logDir, `${spec.name}.log`),
      start: async () => supervised(spec.name, await spec.start()),
      onEvent,
      ...(options.backoff ? { backoff: options.backoff } : {}),
    });
    supervisor.adopt(running);
    supervisors.set(spec.name, supervisor);
  }

  const halt = () => supervisors.forEach((s) => s.halt());
  let stopped: Promise<void> | undefined;
  return {
    halt,
    stop: () =>
      (stopped ??= (async () => {
        halt();
        // Every server process, restarted ones and ones still starting included: the others
        // first, then PostgreSQL — the order of the stack's own stop().
        await stopAllChildren();
        await Promise.all([...supervisors.values()].map((s) => s.stop())); // restarts under way settle and are stopped
        await stack.stop(); // the original handles: stopped already, reused ones are left alone
      })()),
  };
}

/** The server process spawnServer started last under `name`, as a supervisor watches it. */
function watch(name: string): Supervised | undefined {
  const started = lastServerProcess(name);
  return started && { exited: started.exited, stop: () => stopChild(started.child) };
}

/** What a restart brought up: the new process, or (another server took the address meanwhile) nothing to watch. */
function supervised(name: string, handle: ServerHandle): Supervised {
  if (handle.reused) return { exited: new Promise(() => undefined), stop: handle.stop };
  const running = watch(name);
  if (running === undefined) throw new Error(`${name}: started, but its process is unknown`);
  return running;
}
