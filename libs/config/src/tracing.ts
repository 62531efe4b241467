/* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is configured */
import type { Resource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * OpenTelemetry traces, exported over OTLP/HTTP when configured through OpenTelemetry's own
 * variables: `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), or
 * `OTEL_TRACES_EXPORTER=otlp` (localhost:4318) or `console`; `OTEL_TRACES_EXPORTER=none` turns
 * them off. Unset, no OpenTelemetry module is even loaded: the SDK and the exporter are required
 * inside `startTracing` only.
 */
export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  const exporter = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (exporter === 'none') return false;
  if (exporter) return true;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export interface Tracing {
  /** Where spans go: workflow spans reach it through the worker's sink. */
  spanProcessor: SpanProcessor;
  /** service.name (OTEL_SERVICE_NAME or the process's default) and OTEL_RESOURCE_ATTRIBUTES. */
  resource: Resource;
  /** Exports what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

let started: Tracing | null = null;

/**
 * Registers the global tracer provider (W3C trace context, AsyncLocalStorage context) and, for
 * the API, the instrumentation of `node:http` (a server span per request, its route in the
 * name). Call it before anything else is loaded; answers null when tracing is not configured.
 * Batches spans (OTEL_BSP_SCHEDULE_DELAY, OTEL_BSP_MAX_QUEUE_SIZE, … as OpenTelemetry reads them).
 */
export function startTracing(
  defaultServiceName: string,
  options: { instrumentHttp?: boolean; env?: NodeJS.ProcessEnv } = {},
): Tracing | null {
  const env = options.env ?? process.env;
  if (!tracingConfigured(env)) return null;
  if (started) return started;
  const { NodeTracerProvider } =
    require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { BatchSpanProcessor, ConsoleSpanExporter } =
    require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const resources =
    require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const exporterName = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() || 'otlp';
  let exporter;
  if (exporterName === 'console') exporter = new ConsoleSpanExporter();
  else if (exporterName === 'otlp') {
    const { OTLPTraceExporter } =
      require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
    // Reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, _HEADERS, _TIMEOUT, _COMPRESSION itself.
    exporter = new OTLPTraceExporter();
  } else {
    throw new Error(
      `OTEL_TRACES_EXPORTER=${exporterName} is not supported (otlp over HTTP, console or none)`,
    );
  }
  const resource = resources.Resource.default()
    .merge(new resources.Resource({ 'service.name': defaultServiceName }))
    .merge(resources.detectResourcesSync({ detectors: [resources.envDetectorSync] }));
  const spanProcessor = new BatchSpanProcessor(exporter);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  if (options.instrumentHttp) {
    const { registerInstrumentations } =
      require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
    const { HttpInstrumentation } =
      require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
    const http = new HttpInstrumentation({
      // Incoming requests only: the API's outgoing calls are Temporal's gRPC (traced by the
      // interceptors) and the odd mail or S3 request.
      disableOutgoingRequestInstrumentation: true,
      // Health probes and the metrics scrape would drown the steps.
      ignoreIncomingRequestHook: (req) => req.url === '/api/health' || req.url === '/metrics',
      // A query string may hold a person's search words: span attributes keep the path only.
      requestHook: (span, req) => {
        const url = 'url' in req ? req.url : undefined;
        if (!url?.includes('?')) return;
        const path = url.slice(0, url.indexOf('?'));
        span.setAttribute('http.target', path);
        span.setAttribute('http.url', path);
      },
    });
    registerInstrumentations({ tracerProvider: provider, instrumentations: [http] });
    // node:http is one core module every server shares: patch it now (its Server's `emit`),
    // whether or not something loaded it before tracing started, and also under a loader the
    // require hook does not see (jest's). Patching twice unwraps first.
    for (const def of http.getModuleDefinitions())
      if (def.name === 'http') def.patch?.(require('node:http'));
  }
  started = {
    spanProcessor,
    resource,
    shutdown: async () => {
      await provider.shutdown();
      started = null;
    },
  };
  return started;
}

/**
 * Express middleware (tracing on only): names the request's server span by its route pattern
 * (`POST /api/tasks/:id/complete`) once answered, as the metrics label it. Ids stay out of names.
 */
export function routeSpanNaming(): (
  req: { method: string; baseUrl: string; route?: { path?: unknown } },
  res: { once(event: 'finish', fn: () => void): unknown },
  next: () => void,
) => void {
  const otel = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  return (req, res, next) => {
    const span = otel.trace.getActiveSpan();
    if (span) {
      res.once('finish', () => {
        if (!req.route?.path) return;
        const route = `${req.baseUrl}${String(req.route.path)}`;
        span.setAttribute('http.route', route);
        span.updateName(`${req.method} ${route}`);
      });
    }
    next();
  };
}
