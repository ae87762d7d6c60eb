import type { ChildProcess } from 'node:child_process';

/** How a process ended: its exit code, or the signal that ended it (both null when it never ran). */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
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

/** "signal SIGKILL" / "code 1": how a process ended, for a report line. */
export function describeExit(status: ExitStatus): string {
  if (status.signal) return `signal ${status.signal}`;
  if (status.code !== null) return `code ${status.code}`;
  return 'could not be started';
}
