import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { appEntries, builtEntry, type AppName } from '@lianxin/infra/src/build/layout';
import { sleep, Stopped } from './http';
import type { KillRecord } from './record';
import { Rng } from './rng';

/** What chaos may kill: the app processes and the servers of one `npm start`, told apart by its data directory. */
export const chaosTargets = ['worker', 'residents', 'cadres', 'notifications', 'identity', 'sinks', 'kafka', 'ferretdb', 'postgresql', 'temporal'] as const;
export type ChaosTarget = (typeof chaosTargets)[number];

/** The app processes chaos may kill: each by its entry module (from source) or its built bundle (see infra/src/build/layout.ts). */
const appTargets: Partial<Record<ChaosTarget, AppName>> = { worker: 'worker', residents: 'residents', cadres: 'cadres', notifications: 'notifications', identity: 'identity', sinks: 'sinks' };

export interface ProcessInfo {
  pid: number;
  args: string[];
  cwd: string;
  env: Map<string, string>;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
    if (args.length === 0) return undefined; // a kernel thread or a zombie
    let cwd = '/';
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      // not ours to read
    }
    const env = new Map<string, string>();
    try {
      for (const entry of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
        const eq = entry.indexOf('=');
        if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
      }
    } catch {
      // not ours to read: then it matches on its command line only
    }
    return { pid, args, cwd, env };
  } catch {
    return undefined; // gone meanwhile
  }
}

/** Whether `value` (an argument, `--flag=value` or `file://` URL) names a path inside `dir`, resolved against the process's cwd. */
function namesPathIn(value: string, dir: string, cwd: string): boolean {
  const candidates = [value, value.slice(value.indexOf('=') + 1)].map((v) => v.replace(/^file:\/\//, ''));
  return candidates.some((c) => c !== '' && (c.startsWith('/') || c.startsWith('.')) && path.resolve(cwd, c).startsWith(`${dir}${path.sep}`));
}

/** The pid of each target that belongs to the `npm start` keeping its data in `dataDir`. */
export function findTargets(dataDir: string, protectedPids: ReadonlySet<number>): Map<ChaosTarget, ProcessInfo> {
  const dir = path.resolve(dataDir);
  const found = new Map<ChaosTarget, ProcessInfo>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || protectedPids.has(pid)) continue;
    const p = readProcess(pid);
    if (!p) continue;
    const joined = p.args.join(' ');
    // Never the supervisor of npm start, nor a load generator.
    if (joined.includes('infra/src/cli/start.ts') || joined.includes('bench/src/load')) continue;
    const target = chaosTargetOf(p, dir);
    if (target && !found.has(target)) found.set(target, p);
  }
  return found;
}

/** What the process is to chaos, if it belongs to the `npm start` keeping its data in `dataDir` (resolved). */
export function chaosTargetOf(p: ProcessInfo, dataDir: string): ChaosTarget | undefined {
  const dir = path.resolve(dataDir);
  const inDataDir = (predicate: (arg: string) => boolean) => p.args.some((a) => predicate(a) && namesPathIn(a, dir, p.cwd));
  const exe = path.basename(p.args[0] ?? '');
  const args = p.args;
  // The app processes: `node --import tsx <repo>/<entry>` or `node … <repo>/.build/apps/<name>.js`,
  // with LIANXIN_DATA_DIR of this instance in their environment.
  if (exe === 'node' || exe === path.basename(process.execPath)) {
    const itsDataDir = p.env.get('LIANXIN_DATA_DIR');
    if (!itsDataDir || path.resolve(p.cwd, itsDataDir) !== dir) return undefined;
    for (const [target, app] of Object.entries(appTargets) as [ChaosTarget, AppName][]) {
      const entries = [appEntries[app], builtEntry(app)];
      if (args.some((a) => entries.some((entry) => a === entry || a.endsWith(`/${entry}`)))) return target;
    }
    return undefined;
  }
  if (exe === 'temporal' && args.includes('start-dev') && inDataDir((a) => a.endsWith('temporal.sqlite'))) return 'temporal';
  if (exe === 'java' && args.includes('kafka.Kafka') && inDataDir((a) => a.endsWith('server.properties'))) return 'kafka';
  if (exe === 'ferretdb' && inDataDir((a) => a.startsWith('--state-dir='))) return 'ferretdb';
  // The postmaster (`postgres -D <dataDir>/postgresql/data`), not its backends (they hold no -D).
  if (exe === 'postgres' && args.includes('-D') && inDataDir((a) => a.endsWith(`${path.sep}postgresql${path.sep}data`))) return 'postgresql';
  return undefined;
}

/** The port the instance's app processes were given for a service (their environment), else the default. */
export function configuredPort(p: { env: Map<string, string> }, variable: string, fallback: number): number {
  return Number(p.env.get(variable) || fallback);
}

export interface ChaosOptions {
  dataDir: string;
  seed: number;
  durationMs: number;
  /** Least time between two kills. */
  minSpacingMs: number;
  /** Kills per target (default 2). */
  rounds: number;
  log(line: string): void;
  onKill(): void;
  stop: AbortSignal;
}

/**
 * A seeded schedule of SIGKILLs: every target once in a shuffled order, then again (never the same
 * target twice in a row), spread evenly over the run between 10 % and 90 % of it with some
 * jitter, at least `minSpacingMs` apart (fewer kills when the run is too short for all).
 */
export function killSchedule(targets: readonly ChaosTarget[], options: Pick<ChaosOptions, 'seed' | 'durationMs' | 'minSpacingMs' | 'rounds'>): { atMs: number; target: ChaosTarget }[] {
  const rng = new Rng(options.seed ^ 0xc4a05);
  const order: ChaosTarget[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    let shuffled = rng.shuffle(targets);
    for (let tries = 0; tries < 10 && shuffled.length > 1 && shuffled[0] === order[order.length - 1]; tries += 1) shuffled = rng.shuffle(targets);
    order.push(...shuffled);
  }
  const start = options.durationMs * 0.1;
  const window = options.durationMs * 0.8;
  const count = Math.min(order.length, Math.max(1, Math.floor(window / options.minSpacingMs)));
  const slot = window / count;
  return order.slice(0, count).map((target, i) => ({ target, atMs: Math.round(start + slot * i + rng.between(0, Math.max(0, slot - options.minSpacingMs))) }));
}

/** Runs the schedule: SIGKILL to the target's current process (looked up afresh; waited for up to 30 s while it restarts). */
export async function runChaos(options: ChaosOptions, targets: readonly ChaosTarget[], startedAt: number, protectedPids: ReadonlySet<number>, kills: KillRecord[]): Promise<void> {
  const schedule = killSchedule(targets, options);
  options.log(`[chaos] ${schedule.length} kills planned: ${schedule.map((k) => `${Math.round(k.atMs / 1000)}s ${k.target}`).join(', ')}`);
  try {
    for (const { atMs, target } of schedule) {
      await sleep(Math.max(0, startedAt + atMs - Date.now()), options.stop);
      let p = findTargets(options.dataDir, protectedPids).get(target);
      for (let waited = 0; !p && waited < 30_000; waited += 2_000) {
        await sleep(2_000, options.stop);
        p = findTargets(options.dataDir, protectedPids).get(target);
      }
      const at = new Date().toISOString();
      const elapsed = `${Math.round((Date.now() - startedAt) / 1000)}s`;
      if (!p) {
        kills.push({ at, target, outcome: 'not-running' });
        options.log(`[chaos] ${elapsed} ${target}: no process found (still restarting?), skipped`);
        continue;
      }
      try {
        process.kill(p.pid, 'SIGKILL');
        kills.push({ at, target, pid: p.pid, outcome: 'killed' });
        options.onKill();
        options.log(`[chaos] ${elapsed} SIGKILL ${target} (pid ${p.pid}: ${p.args.join(' ').slice(0, 90)})`);
      } catch (error) {
        kills.push({ at, target, pid: p.pid, outcome: 'error', detail: (error as Error).message });
        options.log(`[chaos] ${elapsed} ${target} (pid ${p.pid}): ${(error as Error).message}`);
      }
    }
  } catch (error) {
    if (!(error instanceof Stopped)) throw error;
  }
}
