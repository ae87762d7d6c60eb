import { spawn } from 'node:child_process';
import { childHandle, type ChildHandle } from '../src/cli/child';
import type { ExitStatus } from '../src/servers/exit-status';
import { waitForHttp } from '../src/cli/processes';
import { backoffDelay, defaultBackoff, Supervisor, type SupervisorEvent } from '../src/cli/supervisor';
import { describeEvent } from '../src/cli/supervisor-report';

/** The supervisor of `npm start`'s processes, on tiny real `node -e` children. */

const fast = { baseMs: 50, capMs: 200, stableMs: 500 };

/** Node scripts: each writes one line once its signal handlers are in place. */
const scripts = {
  idle: `process.stdout.write('ready\\n'); setInterval(() => {}, 1 << 30);`,
  /** Takes 100 ms to shut down and then fails: an exit during stop. */
  slowFailingShutdown: `process.on('SIGTERM', () => setTimeout(() => process.exit(1), 100)); process.stdout.write('ready\\n'); setInterval(() => {}, 1 << 30);`,
  /** An HTTP server with /readyz on a free port, which it writes. */
  http: `const s = require('node:http').createServer((q, r) => r.end('ok')); s.listen(0, '127.0.0.1', () => process.stdout.write(s.address().port + '\\n'));`,
};

interface TestChild extends ChildHandle {
  /** The first line the child writes. */
  line: Promise<string>;
  spawnedAt: number;
}

const started: TestChild[] = [];

function spawnNode(script: string): TestChild {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'], env });
  const line = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', () => reject(new Error('exited before writing a line')));
  });
  line.catch(() => undefined);
  const handle: TestChild = { ...childHandle('test', child, 2_000), line, spawnedAt: Date.now() };
  started.push(handle);
  return handle;
}

/** Records the events with their time and lets a test wait for one. */
class Events {
  readonly list: (SupervisorEvent & { at: number })[] = [];
  private waiters: { match: (e: SupervisorEvent) => boolean; resolve: (e: SupervisorEvent) => void }[] = [];

  readonly push = (event: SupervisorEvent) => {
    this.list.push({ ...event, at: Date.now() });
    this.waiters = this.waiters.filter((w) => !(w.match(event) && (w.resolve(event), true)));
  };

  of<K extends SupervisorEvent['kind']>(kind: K): Extract<SupervisorEvent, { kind: K }>[] {
    return this.list.filter((e) => e.kind === kind) as unknown as Extract<SupervisorEvent, { kind: K }>[];
  }

  /** The first event (already seen or next) that matches. */
  next(match: (e: SupervisorEvent) => boolean, timeoutMs = 5_000): Promise<SupervisorEvent> {
    const seen = this.list.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such event within ${timeoutMs} ms; saw ${JSON.stringify(this.list)}`)), timeoutMs);
      this.waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  }
}

const up = (restart: number) => (e: SupervisorEvent) => e.kind === 'up' && e.restart === restart;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const alive = (pid: number | undefined) => {
  try {
    process.kill(pid!, 0);
    return true;
  } catch {
    return false;
  }
};

let supervisor: Supervisor<TestChild> | undefined;

afterEach(async () => {
  await supervisor?.stop();
  supervisor = undefined;
  for (const c of started.splice(0)) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
});

test('backoffDelay doubles from the base up to the cap', () => {
  const delays = Array.from({ length: 8 }, (_, streak) => backoffDelay(streak, defaultBackoff));
  expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  expect(backoffDelay(1_000, defaultBackoff)).toBe(30_000);
  expect(defaultBackoff.stableMs).toBe(60_000);
});

test('a SIGKILLed child is restarted and reported, with its log file', async () => {
  const events = new Events();
  supervisor = new Supervisor({ name: 'worker', logFile: '/var/log/lianxin/worker.log', start: () => spawnNode(scripts.idle), onEvent: events.push, backoff: fast });
  supervisor.start();
  await supervisor.whenUp(5_000);
  const first = started[0]!;
  await first.line;
  first.child.kill('SIGKILL');

  await events.next(up(1));
  const [exit] = events.of('exit');
  expect(exit).toMatchObject({ name: 'worker', status: { code: null, signal: 'SIGKILL' }, delayMs: fast.baseMs, restart: 1 });
  expect(describeEvent(exit!)).toBe('[lianxin] worker 异常退出 (exited: signal SIGKILL)，50 ms 后重启 (restart #1)；日志 (log): /var/log/lianxin/worker.log');
  expect(describeEvent(events.of('up')[0]!)).toBe('[lianxin] worker 已重新运行 (running again after restart #1)');
  expect(started).toHaveLength(2);
  expect(supervisor.process).toBe(started[1]);
  expect(alive(started[1]!.child.pid)).toBe(true);
});

test('the backoff doubles with every quick crash and is capped', async () => {
  const events = new Events();
  const crashes = 5;
  supervisor = new Supervisor({
    name: 'crashy',
    start: () => {
      const c = spawnNode(scripts.idle);
      if (started.length <= crashes) c.child.kill('SIGKILL'); // dies at once
      return c;
    },
    onEvent: events.push,
    backoff: fast,
  });
  supervisor.start();
  await events.next(up(crashes), 10_000);

  const exits = events.of('exit') as (Extract<SupervisorEvent, { kind: 'exit' }> & { at: number })[];
  expect(exits.map((e) => e.delayMs)).toEqual([50, 100, 200, 200, 200]);
  expect(exits.map((e) => e.restart)).toEqual([1, 2, 3, 4, 5]);
  // each restart waited its delay
  exits.forEach((exit, i) => expect(started[i + 1]!.spawnedAt - exit.at).toBeGreaterThanOrEqual(exit.delayMs - 2));
  expect(started).toHaveLength(crashes + 1);
});

test('the backoff starts over once the process has stayed up for the stable period', async () => {
  const events = new Events();
  const lifetimes = [0, 0, fast.stableMs + 100, 0]; // ms before the test kills the n-th child
  supervisor = new Supervisor({
    name: 'flaky',
    start: () => {
      const c = spawnNode(scripts.idle);
      const lifetime = lifetimes[started.length - 1];
      if (lifetime === 0) c.child.kill('SIGKILL');
      else if (lifetime !== undefined) setTimeout(() => c.child.kill('SIGKILL'), lifetime);
      return c;
    },
    onEvent: events.push,
    backoff: fast,
  });
  supervisor.start();
  await events.next(up(lifetimes.length), 10_000);

  expect(events.of('exit').map((e) => e.delayMs)).toEqual([50, 100, 50, 100]);
});

test('stop() stops the child and no restart follows', async () => {
  const events = new Events();
  supervisor = new Supervisor({ name: 'svc', start: () => spawnNode(scripts.idle), onEvent: events.push, backoff: fast });
  supervisor.start();
  await supervisor.whenUp(5_000);
  const child = started[0]!;
  await child.line;

  await supervisor.stop();
  expect(await child.exited).toEqual<ExitStatus>({ code: null, signal: 'SIGTERM' });
  expect(alive(child.child.pid)).toBe(false);
  await sleep(fast.baseMs * 3); // longer than the first restart delay
  expect(started).toHaveLength(1);
  expect(events.list).toEqual([]);
});

test('a child that exits (failing) while being stopped is not restarted', async () => {
  const events = new Events();
  supervisor = new Supervisor({ name: 'svc', start: () => spawnNode(scripts.slowFailingShutdown), onEvent: events.push, backoff: fast });
  supervisor.start();
  await supervisor.whenUp(5_000);
  await started[0]!.line;

  await supervisor.stop();
  expect(await started[0]!.exited).toEqual<ExitStatus>({ code: 1, signal: null });
  await sleep(fast.baseMs * 3);
  expect(started).toHaveLength(1);
  expect(events.list).toEqual([]);
});

test('after halt() a child that dies stays down', async () => {
  const events = new Events();
  supervisor = new Supervisor({ name: 'svc', start: () => spawnNode(scripts.idle), onEvent: events.push, backoff: fast });
  supervisor.start();
  await supervisor.whenUp(5_000);
  await started[0]!.line;

  supervisor.halt();
  started[0]!.child.kill('SIGKILL');
  await started[0]!.exited;
  await sleep(fast.baseMs * 3);
  expect(started).toHaveLength(1);
  expect(events.list).toEqual([]);
});

test('stop() during the backoff wait ends it at once', async () => {
  const events = new Events();
  supervisor = new Supervisor({ name: 'svc', start: () => spawnNode(scripts.idle), onEvent: events.push, backoff: { ...fast, baseMs: 10_000, capMs: 10_000 } });
  supervisor.start();
  await supervisor.whenUp(5_000);
  started[0]!.child.kill('SIGKILL');
  await events.next((e) => e.kind === 'exit');

  const begun = Date.now();
  await supervisor.stop();
  expect(Date.now() - begun).toBeLessThan(1_000);
  expect(started).toHaveLength(1);
});

test('a start that fails is retried with the backoff and reported each time', async () => {
  const events = new Events();
  let attempts = 0;
  supervisor = new Supervisor({
    name: 'Temporal',
    logFile: '/tmp/temporal.log',
    start: async () => {
      attempts += 1;
      if (attempts <= 3) throw new Error(`Temporal exited (1) while starting; last lines of /tmp/temporal.log:\nline ${attempts}`);
      return spawnNode(scripts.idle);
    },
    onEvent: events.push,
    backoff: fast,
  });
  supervisor.start();
  await supervisor.whenUp(5_000);

  const failures = events.of('start-failed');
  expect(failures.map((e) => [e.delayMs, e.restart])).toEqual([[50, 1], [100, 2], [200, 3]]);
  expect(describeEvent(failures[2]!)).toBe(
    '[lianxin] Temporal 启动失败 (start failed: Temporal exited (1) while starting; last lines of /tmp/temporal.log:)，200 ms 后重试 (restart #3)；日志 (log): /tmp/temporal.log',
  );
  expect(events.of('up')).toMatchObject([{ restart: 3 }]);
});

test('an HTTP service counts as back once its /readyz answers again', async () => {
  const events = new Events();
  supervisor = new Supervisor({
    name: 'identity',
    start: () => spawnNode(scripts.http),
    ready: async (p) => waitForHttp(`http://127.0.0.1:${await p.line}/readyz`, p, 5_000),
    onEvent: events.push,
    backoff: fast,
  });
  supervisor.start();
  await supervisor.whenUp(5_000);
  started[0]!.child.kill('SIGKILL');

  const back = await events.next(up(1));
  expect(back).toMatchObject({ ready: true });
  expect(describeEvent(back)).toBe('[lianxin] identity 已恢复并就绪 (back up and ready after restart #1)');
  const response = await fetch(`http://127.0.0.1:${await started[1]!.line}/readyz`);
  expect(response.status).toBe(200);
});

test('whenUp() fails when the process never becomes ready in time', async () => {
  supervisor = new Supervisor({ name: 'cadres', start: () => spawnNode(scripts.idle), ready: () => new Promise(() => undefined), backoff: fast });
  supervisor.start();
  await expect(supervisor.whenUp(100)).rejects.toThrow('cadres 未在 100 ms 内就绪 (not ready within 100 ms)');
});

test('restart() stops the process and starts it again at once', async () => {
  const events = new Events();
  supervisor = new Supervisor({ name: 'FerretDB', start: () => spawnNode(scripts.idle), onEvent: events.push, backoff: { ...fast, baseMs: 10_000 } });
  supervisor.start();
  await supervisor.whenUp(5_000);
  await started[0]!.line;

  supervisor.restart('PostgreSQL restarted');
  await events.next(up(1));
  expect(events.list.map((e) => e.kind)).toEqual(['restart-requested', 'up']);
  expect(describeEvent(events.list[0]!)).toBe('[lianxin] FerretDB 正在重启 (restarting, restart #1)：PostgreSQL restarted');
  expect(await started[0]!.exited).toEqual<ExitStatus>({ code: null, signal: 'SIGTERM' });
  expect(started).toHaveLength(2);
});
