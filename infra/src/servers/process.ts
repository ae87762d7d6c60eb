import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export type Log = (message: string) => void;

/** A server this project started (or found already running, then `reused` and stop() does nothing). */
export interface ServerHandle {
  name: string;
  reused: boolean;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Children must not outlive us: kill what is left when this process exits. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });
}

export function splitHostPort(address: string, defaultPort: number): { host: string; port: number } {
  const match = /^(.*):(\d+)$/.exec(address);
  return match ? { host: match[1]!, port: Number(match[2]) } : { host: address, port: defaultPort };
}

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

function tail(file: string, lines = 30): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/** Starts a server process with its output in `<logDir>/<name>.log`. */
export function spawnServer(name: string, command: string, args: string[], logDir: string, env: NodeJS.ProcessEnv = {}): { child: ChildProcess; logFile: string } {
  installExitHook();
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', fd, fd], env: { ...process.env, ...env } });
  closeSync(fd);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return { child, logFile };
}

/** Waits until `ready()` answers true; fails with the log's tail if the process dies or time runs out. */
export async function waitUntilReady(
  name: string,
  started: { child: ChildProcess; logFile: string },
  ready: () => Promise<boolean>,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null || started.child.signalCode !== null) {
      throw new Error(`${name} exited (${started.child.exitCode ?? started.child.signalCode}) while starting; last lines of ${started.logFile}:\n${tail(started.logFile)}`);
    }
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  started.child.kill('SIGKILL');
  throw new Error(`${name} not ready within ${timeoutMs / 1000}s; last lines of ${started.logFile}:\n${tail(started.logFile)}`);
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export function reusedHandle(name: string): ServerHandle {
  return { name, reused: true, stop: async () => undefined };
}
