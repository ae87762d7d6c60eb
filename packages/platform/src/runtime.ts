import { loadConfig, type PlatformConfig } from './config';
import { createLogger, type Logger } from './logger';
import { startTelemetry, stopTelemetry } from './telemetry';

export interface RunningProcess {
  /** Closes what the process opened, in reverse order of opening. */
  close(): Promise<void>;
}

export interface ProcessContext {
  config: PlatformConfig;
  log: Logger;
}

/** How long a graceful shutdown (finish in-flight work, commit offsets, close) may take. */
export const shutdownGraceMs = 20_000;

/**
 * Starts one long-running process (a service or the worker) with telemetry and a logger, and
 * shuts it down gracefully, once, on SIGTERM, SIGINT or its supervisor's exit; a shutdown
 * that takes longer than `shutdownGraceMs` exits anyway.
 */
export async function runProcess(name: string, start: (ctx: ProcessContext) => Promise<RunningProcess>): Promise<void> {
  const config = loadConfig();
  startTelemetry(name, config.otlpEndpoint);
  const log = createLogger(name, config.logLevel);
  let running: RunningProcess;
  try {
    running = await start({ config, log });
  } catch (error) {
    log.fatal({ err: error }, 'failed to start');
    await stopTelemetry();
    process.exit(1);
  }
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) {
      log.info({ reason }, 'already shutting down');
      return;
    }
    stopping = true;
    log.info({ reason }, 'shutting down');
    // Past the grace period a stuck close must not keep the process alive.
    setTimeout(() => {
      log.error({ graceMs: shutdownGraceMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, shutdownGraceMs).unref();
    try {
      await running.close();
      await stopTelemetry();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  // One shutdown however it is asked for: a terminal's SIGINT, a supervisor's SIGTERM (often
  // both, milliseconds apart), or the supervisor going away (its IPC channel closes).
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  if (process.send) process.on('disconnect', () => void stop('supervisor gone'));
}

/** Collects closers as resources open, and closes them newest first. */
export class Closer {
  private readonly closers: Array<() => Promise<unknown>> = [];
  add(close: () => Promise<unknown>): void {
    this.closers.push(close);
  }
  async close(): Promise<void> {
    while (this.closers.length > 0) {
      const close = this.closers.pop()!;
      try {
        await close();
      } catch {
        // keep closing the rest
      }
    }
  }
}
