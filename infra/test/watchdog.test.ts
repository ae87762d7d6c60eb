import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

/**
 * A process that starts apps and servers and dies of SIGKILL (no hook of its own runs) leaves
 * nothing behind: its watchdog stops what it was told about, each with its stop signal — the apps
 * first, then the servers, the `stopLast` one after them — and SIGKILLs whatever still runs after 15 s.
 */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The nanosecond stamp a test server logged for its stop signal. */
function stoppedAt(logDir: string, name: string): bigint {
  const line = readFileSync(path.join(logDir, `${name}.log`), 'utf8').split('\n').find((l) => l.startsWith(name));
  if (!line) throw new Error(`${name} logged no stop signal`);
  return BigInt(line.split(' ')[2]!);
}

describe('the watchdog of spawnServer', () => {
  let logDir: string;
  beforeEach(() => (logDir = mkdtempSync(path.join(os.tmpdir(), 'lianxin-watchdog-'))));
  afterEach(() => rmSync(logDir, { recursive: true, force: true }));

  it('stops the apps and servers of a parent killed with SIGKILL, in order, and SIGKILLs the stubborn one', async () => {
    const parent = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'fixtures', 'watchdog-parent.ts'), logDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: parent.stdout! }).once('line', resolve);
      parent.once('exit', () => reject(new Error('the parent exited before starting its servers')));
    });
    const pids = JSON.parse(line) as { app: number; plain: number; stubborn: number; underneath: number };
    try {
      await sleep(500); // the servers have set their traps
      for (const pid of Object.values(pids)) expect(alive(pid)).toBe(true);

      const killedAt = Date.now();
      parent.kill('SIGKILL');
      const deadline = killedAt + 25_000;
      while (Object.values(pids).some(alive) && Date.now() < deadline) await sleep(100);

      expect(Object.entries(pids).filter(([, pid]) => alive(pid))).toEqual([]);
      // The stubborn one lived until the SIGKILL, 15 s after the parent died; the others stopped on their signals.
      expect(Date.now() - killedAt).toBeGreaterThanOrEqual(14_000);
      // The servers were signalled once the app had gone (it took half a second), the one under them last.
      expect(stoppedAt(logDir, 'plain') - stoppedAt(logDir, 'app')).toBeGreaterThanOrEqual(400_000_000n);
      expect(stoppedAt(logDir, 'underneath')).toBeGreaterThan(stoppedAt(logDir, 'plain'));
    } finally {
      for (const pid of Object.values(pids)) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 40_000);
});
