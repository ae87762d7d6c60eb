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

/**
 * Starts one long-running process (a service or the worker) with telemetry and a logger, and
 * shuts it down gracefully on SIGTERM/SIGINT (a second signal exits at once).
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
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, 'shutting down');
    try {
      await running.close();
      await stopTelemetry();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
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
