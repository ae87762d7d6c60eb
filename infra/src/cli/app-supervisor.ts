import path from 'node:path';
import { startAppProcess, waitForHttp, type AppProcess } from './processes';
import { Supervisor, type Backoff, type SupervisorEvent } from './supervisor';

/** One of the project's processes `npm start` runs: an entry point, and the port of its /readyz if it serves HTTP. */
export interface AppSpec {
  name: string;
  /** Entry module, relative to the repository root: a TypeScript source (run with tsx) or a built `.js`. */
  entry: string;
  /** Port of its HTTP server; undefined for a process without one (the worker). */
  port?: number;
  /** Node flags of its own (the worker's heap cap). */
  nodeFlags?: readonly string[];
}

export interface AppSupervisionOptions {
  env: NodeJS.ProcessEnv;
  logDir: string;
  onEvent(event: SupervisorEvent): void;
  backoff?: Partial<Backoff>;
}

/** The app processes under supervision. */
export interface SupervisedApps {
  /** Resolves once every HTTP service has answered its /readyz (crashes meanwhile are restarted); rejects after `timeoutMs`. */
  whenReady(timeoutMs: number): Promise<void>;
  /** No more restarts. */
  halt(): void;
  /** No more restarts, and every process stopped. */
  stop(): Promise<void>;
}

/**
 * Starts each app process under its own Supervisor: a process that exits is restarted with
 * backoff, its output appended to the same `<logDir>/<name>.log`; an HTTP service counts as back
 * once its /readyz answers again. A worker crashing while it boots is just one more restart.
 */
export function superviseApps(apps: AppSpec[], options: AppSupervisionOptions): SupervisedApps {
  const supervised = apps.map((app) => {
    const supervisor = new Supervisor<AppProcess>({
      name: app.name,
      logFile: path.join(options.logDir, `${app.name}.log`),
      start: () => startAppProcess(app.name, app.entry, options.env, options.logDir, app.nodeFlags),
      ready: app.port === undefined ? undefined : (p) => waitForHttp(`http://127.0.0.1:${app.port}/readyz`, p),
      onEvent: options.onEvent,
      ...(options.backoff ? { backoff: options.backoff } : {}),
    });
    supervisor.start();
    return { app, supervisor };
  });
  const halt = () => supervised.forEach(({ supervisor }) => supervisor.halt());
  return {
    async whenReady(timeoutMs) {
      await Promise.all(supervised.filter(({ app }) => app.port !== undefined).map(({ supervisor }) => supervisor.whenUp(timeoutMs)));
    },
    halt,
    async stop() {
      halt();
      await Promise.all(supervised.map(({ supervisor }) => supervisor.stop()));
    },
  };
}
