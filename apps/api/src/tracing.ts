import { startTracing } from '@rectiflow/config';

/**
 * Imported first by main.ts, so `node:http` is instrumented before Nest and Express load it.
 * Null (and nothing of OpenTelemetry loaded) unless OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_TRACES_EXPORTER is set.
 */
export const tracing = startTracing('rectiflow-api', { instrumentHttp: true });
