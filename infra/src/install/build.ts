import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Log } from '../paths';

/** A build or tool check that failed, with one message saying what to install or look at. */
export class InstallError extends Error {
  override name = 'InstallError';
}

interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs a command to completion; rejects with the tail of its output when it fails. */
export function exec(command: string, args: string[], options: ExecOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve(output);
      else {
        const tail = output.trimEnd().split('\n').slice(-30).join('\n');
        reject(new Error(`\`${command} ${args.join(' ')}\` failed (${signal ?? `exit ${code}`}):\n${tail}`));
      }
    });
  });
}

/** Compares dotted versions: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Checks that `tool` runs and reports at least `minimum` (parsed from its version output with
 * `pattern`); otherwise fails with `hint`, which says what to install. Returns the version found.
 */
export async function requireTool(tool: string, versionArgs: string[], pattern: RegExp, minimum: string, hint: string): Promise<string | undefined> {
  let output: string;
  try {
    output = await exec(tool, versionArgs);
  } catch {
    throw new InstallError(`找不到 ${tool} (${tool} not found on PATH). ${hint}`);
  }
  // eslint-disable-next-line no-control-regex
  const found = pattern.exec(output.replace(/\u001b\[[0-9;]*m/g, ''))?.[1];
  if (found === undefined) return undefined; // an unusual version line: let the build itself decide
  if (compareVersions(found, minimum) < 0) throw new InstallError(`${tool} ${found} 太旧 (too old; need ${minimum}+). ${hint}`);
  return found;
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One build of `target` at a time, across processes: a lock directory holding the builder's pid. */
async function withLock<T>(target: string, log: Log, fn: () => Promise<T>): Promise<T> {
  const lock = `${target}.lock`;
  let waiting = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        // the holder may be between mkdir and writing its pid
      }
      const young = (() => {
        try {
          return Date.now() - statSync(lock).mtimeMs < 10_000;
        } catch {
          return false;
        }
      })();
      if (!processAlive(holder) && !(Number.isNaN(holder) && young)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!waiting) log(`waiting for another process (pid ${holder}) building ${path.basename(target)} …`);
      waiting = true;
      await sleep(2_000);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Removes staging folders left by builds that were killed (their process is gone). */
function removeAbandonedStaging(target: string): void {
  const parent = path.dirname(target);
  const prefix = `${path.basename(target)}.building-`;
  for (const entry of readdirSync(parent)) {
    if (!entry.startsWith(prefix)) continue;
    if (!processAlive(Number(entry.slice(prefix.length)))) rmSync(path.join(parent, entry), { recursive: true, force: true });
  }
}

/**
 * Returns `target/marker` once it exists. Otherwise builds into `<target>.building-<pid>` and
 * renames that into place, so an interrupted build never leaves a half-built cache; a second
 * process wanting the same build waits for the first.
 */
export async function buildOnce(target: string, marker: string, log: Log, build: (staging: string) => Promise<void>): Promise<string> {
  const done = path.join(target, marker);
  if (existsSync(done)) return done;
  mkdirSync(path.dirname(target), { recursive: true });
  return withLock(target, log, async () => {
    if (existsSync(done)) return done; // built by the process we waited for
    removeAbandonedStaging(target);
    const staging = `${target}.building-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    try {
      await build(staging);
      if (!existsSync(path.join(staging, marker))) throw new InstallError(`the build of ${path.basename(target)} produced no ${marker}`);
      rmSync(target, { recursive: true, force: true });
      renameSync(staging, target);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    return done;
  });
}
