import { describeExit, type ExitStatus } from '../servers/exit-status';

/** What a supervisor runs: a started process, when it ends, and how to end it. */
export interface Supervised {
  /** Settles once, when the process has exited. */
  exited: Promise<ExitStatus>;
  /** Stops the process; resolves once it is gone. */
  stop(): Promise<void>;
}

/** Restart delays: `baseMs`, doubling per quick crash, at most `capMs`; back to `baseMs` after `stableMs` up. */
export interface Backoff {
  baseMs: number;
  capMs: number;
  stableMs: number;
}

export const defaultBackoff: Backoff = { baseMs: 1_000, capMs: 30_000, stableMs: 60_000 };

/** The delay before restart number `streak + 1` of a run of quick crashes: base · 2^streak, capped. */
export function backoffDelay(streak: number, backoff: Pick<Backoff, 'baseMs' | 'capMs'>): number {
  return Math.min(backoff.baseMs * 2 ** Math.min(streak, 30), backoff.capMs);
}

interface EventBase {
  name: string;
  /** The restart the event is about: 1 for the first restart, counting over the supervisor's life. */
  restart: number;
  logFile?: string;
}

/** What happened to a supervised process, for the console and for whoever depends on it. */
export type SupervisorEvent =
  /** It exited on its own; it is restarted after `delayMs`. */
  | (EventBase & { kind: 'exit'; status: ExitStatus; delayMs: number })
  /** A start (spawn, or a server's start function) failed; tried again after `delayMs`. */
  | (EventBase & { kind: 'start-failed'; error: Error; delayMs: number })
  /** restart() was called: it is stopped and started again at once. */
  | (EventBase & { kind: 'restart-requested'; reason: string })
  /** It runs again after a restart (`ready`: and passed its readiness check). */
  | (EventBase & { kind: 'up'; ready: boolean })
  /** It runs again after a restart but its readiness check failed (it keeps running). */
  | (EventBase & { kind: 'not-ready'; error: Error });

export interface SupervisorOptions<P extends Supervised> {
  name: string;
  /** Starts the process (again): spawns it, or runs a server's start function. */
  start(): P | Promise<P>;
  /** Resolves when a started process serves (e.g. its /readyz answers); rejects when it does not. */
  ready?(process: P): Promise<void>;
  /** Told of every exit, failed start, restart and return. */
  onEvent?(event: SupervisorEvent): void;
  /** The process's log file, named in the events. */
  logFile?: string;
  backoff?: Partial<Backoff>;
}

/**
 * Keeps one process running: whenever it exits while the supervisor is not stopping, it is
 * started again after an exponential backoff (see Backoff), each exit and return told through
 * onEvent. It never gives up: a process that keeps crashing is retried every `capMs`. halt()
 * ends the restarts (a process exiting afterwards stays down); stop() also stops the process.
 */
export class Supervisor<P extends Supervised> {
  readonly name: string;
  private readonly backoff: Backoff;
  private current: P | undefined;
  private halted = false;
  private restarts = 0;
  private streak = 0;
  /** Interrupts the backoff wait or the wait for an exit (halt, restart). */
  private interrupt: (() => void) | undefined;
  private restartReason: string | undefined;
  private loop: Promise<void> | undefined;
  private readonly firstUp: Promise<void>;
  private markUp!: () => void;
  private lastExit: ExitStatus | undefined;

  constructor(private readonly options: SupervisorOptions<P>) {
    this.name = options.name;
    this.backoff = { ...defaultBackoff, ...options.backoff };
    this.firstUp = new Promise((resolve) => (this.markUp = resolve));
  }

  /** Starts the process and supervises it. */
  start(): void {
    this.loop ??= this.run(undefined);
  }

  /** Supervises a process started elsewhere (e.g. a server the stack started), as if start() had started it. */
  adopt(started: P): void {
    this.loop ??= this.run(started);
  }

  /** The running process, if any. */
  get process(): P | undefined {
    return this.current;
  }

  /**
   * Resolves once a start of the process has passed its readiness check (or, without one, has
   * started) — across crashes and restarts; rejects when that has not happened within `timeoutMs`.
   */
  whenUp(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const exits = this.lastExit ? `; ${this.restarts} restart(s), last exit: ${describeExit(this.lastExit)}` : '';
        reject(new Error(`${this.name} 未在 ${formatDelay(timeoutMs)} 内就绪 (not ready within ${formatDelay(timeoutMs)}${exits})`));
      }, timeoutMs);
      timer.unref();
    });
    return Promise.race([this.firstUp, timeout]).finally(() => clearTimeout(timer));
  }

  /** Stops and starts the running process at once, e.g. when a server it depends on was restarted. */
  restart(reason: string): void {
    if (this.halted || this.loop === undefined) return;
    this.restartReason = reason;
    this.interrupt?.();
  }

  /** No more restarts from now on (synchronous, so a process exiting next is already left down). */
  halt(): void {
    this.halted = true;
    this.interrupt?.();
  }

  /** halt(), then stops the process (one being started is stopped once its start settles). */
  async stop(): Promise<void> {
    this.halt();
    await this.current?.stop();
    await this.loop;
  }

  private async run(adopted: P | undefined): Promise<void> {
    let next = adopted;
    while (!this.halted) {
      const running = next ?? (await this.startOnce());
      next = undefined;
      if (running === undefined) continue; // start failed; backed off already
      if (this.halted) {
        await running.stop();
        break;
      }
      this.current = running;
      const startedAt = Date.now();
      this.watchReadiness(running);
      const exit = await this.exitOrInterrupt(running);
      if (exit === 'interrupted') {
        if (this.halted) break; // still `current`: stop() stops it
        // restart(): stop it and start again at once, no backoff
        this.restarts += 1;
        this.emit({ kind: 'restart-requested', reason: this.restartReason ?? '', restart: this.restarts });
        await running.stop();
        this.current = undefined;
        continue;
      }
      this.current = undefined;
      if (this.halted) break; // exited while stopping: stays down
      this.lastExit = exit;
      if (Date.now() - startedAt >= this.backoff.stableMs) this.streak = 0;
      const delayMs = this.nextDelay();
      this.emit({ kind: 'exit', status: exit, delayMs, restart: this.restarts });
      await this.pause(delayMs);
    }
  }

  /** One start; on failure, reports it and waits out the backoff. */
  private async startOnce(): Promise<P | undefined> {
    try {
      return await this.options.start();
    } catch (error) {
      if (this.halted) return undefined;
      const delayMs = this.nextDelay();
      this.emit({ kind: 'start-failed', error: error as Error, delayMs, restart: this.restarts });
      await this.pause(delayMs);
      return undefined;
    }
  }

  /** The delay before the next restart, counting it (restart number and streak). */
  private nextDelay(): number {
    const delayMs = backoffDelay(this.streak, this.backoff);
    this.streak += 1;
    this.restarts += 1;
    return delayMs;
  }

  private exitOrInterrupt(running: P): Promise<ExitStatus | 'interrupted'> {
    return new Promise((resolve) => {
      if (this.halted) return resolve('interrupted');
      this.interrupt = () => resolve('interrupted');
      void running.exited.then(resolve);
    }).finally(() => (this.interrupt = undefined)) as Promise<ExitStatus | 'interrupted'>;
  }

  /** Waits `ms`, or less when halted or restart() is called. */
  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.halted) return resolve();
      const timer = setTimeout(resolve, ms);
      this.interrupt = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => (this.interrupt = undefined));
  }

  /** Checks readiness of a fresh start in the background; an exit meanwhile is the exit watch's business. */
  private watchReadiness(running: P): void {
    const restart = this.restarts;
    const stillCurrent = () => !this.halted && this.current === running;
    const check = async () => {
      if (this.options.ready) await this.options.ready(running);
    };
    void check().then(
      () => {
        if (!stillCurrent()) return;
        this.markUp();
        if (restart > 0) this.emit({ kind: 'up', ready: this.options.ready !== undefined, restart });
      },
      (error: unknown) => {
        if (stillCurrent()) this.emit({ kind: 'not-ready', error: error as Error, restart });
      },
    );
  }

  private emit(event: DistributiveOmit<SupervisorEvent, 'name' | 'logFile'>): void {
    const full = { ...event, name: this.name, ...(this.options.logFile ? { logFile: this.options.logFile } : {}) } as SupervisorEvent;
    try {
      this.options.onEvent?.(full);
    } catch {
      // a failing listener must not stop the supervision
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** "1 s", "30 s", "50 ms". */
export function formatDelay(ms: number): string {
  return ms >= 1_000 && ms % 1_000 === 0 ? `${ms / 1_000} s` : ms >= 1_000 ? `${(ms / 1_000).toFixed(1)} s` : `${ms} ms`;
}
