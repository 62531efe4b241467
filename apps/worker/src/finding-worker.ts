import {
  NativeConnection,
  Worker,
  type ActivityInterceptorsFactory,
  type InjectedSinks,
  type NativeConnectionOptions,
  type RuntimeOptions,
  type WorkflowBundleOption,
} from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { temporal } from '@temporalio/proto';
import type { Sinks } from '@temporalio/workflow';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry/lib/workflow/definitions';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { FINDING_SEARCH_ATTRIBUTES, TASK_QUEUE } from '@rectiflow/contracts';
import { createActivities, createSmtpMailer, type NoticeMailer } from '@rectiflow/activities';
import { AesGcmPayloadCodec, type PayloadCodecOptions, type Tracing } from '@rectiflow/config';
import { PROJECTION_BUCKETS, WORKER_METRICS, projectionMetrics } from './projection-metrics';
import { loadOrBundleWorkflows } from './workflow-bundle';

export interface FindingWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  dataSource: DataSource;
  /** A bundle made elsewhere (tests share one); else the build's, else bundled from source. */
  workflowBundle?: WorkflowBundleOption;
  taskQueue?: string;
  /** `SMTP_URL`: notices are also e-mailed through it when set. */
  smtpUrl?: string | null;
  /** `MAIL_FROM`, the sender of those e-mails. */
  mailFrom?: string;
  /** Findings whose workflow state stays in memory between steps; see WORKFLOW_CACHE_SIZE. */
  maxCachedWorkflows?: number;
  /** The payload keys (loadPayloadKeys): the worker encrypts and decrypts with the API's key. */
  payloadKeys: PayloadCodecOptions;
  /**
   * OpenTelemetry (startTracing), when configured: activity spans, and the workflow's spans
   * through the `exporter` sink. The bundle must then be the traced one (bundleWorkflows({
   * traced: true })), which the worker picks itself when none is given.
   */
  tracing?: Tracing | null;
}

/**
 * The interceptors and sinks of tracing: nothing without it (the package is not even loaded).
 */
function tracingParts(tracing: Tracing | null | undefined): {
  activity: ActivityInterceptorsFactory[];
  sinks: InjectedSinks<Sinks>;
} {
  if (!tracing) return { activity: [], sinks: {} };
  type Otel = typeof import('@temporalio/interceptors-opentelemetry');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const otel = require('@temporalio/interceptors-opentelemetry') as Otel;
  return {
    activity: [
      (ctx) => ({
        inbound: new otel.OpenTelemetryActivityInboundInterceptor(ctx),
        outbound: new otel.OpenTelemetryActivityOutboundInterceptor(ctx),
      }),
    ],
    sinks: { exporter: workflowSpanSink(tracing) },
  };
}

/**
 * Hands the workflow's spans (made in the sandbox) to the span processor. Not the package's
 * makeWorkflowExporter: it copies the whole WorkflowInfo into every span's attributes — the memo
 * with the finding's title, the search attributes — and span attributes are not encrypted. Here
 * a span carries the workflow's id, run, type and task queue only.
 */
function workflowSpanSink(tracing: Tracing): InjectedSinks<OpenTelemetrySinks>['exporter'] {
  type Api = typeof import('@opentelemetry/api');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createTraceState } = require('@opentelemetry/api') as Api;
  return {
    export: {
      fn: (info, spans) => {
        for (const { spanContext, ...span } of spans) {
          const context = {
            ...spanContext,
            traceState: spanContext.traceState
              ? createTraceState(spanContext.traceState)
              : undefined,
          };
          const readable = {
            ...span,
            attributes: {
              ...span.attributes,
              temporalWorkflowId: info.workflowId,
              temporalRunId: info.runId,
              temporalWorkflowType: info.workflowType,
              temporalTaskQueue: info.taskQueue,
            },
            resource: tracing.resource,
            spanContext: () => context,
          };
          tracing.spanProcessor.onEnd(readable as unknown as ReadableSpan);
        }
      },
    },
  };
}

/**
 * The sticky cache: how many finding workflows stay in memory between steps, when the caller
 * gives none (the worker's entry point passes `WORKFLOW_CACHE_SIZE`, the same default). The SDK's
 * default follows the heap limit (about 2,300 on a 4 GB heap), and a cached finding held about
 * 0.9 MB of the workflow thread's heap (its own copy of the bundle's modules, zod's most of it;
 * 0.08 MB since zod, the domain and the contracts are preloaded), so thousands of open findings
 * held the worker at 700 MB and more. A finding that left the cache is replayed from its short
 * history when it is next opened by someone with a step there (the API's prefetch) or, failing
 * that, at its next step (some milliseconds more). 100 keeps the findings being worked on
 * (the bench acts on 100 at a time, each twice within a minute) while the cache held about 45
 * MB less heap than with 150 (BENCH.md, "Idle worker memory").
 */
export const WORKFLOW_CACHE_SIZE = 100;

const INDEXED_VALUE_TYPE: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

/**
 * Registers the search attributes the finding workflow upserts, where the namespace lacks them.
 * The dev server's start and the cluster's setup register them too, but a Temporal whose
 * database predates them (an upgrade) would otherwise fail every finding's next step with
 * "no mapping defined for search attribute", so the worker checks before it polls.
 */
export async function ensureSearchAttributes(
  connection: NativeConnection,
  namespace: string,
): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({
    namespace,
  });
  const missing = Object.values(FINDING_SEARCH_ATTRIBUTES).filter(
    (k) => !(k.name in (customAttributes ?? {})),
  );
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((k) => [k.name, INDEXED_VALUE_TYPE[k.type]])),
  });
  return missing.map((k) => k.name);
}

/**
 * The SDK's own metrics (polls, task latencies, slots, sticky cache) for Prometheus on
 * HOST:METRICS_PORT, with the worker's (projection-metrics.ts) on the same meter; none without
 * METRICS_PORT. For `Runtime.install`, once per process.
 */
export function metricsTelemetry(env: {
  HOST: string;
  METRICS_PORT?: number;
}): Pick<RuntimeOptions, 'telemetryOptions'> {
  if (!env.METRICS_PORT) return {};
  return {
    telemetryOptions: {
      metrics: {
        prometheus: {
          bindAddress: `${env.HOST}:${env.METRICS_PORT}`,
          histogramBucketOverrides: { [WORKER_METRICS.projectionSeconds]: PROJECTION_BUCKETS },
        },
      },
    },
  };
}

export async function createFindingWorker(options: FindingWorkerOptions): Promise<Worker> {
  await ensureSearchAttributes(options.connection, options.namespace);
  // nodemailer's plain (unpooled) SMTP transport opens a connection per message, so nothing
  // needs closing when the worker stops.
  const mailer: NoticeMailer | null = options.smtpUrl
    ? createSmtpMailer(options.smtpUrl, options.mailFrom ?? 'rectiflow <noreply@rectiflow.local>')
    : null;
  const traced = tracingParts(options.tracing);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowBundle:
      options.workflowBundle ?? (await loadOrBundleWorkflows({ traced: Boolean(options.tracing) })),
    activities: createActivities({ dataSource: options.dataSource, mailer }),
    // Metrics of the projection (steps by kind, its latency) on the SDK's own meter; the trace's
    // activity span outside it, so the span covers what the metrics time.
    interceptors: { activity: [...traced.activity, projectionMetrics] },
    sinks: traced.sinks,
    maxCachedWorkflows: options.maxCachedWorkflows ?? WORKFLOW_CACHE_SIZE,
    // Every payload encrypted (THREAT-MODEL.md, "Temporal"); codecs run outside the workflow
    // sandbox, so the bundle needs no converter of its own. Never plaintext here: only the
    // replayer of old histories accepts it.
    dataConverter: {
      payloadCodecs: [new AesGcmPayloadCodec({ ...options.payloadKeys, allowPlaintext: false })],
    },
    // The SDK's fixed pollers, not `autoscaling`: during an import's burst of new findings the
    // autoscaler multiplied poll calls on the Temporal server, whose CPU is what an import
    // spends, and imports ran at 85-145 findings/s instead of 165-240 (BENCH.md, "import").
  });
}

/** Connects to Temporal, retrying while the server is still starting. */
export async function connectWithRetry(
  address: string,
  deadlineMs = 60_000,
  tls: NativeConnectionOptions['tls'] = false,
): Promise<NativeConnection> {
  const started = Date.now();
  for (;;) {
    try {
      return await NativeConnection.connect({ address, tls });
    } catch (err) {
      if (Date.now() - started > deadlineMs) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
