import { context, propagation, trace, type Span, type Tracer } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { TraceContext } from '@lianxin/contracts';

let running: { shutdown(): Promise<void> } | undefined;

/**
 * Sets up OpenTelemetry once per process. With OTEL_EXPORTER_OTLP_ENDPOINT set, traces and
 * metrics go to that collector; without it, spans stay in the process (a tracer provider with no
 * processor), so trace ids still reach logs and events.
 */
export function startTelemetry(serviceName: string, otlpEndpoint?: string): void {
  running ??= otlpEndpoint ? exportingTracing(serviceName, otlpEndpoint) : localTracing();
}

/**
 * The SDK and its exporters, loaded only now (about 10 MiB a process spares without a
 * collector): a `require`, not `import()`, so that it works the same from the bundle (esbuild
 * evaluates the module at this call), from source under tsx, and in jest.
 */
function exportingTracing(serviceName: string, otlpEndpoint: string): { shutdown(): Promise<void> } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTelemetryExport } = require('./telemetry-export') as typeof import('./telemetry-export');
  return startTelemetryExport(serviceName, otlpEndpoint);
}

function localTracing(): NodeTracerProvider {
  const provider = new NodeTracerProvider();
  provider.register();
  return provider;
}

/** Flushes what is to be exported and takes the tracer, context and propagator down again. */
export async function stopTelemetry(): Promise<void> {
  const stopping = running;
  running = undefined;
  if (!stopping) return;
  await stopping.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
}

export function tracer(name = 'lianxin'): Tracer {
  return trace.getTracer(name);
}

/** Runs `work` inside a new span (child of `parent` trace context when given). */
export async function inSpan<T>(name: string, work: (span: Span) => Promise<T>, parent?: TraceContext): Promise<T> {
  const parentContext = parent?.traceparent ? propagation.extract(context.active(), parent) : context.active();
  return tracer().startActiveSpan(name, {}, parentContext, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The active W3C trace context, to carry in an event or a workflow header. */
export function currentTraceContext(): TraceContext {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return {
    ...(carrier['traceparent'] ? { traceparent: carrier['traceparent'] } : {}),
    ...(carrier['tracestate'] ? { tracestate: carrier['tracestate'] } : {}),
  };
}

/** The active trace's id (for logs and audit records), if a span is active. */
export function currentTraceId(): string | undefined {
  const id = trace.getActiveSpan()?.spanContext().traceId;
  return id && !/^0+$/.test(id) ? id : undefined;
}
