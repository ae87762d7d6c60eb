import type { ChildProcess } from 'node:child_process';

/** How a process ended: its exit code, or the signal that ended it (both null when it never ran). */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running child process as a supervisor sees it: when it ends, and how to end it. */
export interface ChildHandle {
  name: string;
  child: ChildProcess;
  /** Settles once, when the process has exited (or could not be spawned at all). */
  exited: Promise<ExitStatus>;
  /** Asks the process to stop (SIGTERM), SIGKILLs it after the grace period; resolves once it is gone. */
  stop(): Promise<void>;
}

/** The exit of `child` as a promise, also when it has already exited or never started. */
export function exitOf(child: ChildProcess): Promise<ExitStatus> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode as NodeJS.Signals | null });
  }
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // A spawn failure (no pid) emits 'error' and no 'exit'.
    child.once('error', () => {
      if (child.pid === undefined) resolve({ code: null, signal: null });
    });
  });
}

/** Wraps a spawned child: `exited`, and a stop() that sends SIGTERM once, then SIGKILL after `graceMs`. */
export function childHandle(name: string, child: ChildProcess, graceMs = 25_000): ChildHandle {
  const exited = exitOf(child);
  return {
    name,
    child,
    exited,
    async stop() {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      timer.unref();
      await exited;
      clearTimeout(timer);
    },
  };
}

/** "signal SIGKILL" / "code 1": how a process ended, for a report line. */
export function describeExit(status: ExitStatus): string {
  if (status.signal) return `signal ${status.signal}`;
  if (status.code !== null) return `code ${status.code}`;
  return 'could not be started';
}
