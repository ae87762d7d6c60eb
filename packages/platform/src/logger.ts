import { trace } from '@opentelemetry/api';
import pino, { type Level, type Logger } from 'pino';

export type { Logger };

/** Paths that may carry personal data; pino replaces them wherever they appear. */
const redactedPaths = [
  'phone', '*.phone', '*.*.phone', 'resident', '*.resident', 'address', '*.address', '*.*.address', 'personal', '*.personal',
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-tracking-code"]', 'password', '*.password', 'trackingCode',
];

/**
 * A structured logger whose every line carries the active trace and span ids; `destination`
 * (a file, in tests that read every log line back) instead of stdout.
 */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      name: service,
      level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      mixin() {
        const span = trace.getActiveSpan();
        if (!span) return {};
        const { traceId, spanId } = span.spanContext();
        return { trace_id: traceId, span_id: spanId };
      },
    },
    ...(destination ? [destination] : []),
  );
}

/** The levels of Temporal's SDK logger (`LogLevel` of `@temporalio/common`). */
export type TemporalLogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
type TemporalLogMeta = Record<string | symbol, unknown>;

/** The shape of Temporal's SDK logger (`Logger` of `@temporalio/common`), for `Runtime.install({ logger })`. */
export interface TemporalLogger {
  log(level: TemporalLogLevel, message: string, meta?: TemporalLogMeta): void;
  trace(message: string, meta?: TemporalLogMeta): void;
  debug(message: string, meta?: TemporalLogMeta): void;
  info(message: string, meta?: TemporalLogMeta): void;
  warn(message: string, meta?: TemporalLogMeta): void;
  error(message: string, meta?: TemporalLogMeta): void;
}

const pinoLevelOf: Record<TemporalLogLevel, Level> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** The least severe Temporal level `log` writes (for Core's log filter, so Core sends nothing pino would drop). */
export function temporalLevelOf(log: Logger): TemporalLogLevel {
  const order: TemporalLogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
  return order.find((level) => log.isLevelEnabled(pinoLevelOf[level])) ?? 'ERROR';
}

/**
 * Temporal's SDK logs (worker lifecycle, activity failures, Core's logs when forwarded) as pino
 * lines: one JSON line each, the SDK's `error` as pino's `err` (type, message and stack).
 * `levelOf` may move an entry known to be harmless to another level.
 */
export function temporalLogger(
  log: Logger,
  levelOf: (level: TemporalLogLevel, message: string, meta: TemporalLogMeta) => TemporalLogLevel = (level) => level,
): TemporalLogger {
  const write = (level: TemporalLogLevel, message: string, meta: TemporalLogMeta = {}) => {
    const at = pinoLevelOf[levelOf(level, message, meta)];
    if (!log.isLevelEnabled(at)) return;
    const { error, ...fields } = meta; // symbol-keyed fields (the SDK's timestamp) are not written
    log[at](error === undefined ? fields : { ...fields, err: error }, message);
  };
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}
