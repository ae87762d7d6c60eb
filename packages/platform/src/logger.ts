import { trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths that may carry personal data; pino replaces them wherever they appear. */
const redactedPaths = [
  'phone', '*.phone', '*.*.phone', 'resident', '*.resident', 'req.headers.authorization', 'req.headers.cookie',
];

/** A structured logger whose every line carries the active trace and span ids. */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name: service,
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    mixin() {
      const span = trace.getActiveSpan();
      if (!span) return {};
      const { traceId, spanId } = span.spanContext();
      return { trace_id: traceId, span_id: spanId };
    },
  });
}
