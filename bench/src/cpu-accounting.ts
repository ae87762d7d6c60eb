import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * CPU time spent by each part of the embedded stack while a bench phase runs, read from
 * `/proc` (Linux): the servers whose command line names the bench's data directory, with their
 * child processes (PostgreSQL's backends), and this process (worker, services and client of the
 * bench). A phase's figure divided by the work done is what one unit of work costs each part:
 * what decides the rate on a machine whose cores are all busy.
 */
interface ProcessTimes {
  pid: number;
  ppid: number;
  name: string;
  cmdline: string;
  ticks: number;
}

const ticksPerSecond = 100; // USER_HZ on Linux

function readProcess(pid: number): ProcessTimes | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    // fields[0] is the state (field 3); utime and stime are fields 14 and 15.
    return { pid, ppid: Number(fields[1]), name, cmdline, ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined; // gone meanwhile
  }
}

function allProcesses(): ProcessTimes[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readProcess(Number(entry)))
    .filter((p): p is ProcessTimes => p !== undefined);
}

/** Which part of the stack a server process is, from its command line. */
function partOf(cmdline: string): string | undefined {
  if (/\btemporal\b.*start-dev/.test(cmdline)) return 'temporal';
  if (/kafka/i.test(cmdline) && /\bjava\b/.test(cmdline)) return 'kafka';
  if (/ferretdb/.test(cmdline)) return 'ferretdb';
  if (/postgres/.test(cmdline)) return 'postgresql';
  return undefined;
}

/** CPU seconds per part: the servers of `dataDir` (and their children) and this process. */
function snapshot(dataDir: string): Map<string, number> {
  const processes = allProcesses();
  const marker = `${path.resolve(dataDir)}/`;
  const partByPid = new Map<number, string>();
  for (const p of processes) {
    const part = p.cmdline.includes(marker) ? partOf(p.cmdline) : undefined;
    if (part) partByPid.set(p.pid, part);
  }
  // Children take their parent's part (PostgreSQL's backends carry no data directory).
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of processes) {
      const parent = partByPid.get(p.ppid);
      if (parent && !partByPid.has(p.pid) && p.pid !== process.pid) {
        partByPid.set(p.pid, parent);
        changed = true;
      }
    }
  }
  const seconds = new Map<string, number>();
  for (const p of processes) {
    const part = partByPid.get(p.pid);
    if (part) seconds.set(part, (seconds.get(part) ?? 0) + p.ticks / ticksPerSecond);
  }
  const own = process.cpuUsage();
  seconds.set('bench process', (own.user + own.system) / 1e6);
  return seconds;
}

export interface CpuPhase {
  /** CPU seconds per part since `start`, and the wall seconds. */
  stop(): { wallSeconds: number; cpuSeconds: Map<string, number> };
}

/** Starts counting; `stop()` gives what each part spent meanwhile. Empty where /proc is missing. */
export function startCpuPhase(dataDir: string): CpuPhase {
  const available = process.platform === 'linux';
  const before = available ? snapshot(dataDir) : new Map<string, number>();
  const started = performance.now();
  return {
    stop() {
      const after = available ? snapshot(dataDir) : new Map<string, number>();
      const cpuSeconds = new Map<string, number>();
      for (const [part, value] of after) cpuSeconds.set(part, value - (before.get(part) ?? 0));
      return { wallSeconds: (performance.now() - started) / 1000, cpuSeconds };
    },
  };
}

/** Lines of CPU per unit of work: each part's milliseconds per unit and its share of the machine. */
export function describeCpu(phase: ReturnType<CpuPhase['stop']>, units: number, unitName: string, cores: number): string[] {
  const order = ['bench process', 'temporal', 'kafka', 'ferretdb', 'postgresql'];
  const parts = [...phase.cpuSeconds.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  let total = 0;
  const lines = parts.map((part) => {
    const seconds = phase.cpuSeconds.get(part) ?? 0;
    total += seconds;
    const perUnit = (seconds * 1000) / units;
    return `  ${part.padEnd(14)} ${perUnit.toFixed(1).padStart(7)} ms CPU/${unitName}  ${((100 * seconds) / phase.wallSeconds).toFixed(0).padStart(4)}% of one core`;
  });
  const perUnit = (total * 1000) / units;
  lines.push(
    `  ${'all'.padEnd(14)} ${perUnit.toFixed(1).padStart(7)} ms CPU/${unitName}  ${((100 * total) / phase.wallSeconds).toFixed(0).padStart(4)}% of one core (${cores} cores: at most ${((cores * 1000) / perUnit).toFixed(0)} ${unitName}s/s at this cost)`,
  );
  return lines;
}
