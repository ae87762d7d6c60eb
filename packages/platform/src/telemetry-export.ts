import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK, metrics, tracing } from '@opentelemetry/sdk-node';

/**
 * Traces and metrics to an OTLP collector (`OTEL_EXPORTER_OTLP_ENDPOINT`). Loaded only when one
 * is configured: the SDK and its exporters cost every process about 10 MiB it otherwise spares.
 */
export function startTelemetryExport(serviceName: string, otlpEndpoint: string): { shutdown(): Promise<void> } {
  const sdk = new NodeSDK({
    serviceName,
    spanProcessors: [new tracing.BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlpEndpoint}/v1/traces` }))],
    metricReader: new metrics.PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${otlpEndpoint}/v1/metrics` }) }),
    instrumentations: [],
  });
  sdk.start();
  return sdk;
}
