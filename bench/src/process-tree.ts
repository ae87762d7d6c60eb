import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One process of a tree, as /proc shows it (Linux). */
export interface ProcessMemory {
  pid: number;
  /** What it is: an app's name, a server's, `supervisor`, `watchdog`… (see `labelOf`). */
  label: string;
  /** VmRSS, KiB: resident pages, shared ones (the node binary, PostgreSQL's shared buffers) counted in every process mapping them. */
  rssKiB: number;
  /** Pss, KiB: shared pages divided among the processes sharing them, so the sum is what the tree really holds. */
  pssKiB: number;
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined; // the process is gone, or not ours to read
  }
}

/** pid → parent pid of every process, from `/proc/<pid>/stat` (the command name in it may hold spaces and parentheses). */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    map.set(Number(entry), Number(fields[1]));
  }
  return map;
}

/** `root` and all its descendants, parents before children. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const out = [root];
  for (let i = 0; i < out.length; i += 1) out.push(...(children.get(out[i]!) ?? []));
  return out;
}

function kiB(text: string | undefined, field: string): number {
  const match = text && new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

/**
 * What a process of the stack is, from its command line: an app by its entry (built
 * `.build/apps/<name>.js` or its source), a server by its program, `supervisor` for `npm start`
 * itself and `watchdog` for the small process that stops the servers if it dies.
 */
export function labelOf(argv: string[]): string {
  const program = path.basename(argv[0] ?? '');
  for (const arg of argv.slice(1)) {
    const built = /\.build\/apps\/([\w-]+)\.js$/.exec(arg);
    if (built) return built[1]!;
    if (arg.endsWith('infra/src/cli/start.ts')) return 'supervisor';
    if (arg.endsWith('workflows/src/main.ts')) return 'worker';
    if (arg.endsWith('infra/src/sinks/main.ts')) return 'sinks';
    const service = /services\/([\w-]+)\/src\/main\.ts$/.exec(arg);
    if (service) return service[1]!;
    if (arg === 'kafka.Kafka') return 'kafka';
  }
  if (program === 'sh' && argv[1] === '-c' && argv[2]?.includes("trap '' INT TERM HUP")) return 'watchdog';
  if (program.startsWith('postgres')) return 'postgresql';
  return program || '?';
}

function commandLine(pid: number): string[] | undefined {
  const cmdline = read(`/proc/${pid}/cmdline`);
  if (cmdline === undefined) return undefined;
  const argv = cmdline.split('\0').filter(Boolean);
  // PostgreSQL's children rewrite their command line ("postgres: walwriter"): the first word names them.
  return argv.length === 1 ? argv[0]!.split(' ') : argv;
}

/** The label of a running process (undefined when it is gone). */
export function processLabel(pid: number): string | undefined {
  const argv = commandLine(pid);
  return argv && labelOf(argv);
}

/** The memory of `root` and every process below it. */
export function treeMemory(root: number): ProcessMemory[] {
  return descendants(root).flatMap((pid) => {
    const status = read(`/proc/${pid}/status`);
    const argv = commandLine(pid);
    if (status === undefined || argv === undefined) return [];
    return [{ pid, label: labelOf(argv), rssKiB: kiB(status, 'VmRSS'), pssKiB: kiB(read(`/proc/${pid}/smaps_rollup`), 'Pss') }];
  });
}
