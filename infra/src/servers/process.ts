import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Log } from '../paths';
import { exitOf, type ExitStatus } from './exit-status';

/** A server this project started — or found already answering: then `reused`, and stop() does nothing. */
export interface ServerHandle {
  name: string;
  reused: boolean;
  /** The server's log file (undefined when reused). */
  logFile?: string;
  stop(): Promise<void>;
}

export function reusedHandle(name: string): ServerHandle {
  return { name, reused: true, stop: async () => undefined };
}

// ---------------------------------------------------------------------------------------------
// Children must not outlive this process, and they stop in order: each with its own stop signal,
// and a server the others use (`stopLast`, e.g. PostgreSQL under FerretDB) after the rest.
//
//  * every child runs in its own process group (`detached`), so a terminal's Ctrl-C reaches only
//    this process, which stops the children as below instead of them all dying at once;
//  * normal exit / process.exit(): an 'exit' hook sends every child still running its stop signal;
//  * SIGINT / SIGTERM / SIGHUP with no other handler installed: stop every child (its stop signal,
//    then SIGKILL after the grace period; repeated signals meanwhile are ignored) and then die of
//    the same signal. When the program installs its own handler (e.g. `npm start` stopping the
//    services first), it owns the shutdown and the 'exit' hook cleans up whatever it leaves;
//  * SIGKILL or a crash: a small detached watchdog (a shell) reads the children's pids from a pipe
//    from this process; when the pipe closes it stops them tier by tier with their stop signals —
//    the app processes (`watchOver`), then the servers, then the `stopLast` ones — each tier once
//    the one before is gone or after 5 s, and SIGKILLs what is left at 15 s.
// ---------------------------------------------------------------------------------------------

interface ChildInfo {
  stopSignal: NodeJS.Signals;
  stopLast: boolean;
}

const children = new Map<ChildProcess, ChildInfo>();
let hooksInstalled = false;
let watchdog: ChildProcess | undefined;

/** The order the watchdog stops children in: app processes, then servers, then the servers the others use. */
type WatchdogTier = 0 | 1 | 2;
const tierOf = (info: ChildInfo): WatchdogTier => (info.stopLast ? 2 : 1);

/**
 * The watchdog, a POSIX shell script (a shell holds ~2 MiB, a Node process ~40): it reads
 * `add <pid> <signal> <tier>` and `remove <pid>` lines from this process; end of input means this
 * process is gone (the pipe's only writer), however it died.
 */
const watchdogScript = `
trap '' INT TERM HUP
entries=''
while read -r op pid sig tier; do
  case "$op" in
    add) entries="$entries $pid:$sig:$tier" ;;
    remove) kept=''; for e in $entries; do [ "\${e%%:*}" = "$pid" ] || kept="$kept $e"; done; entries=$kept ;;
  esac
done
signal() { for e in $entries; do r=\${e#*:}; s=\${r%%:*}; [ "\${r#*:}" = "$1" ] && kill -s "\${s#SIG}" "\${e%%:*}" 2>/dev/null; done; }
alive() { for e in $entries; do r=\${e#*:}; if [ -z "$1" ] || [ "\${r#*:}" = "$1" ]; then kill -0 "\${e%%:*}" 2>/dev/null && return 0; fi; done; return 1; }
i=0
for tier in 0 1 2; do
  signal "$tier"
  n=0; while [ "$n" -lt 25 ] && [ "$i" -lt 75 ] && alive "$tier"; do sleep 0.2; n=$((n + 1)); i=$((i + 1)); done
done
while [ "$i" -lt 75 ] && alive; do sleep 0.2; i=$((i + 1)); done
for e in $entries; do kill -s KILL "\${e%%:*}" 2>/dev/null; done
exit 0
`;

function startWatchdog(): void {
  if (watchdog) return;
  try {
    watchdog = spawn('sh', ['-c', watchdogScript], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
    watchdog.on('error', () => (watchdog = undefined));
    watchdog.stdin?.on('error', () => undefined); // a watchdog gone: nothing to tell
    watchdog.unref();
    (watchdog.stdin as net.Socket | null)?.unref();
  } catch {
    watchdog = undefined; // the exit hook and signal handlers still apply
  }
}

function tellWatchdog(message: { add: number; signal: NodeJS.Signals; tier: WatchdogTier } | { remove: number }): void {
  try {
    const line = 'add' in message ? `add ${message.add} ${message.signal} ${message.tier}` : `remove ${message.remove}`;
    if (watchdog?.stdin?.writable) watchdog.stdin.write(`${line}\n`);
  } catch {
    // best effort
  }
}

/**
 * Puts one of this process's app processes (a service, the worker) under the watchdog: should
 * this process die without stopping it, it gets `stopSignal` before the servers do, and SIGKILL
 * if it still runs 15 s later. Its own supervisor stops it otherwise; nothing else changes.
 */
export function watchOver(child: ChildProcess, stopSignal: NodeJS.Signals = 'SIGTERM'): void {
  if (child.pid === undefined) return;
  startWatchdog();
  const pid = child.pid;
  tellWatchdog({ add: pid, signal: stopSignal, tier: 0 });
  child.once('exit', () => tellWatchdog({ remove: pid }));
}

const signalNumbers: Record<'SIGINT' | 'SIGTERM' | 'SIGHUP', number> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  startWatchdog();
  process.once('exit', () => {
    for (const [child, { stopSignal }] of children) child.kill(stopSignal);
  });
  let stopping = false;
  for (const signal of Object.keys(signalNumbers) as (keyof typeof signalNumbers)[]) {
    const handler = () => {
      if (process.listenerCount(signal) > 1) return; // the program handles it
      // Signals often come twice (a second Ctrl-C; npm or tsx passing on the one the terminal
      // already sent): a repeat must not end this process before the children are stopped.
      if (stopping) return;
      stopping = true;
      void stopAllChildren().finally(() => {
        // die of the same signal, as without a handler; exit code as a fallback
        process.removeListener(signal, handler);
        process.kill(process.pid, signal);
        setTimeout(() => process.exit(128 + signalNumbers[signal]), 1_000).unref();
      });
    };
    process.on(signal, handler);
  }
}

/** Stops every server child this process started: the `stopLast` ones after the others. */
export async function stopAllChildren(): Promise<void> {
  const stop = (last: boolean) =>
    Promise.all([...children].filter(([, info]) => info.stopLast === last).map(([child]) => stopChild(child)));
  await stop(false);
  await stop(true);
}

// ---------------------------------------------------------------------------------------------

export interface StartedProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Set when the process could not be spawned at all (e.g. the executable is missing). */
  spawnError?: Error;
  /** Settles when the process has exited (or could not be spawned): what a supervisor watches. */
  exited: Promise<ExitStatus>;
}

/** The process spawnServer started last under each name, running or not. */
const lastStarted = new Map<string, StartedProcess>();

/**
 * The process spawnServer started last under `name` (e.g. 'temporal', 'postgresql'), so that code
 * holding only a server's handle can watch the process behind it; undefined when none was started.
 */
export function lastServerProcess(name: string): StartedProcess | undefined {
  return lastStarted.get(name);
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  /** The signal that stops the server cleanly and promptly (default SIGTERM). */
  stopSignal?: NodeJS.Signals;
  /** A server other children use (e.g. PostgreSQL under FerretDB): stopped after them. */
  stopLast?: boolean;
}

/**
 * Starts a server process in its own process group with stdout and stderr appended to
 * `<logDir>/<name>.log`.
 */
export function spawnServer(name: string, command: string, args: string[], logDir: string, options: SpawnOptions = {}): StartedProcess {
  installHooks();
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  writeSync(fd, `\n===== ${new Date().toISOString()} ${command} ${args.join(' ')}\n`);
  const child = spawn(command, args, { stdio: ['ignore', fd, fd], env: options.env ?? process.env, detached: true });
  closeSync(fd);
  const started: StartedProcess = { name, child, logFile, exited: exitOf(child) };
  lastStarted.set(name, started);
  child.once('error', (error) => {
    started.spawnError = error;
  });
  if (child.pid !== undefined) {
    const info: ChildInfo = { stopSignal: options.stopSignal ?? 'SIGTERM', stopLast: options.stopLast ?? false };
    children.set(child, info);
    tellWatchdog({ add: child.pid, signal: info.stopSignal, tier: tierOf(info) });
  }
  child.once('exit', () => {
    children.delete(child);
    if (child.pid !== undefined) tellWatchdog({ remove: child.pid });
  });
  return started;
}

export function tail(file: string, lines = 30): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `ready()` answers true; fails with the log's last 30 lines if the process dies or time runs out. */
export async function waitUntilReady(label: string, started: StartedProcess, ready: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (started.spawnError) {
      throw new Error(`${label} could not be started (${started.spawnError.message})`);
    }
    if (started.child.exitCode !== null || started.child.signalCode !== null) {
      throw new Error(
        `${label} exited (${started.child.exitCode ?? started.child.signalCode}) while starting; last lines of ${started.logFile}:\n${tail(started.logFile)}`,
      );
    }
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) break;
    await sleep(250);
  }
  await stopChild(started.child, 5_000);
  throw new Error(`${label} not ready within ${Math.round(timeoutMs / 1000)} s; last lines of ${started.logFile}:\n${tail(started.logFile)}`);
}

/** The child's stop signal (SIGTERM unless spawnServer was told otherwise), then SIGKILL when it has not exited after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(children.get(child)?.stopSignal ?? 'SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Whether something accepts TCP connections at host:port. */
export function portOpen(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Whether a server already answers the protocol at the address. A port that is open but does not
 * answer yet gets `graceMs` (a server someone else is still starting); still silent after that,
 * it is another program holding the port, which is an error worth one clear message.
 */
export async function alreadyServing(
  label: string,
  endpoint: { host: string; port: number },
  answers: () => Promise<boolean>,
  log: Log,
  graceMs = 30_000,
): Promise<boolean> {
  if (!(await portOpen(endpoint.host, endpoint.port))) return false;
  if (await answers().catch(() => false)) return true;
  log(`${endpoint.host}:${endpoint.port} is open but does not answer as ${label} yet; waiting up to ${graceMs / 1000} s …`);
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(1_000);
    if (!(await portOpen(endpoint.host, endpoint.port))) return false;
    if (await answers().catch(() => false)) return true;
  }
  throw new Error(
    `端口被占用 (port in use): ${endpoint.host}:${endpoint.port} is held by something that does not answer as ${label}; ` +
      'stop it or point the address variable elsewhere.',
  );
}
