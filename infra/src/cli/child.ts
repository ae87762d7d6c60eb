import type { ChildProcess } from 'node:child_process';
import { exitOf, type ExitStatus } from '../servers/exit-status';

/** A running child process as a supervisor sees it: when it ends, and how to end it. */
export interface ChildHandle {
  name: string;
  child: ChildProcess;
  /** Settles once, when the process has exited (or could not be spawned at all). */
  exited: Promise<ExitStatus>;
  /** Asks the process to stop (SIGTERM), SIGKILLs it after the grace period; resolves once it is gone. */
  stop(): Promise<void>;
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
