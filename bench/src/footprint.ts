import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ensureAppsBuilt } from '@lianxin/infra/src/build/ensure';
import { processLabel, treeMemory, type ProcessMemory } from './process-tree';

/**
 * `npm run bench:footprint [-- --idle-seconds 30 --runs 1 --from-source | --both --fresh]`: how
 * long `npm start` takes to be ready and how much memory the whole system holds once idle.
 * `infra/src/cli/start.ts` runs as a child (`node --require tsx/cjs`, as `npm start` runs it) on ports
 * and a data dir of its own (`.data/footprint`), so a running system is neither reused nor
 * disturbed. Each start is timed from spawn to its "is up" banner; after `--idle-seconds` the
 * resident memory of its whole process tree is read from /proc (VmRSS per process, and PSS,
 * which shares the pages several processes map among them), per process and in total; then it
 * is stopped with SIGINT, as Ctrl-C would, and awaited.
 * Mode: the processes built (the default; the build is brought up to date first, so the starts
 * measured are warm) or `--from-source` through tsx (`LIANXIN_RUN_FROM_SOURCE=1`, as before the
 * build step); `--both` measures from source, then built, in one run. A new data dir (or
 * `--fresh`, which removes it first) gets a first start of its own, timed but not measured at
 * idle: it includes one-time setup (storage formatting, databases), which the warm starts do not.
 * Figures only, never assertions.
 */

const repoRoot = path.resolve(__dirname, '../..');
const dataDir = path.join(repoRoot, '.data', 'footprint');
const banner = 'Lianxin is up';
/** How the `start` script of package.json runs start.ts (keep the two alike). */
const supervisorFlags = ['--require', 'tsx/cjs', '--max-semi-space-size=2'];

/** Ports of the bench's own stack, away from `npm start`'s, `npm test`'s and the other benches' (and below the ephemeral range). */
const ports = {
  temporal: 27233,
  kafka: 29092,
  kafkaController: 29093,
  mongo: 27117,
  postgres: 25432,
  residents: 28081,
  cadres: 28082,
  notifications: 28083,
  identity: 28084,
  console: 28085,
  sinks: 28025,
  smtp: 21025,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (kib: number) => kib / 1024;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number`);
  return value;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

/** The stack would reuse a server it finds answering: every port must be free. */
async function checkPortsFree(): Promise<void> {
  const taken = [];
  for (const [name, port] of Object.entries(ports)) if (await portOpen(port)) taken.push(`${name} ${port}`);
  if (taken.length > 0) throw new Error(`ports in use (${taken.join(', ')}): stop whatever holds them first`);
}

function startEnvironment(fromSource: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
    TEMPORAL_UI_PORT: '0',
    KAFKA_BROKERS: `127.0.0.1:${ports.kafka}`,
    KAFKA_CONTROLLER_PORT: String(ports.kafkaController),
    MONGO_URL: `mongodb://127.0.0.1:${ports.mongo}`,
    LIANXIN_POSTGRES_PORT: String(ports.postgres),
    LIANXIN_DATA_DIR: dataDir,
    RESIDENTS_PORT: String(ports.residents),
    CADRES_PORT: String(ports.cadres),
    NOTIFICATIONS_PORT: String(ports.notifications),
    IDENTITY_PORT: String(ports.identity),
    CONSOLE_PORT: String(ports.console),
    LIANXIN_SINKS_HTTP_PORT: String(ports.sinks),
    LIANXIN_SMTP_PORT: String(ports.smtp),
    LIANXIN_RUN_FROM_SOURCE: fromSource ? '1' : '0',
  };
  // Addresses derived from the ports above unless set: none may come from the caller's shell.
  for (const derived of [
    'CADRES_URL',
    'RESIDENTS_URL',
    'NOTIFICATIONS_URL',
    'LIANXIN_OIDC_ISSUER',
    'LIANXIN_SMS_GATEWAY_URL',
    'LIANXIN_CONSOLE_REDIRECT_URIS',
    'LIANXIN_CORS_ORIGINS',
    'LIANXIN_WORKFLOW_BUNDLE',
  ]) {
    delete env[derived];
  }
  return env;
}

/** The start running now, stopped if the bench fails meanwhile. */
let running: ChildProcess | undefined;

interface Started {
  child: ChildProcess;
  readySeconds: number;
  /** Whether the console or the processes were built during this start. */
  built: boolean;
}

/** Runs `npm start`'s script until its banner; its log lines are echoed with the seconds since spawn. */
function start(fromSource: boolean): Promise<Started> {
  const began = performance.now();
  const seconds = () => (performance.now() - began) / 1000;
  const child = spawn(process.execPath, [...supervisorFlags, path.join(repoRoot, 'infra', 'src', 'cli', 'start.ts')], {
    cwd: repoRoot,
    env: startEnvironment(fromSource),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running = child;
  child.once('exit', () => (running = undefined));
  let built = false;
  return new Promise((resolve, reject) => {
    const echo = (line: string) => {
      if (!line.startsWith('[')) return; // the banner's body
      if (/正在构建/.test(line)) built = true;
      console.log(`    ${seconds().toFixed(1).padStart(5)} s  ${line}`);
    };
    createInterface({ input: child.stdout! }).on('line', (line) => {
      echo(line);
      if (line.includes(banner)) resolve({ child, readySeconds: seconds(), built });
    });
    createInterface({ input: child.stderr! }).on('line', (line) => console.log(`    ${seconds().toFixed(1).padStart(5)} s  ! ${line}`));
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`npm start exited before it was up (${signal ?? `exit ${code}`}); logs in ${path.join(dataDir, 'logs')}`)));
  });
}

/** Ctrl-C, and the wait for everything to stop; whatever of the tree outlives it (for up to 20 s more) is named. */
async function stop(started: Started, tree: ProcessMemory[]): Promise<number> {
  const began = performance.now();
  const exited = new Promise<void>((resolve) => started.child.once('exit', () => resolve()));
  started.child.kill('SIGINT');
  const timeout = sleep(90_000).then(() => 'timeout' as const);
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    started.child.kill('SIGKILL');
    throw new Error('npm start did not stop within 90 s of SIGINT');
  }
  const stopSeconds = (performance.now() - began) / 1000;
  const alive = () => tree.filter((p) => processLabel(p.pid) === p.label);
  const left = alive().map((p) => `${p.label} (${p.pid})`);
  for (let i = 0; i < 40 && alive().length > 0; i += 1) await sleep(500);
  if (left.length > 0) {
    const still = alive().map((p) => `${p.label} (${p.pid})`);
    console.log(`    still running when npm start exited: ${left.join(', ')}; ${still.length === 0 ? 'gone since' : `after 20 s more: ${still.join(', ')}`}`);
  }
  return stopSeconds;
}

interface Grouped {
  label: string;
  count: number;
  rssKiB: number;
  pssKiB: number;
}

function group(processes: ProcessMemory[]): Grouped[] {
  const byLabel = new Map<string, Grouped>();
  for (const p of processes) {
    const g = byLabel.get(p.label) ?? { label: p.label, count: 0, rssKiB: 0, pssKiB: 0 };
    g.count += 1;
    g.rssKiB += p.rssKiB;
    g.pssKiB += p.pssKiB;
    byLabel.set(p.label, g);
  }
  return [...byLabel.values()].sort((a, b) => b.rssKiB - a.rssKiB);
}

/** `npm start`'s own processes, beside the eleven the system consists of. */
const overhead = new Set(['supervisor', 'watchdog']);

function printMemory(processes: ProcessMemory[]): { totalRss: number; totalPss: number; systemRss: number; systemPss: number } {
  const groups = group(processes);
  console.log(`    ${'process'.padEnd(14)} ${'n'.padStart(3)} ${'RSS MiB'.padStart(9)} ${'PSS MiB'.padStart(9)}`);
  for (const g of groups) {
    console.log(`    ${g.label.padEnd(14)} ${String(g.count).padStart(3)} ${mib(g.rssKiB).toFixed(1).padStart(9)} ${mib(g.pssKiB).toFixed(1).padStart(9)}`);
  }
  const sum = (list: Grouped[], key: 'rssKiB' | 'pssKiB') => mib(list.reduce((total, g) => total + g[key], 0));
  const system = groups.filter((g) => !overhead.has(g.label));
  const totals = { totalRss: sum(groups, 'rssKiB'), totalPss: sum(groups, 'pssKiB'), systemRss: sum(system, 'rssKiB'), systemPss: sum(system, 'pssKiB') };
  console.log(`    ${'servers+apps'.padEnd(14)} ${String(system.reduce((n, g) => n + g.count, 0)).padStart(3)} ${totals.systemRss.toFixed(1).padStart(9)} ${totals.systemPss.toFixed(1).padStart(9)}   (without supervisor and watchdog)`);
  console.log(`    ${'total'.padEnd(14)} ${String(processes.length).padStart(3)} ${totals.totalRss.toFixed(1).padStart(9)} ${totals.totalPss.toFixed(1).padStart(9)}`);
  return totals;
}

interface ModeResult {
  mode: string;
  firstReady?: number;
  ready: number[];
  rss: number[];
  pss: number[];
  systemRss: number[];
}

async function measure(fromSource: boolean, runs: number, idleSeconds: number): Promise<ModeResult> {
  const mode = fromSource ? 'from source (tsx)' : 'compiled (.build/apps)';
  console.log(`\n== mode: ${mode}`);
  if (!fromSource) {
    const build = await ensureAppsBuilt({ onBuild: (reason) => console.log(`  building the processes first (${reason}) …`) });
    console.log(build.built ? `  built in ${(build.ms / 1000).toFixed(1)} s (not part of the starts below)` : '  build up to date');
  }
  const result: ModeResult = { mode, ready: [], rss: [], pss: [], systemRss: [] };
  if (!existsSync(dataDir)) {
    console.log('  first start on a new data dir (one-time setup included):');
    await checkPortsFree();
    const first = await start(fromSource);
    result.firstReady = first.readySeconds;
    console.log(`  ready in ${first.readySeconds.toFixed(1)} s${first.built ? ' (a build ran during it)' : ''}`);
    await stop(first, treeMemory(first.child.pid!));
  }
  for (let run = 1; run <= runs; run += 1) {
    console.log(`  start ${run}/${runs} (warm: data dir set up before):`);
    await checkPortsFree();
    const started = await start(fromSource);
    console.log(`  ready in ${started.readySeconds.toFixed(1)} s${started.built ? ' (a build ran during it)' : ''}; idle ${idleSeconds} s …`);
    await sleep(idleSeconds * 1000);
    const processes = treeMemory(started.child.pid!);
    const totals = printMemory(processes);
    const stopSeconds = await stop(started, processes);
    console.log(`  stopped in ${stopSeconds.toFixed(1)} s`);
    result.ready.push(started.readySeconds);
    result.rss.push(totals.totalRss);
    result.pss.push(totals.totalPss);
    result.systemRss.push(totals.systemRss);
  }
  return result;
}

async function main(): Promise<void> {
  const idleSeconds = option('idle-seconds', 30);
  const runs = Math.max(1, Math.floor(option('runs', 1)));
  if (flag('fresh')) rmSync(dataDir, { recursive: true, force: true });
  const modes = flag('both') ? [true, false] : [flag('from-source')];
  console.log(`footprint of npm start: ports ${ports.residents}… (own stack), data dir ${path.relative(repoRoot, dataDir)}, idle ${idleSeconds} s, ${runs} run(s) per mode`);
  const results: ModeResult[] = [];
  for (const fromSource of modes) results.push(await measure(fromSource, runs, idleSeconds));
  const list = (values: number[], digits: number) => values.map((v) => v.toFixed(digits)).join(' / ');
  console.log('\nsummary:');
  for (const r of results) {
    console.log(
      `  ${r.mode.padEnd(24)} ${r.firstReady === undefined ? '' : `first start ${r.firstReady.toFixed(1)} s · `}ready ${list(r.ready, 1)} s · idle RSS ${list(r.rss, 0)} MiB (servers+apps ${list(r.systemRss, 0)}) · PSS ${list(r.pss, 0)} MiB`,
    );
  }
}

main().catch(async (error: unknown) => {
  console.error(`[footprint] ${(error as Error).message}`);
  const child = running;
  if (child) {
    console.error('[footprint] stopping the start still running …');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await Promise.race([exited, sleep(90_000)]);
  }
  process.exit(1);
});
