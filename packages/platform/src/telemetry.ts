import { context, propagation, trace, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK, metrics, tracing } from '@opentelemetry/sdk-node';
import type { TraceContext } from '@lianxin/contracts';

let sdk: NodeSDK | undefined;

/** A processor that keeps spans in-process only: trace ids still flow into logs and events. */
const localOnlyProcessor: tracing.SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

/**
 * Sets up OpenTelemetry once per process. With OTEL_EXPORTER_OTLP_ENDPOINT set, traces and
 * metrics go to that collector; without it, spans stay local so ids still reach logs and events.
 */
export function startTelemetry(serviceName: string, otlpEndpoint?: string): void {
  if (sdk) return;
  if (!otlpEndpoint) {
    process.env.OTEL_METRICS_EXPORTER ??= 'none';
    process.env.OTEL_LOGS_EXPORTER ??= 'none';
  }
  sdk = new NodeSDK({
    serviceName,
    spanProcessors: [otlpEndpoint ? new tracing.BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlpEndpoint}/v1/traces` })) : localOnlyProcessor],
    ...(otlpEndpoint
      ? {
          metricReader: new metrics.PeriodicExportingMetricReader({
            exporter: new OTLPMetricExporter({ url: `${otlpEndpoint}/v1/metrics` }),
          }),
        }
      : {}),
    instrumentations: [],
  });
  sdk.start();
}

export async function stopTelemetry(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown();
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
