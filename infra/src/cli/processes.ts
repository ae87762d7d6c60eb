import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describeExit } from '../servers/exit-status';
import { watchOver } from '../servers/process';
import { childHandle, type ChildHandle } from './child';

export const repoRoot = path.resolve(__dirname, '../../..');

/** One of the project's own processes: name, child, `exited`, stop() (see ChildHandle), and its log. */
export interface AppProcess extends ChildHandle {
  /** `<logDir>/<name>.log`, appended to by every start of the process. */
  logFile: string;
}

/**
 * V8 flags of the built processes. Embedded stack only (npm start; production runs its processes
 * its own way): a young generation of at most 2 MiB per semi-space instead of 16, which an idle
 * service never shrinks back from after its startup; measured with bench:footprint, 25-45 MiB
 * less resident per idle process, start times within the noise.
 */
const builtProcessFlags = ['--enable-source-maps', '--max-semi-space-size=2'];

/**
 * How Node runs an app entry (relative to the repository root, or absolute): a TypeScript source
 * through tsx, compiled as it loads; a built one (`.build/apps/<name>.js`, see infra/src/build/)
 * as it is, stack traces mapped back to the sources.
 */
export function nodeArguments(entry: string): string[] {
  const file = path.resolve(repoRoot, entry);
  return /\.[cm]?ts$/.test(file) ? ['--import', 'tsx', file] : [...builtProcessFlags, file];
}

/**
 * Runs one of the project's own processes — from its TypeScript source with tsx, or built (see
 * `nodeArguments`) — its output appended to `<logDir>/<name>.log` after a line marking the start
 * (a restart's output goes on in the same file).
 * It gets its own process group, so a terminal's Ctrl-C reaches only the supervisor, which asks
 * each process once (SIGTERM) to stop; an IPC channel tells it when the supervisor is gone, and the
 * watchdog (`watchOver`) stops it if it has not gone by itself.
 */
export function startAppProcess(name: string, entry: string, env: NodeJS.ProcessEnv, logDir: string, nodeFlags: readonly string[] = []): AppProcess {
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  // The log file itself as stdout and stderr (not a pipe through this process): what a process
  // says while this one is gone (killed, say) is still written.
  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [...nodeFlags, ...nodeArguments(entry)], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', fd, fd, 'ipc'],
      detached: true,
    });
    writeSync(fd, `\n===== ${new Date().toISOString()} ${name} started (pid ${child.pid})\n`); // a restart's output follows the last run's
  } finally {
    closeSync(fd);
  }
  child.channel?.unref();
  watchOver(child); // stopped by the watchdog if the supervisor dies and it does not stop by itself
  return { ...childHandle(name, child), logFile };
}

/** Waits until `url` answers 200, or the process exits, or the time is up. */
export async function waitForHttp(url: string, processToWatch: Pick<ChildHandle, 'name' | 'child'>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { exitCode, signalCode } = processToWatch.child;
    if (exitCode !== null || signalCode !== null) {
      throw new Error(`${processToWatch.name} exited (${describeExit({ code: exitCode, signal: signalCode as NodeJS.Signals | null })}); see its log`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${processToWatch.name} not ready at ${url} within ${timeoutMs / 1000}s`);
}

/** Runs a command to completion with inherited output; resolves to its exit code. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
