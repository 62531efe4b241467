/**
 * The workflow interceptors of a traced worker (apps/worker bundleWorkflows({ traced: true })):
 * Temporal's OpenTelemetry interceptors, without their replay-dependent yield points.
 *
 * The package's own interceptors insert an `await Promise.resolve()` (before running the
 * workflow, before scheduling an activity, …) unless the history says it was written by SDK
 * 1.13.2 or later, and trace Updates only where the history carries the SDK flag of 1.13.3. In
 * SDK 1.24.0 the workflow never learns the history's SDK version, so a history recorded without
 * the interceptors (every finding before tracing was turned on) replays with the extra yields
 * and fails: the run's first activation orders its commands differently. These overrides trace
 * the same operations without any extra yield and without consulting SDK flags, so adding or
 * removing tracing changes no command: test/int/history-replay replays every recorded
 * generation under them.
 *
 * And their span ids come from an id generator of their own: OpenTelemetry's draws on
 * `Math.random`, which in a workflow is the run's seeded generator that `uuid4()` — every task,
 * notice and event id the finding machine makes — draws on too. With it, turning tracing on
 * changed the ids a finding's next step made, and recorded steps no longer found their task.
 *
 * Not a workflow: nothing here reads the environment or emits a command; spans leave the
 * sandbox through the worker's `exporter` sink.
 */
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
  SPAN_DELIMITER,
  SpanName,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import { SpanExporter } from '@temporalio/interceptors-opentelemetry/lib/workflow/span-exporter';
import {
  BasicTracerProvider,
  SimpleSpanProcessor,
  type IdGenerator,
} from '@opentelemetry/sdk-trace-base';
import type { Tracer } from '@opentelemetry/api';
import {
  UPDATE_ID_ATTR_KEY,
  extractContextFromHeaders,
  headersWithContext,
  instrument,
  instrumentSync,
} from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import {
  ContinueAsNew,
  workflowInfo,
  type ActivityInput,
  type ContinueAsNewInput,
  type LocalActivityInput,
  type Next,
  type QueryInput,
  type SignalInput,
  type SignalWorkflowInput,
  type StartChildWorkflowExecutionInput,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

const named = (kind: SpanName, what: string) => `${kind}${SPAN_DELIMITER}${what}`;

/**
 * Span and trace ids without `Math.random`: FNV-1a over the run id and a counter, so they are
 * unique per run and span, and no workflow's random sequence moves. (Spans made while replaying
 * are never exported, so nothing needs them to differ between replays.)
 */
let spanSeq = 0;
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
function randomishHex(chars: number): string {
  spanSeq += 1;
  const seed = `${workflowInfo().runId}:${spanSeq}`;
  let out = '';
  for (let i = 0; out.length < chars; i++) out += fnv1a(`${i}:${seed}`);
  return out.slice(0, chars);
}
const idGenerator: IdGenerator = {
  generateTraceId: () => randomishHex(32),
  generateSpanId: () => randomishHex(16),
};

let tracer: Tracer | undefined;
/**
 * The workflows' tracer: spans go out through the package's sink exporter, ids from the
 * generator above. (The package's own provider, made by its classes, keeps the context manager
 * and propagator it registers; its tracer goes unused.)
 */
function workflowTracer(): Tracer {
  tracer ??= new BasicTracerProvider({
    idGenerator,
    spanProcessors: [new SimpleSpanProcessor(new SpanExporter())],
  }).getTracer('@rectiflow/workflows');
  return tracer;
}

class TracingInbound extends OpenTelemetryInboundInterceptor {
  protected override readonly tracer = workflowTracer();

  override execute(
    input: WorkflowExecuteInput,
    next: Next<WorkflowInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    return instrument({
      tracer: this.tracer,
      spanName: named(SpanName.WORKFLOW_EXECUTE, workflowInfo().workflowType),
      fn: () => next(input),
      context: extractContextFromHeaders(input.headers),
      acceptableErrors: (err) => err instanceof ContinueAsNew,
    });
  }

  override handleSignal(
    input: SignalInput,
    next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>,
  ): Promise<void> {
    return instrument({
      tracer: this.tracer,
      spanName: named(SpanName.WORKFLOW_HANDLE_SIGNAL, input.signalName),
      fn: () => next(input),
      context: extractContextFromHeaders(input.headers),
    });
  }

  override handleUpdate(
    input: UpdateInput,
    next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>,
  ): Promise<unknown> {
    return instrument({
      tracer: this.tracer,
      spanName: named(SpanName.WORKFLOW_HANDLE_UPDATE, input.name),
      fn: (span) => {
        span.setAttribute(UPDATE_ID_ATTR_KEY, input.updateId);
        return next(input);
      },
      context: extractContextFromHeaders(input.headers),
    });
  }

  override validateUpdate(
    input: UpdateInput,
    next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>,
  ): void {
    instrumentSync({
      tracer: this.tracer,
      spanName: named(SpanName.WORKFLOW_VALIDATE_UPDATE, input.name),
      fn: (span) => {
        span.setAttribute(UPDATE_ID_ATTR_KEY, input.updateId);
        return next(input);
      },
      context: extractContextFromHeaders(input.headers),
    });
  }

  // Queries (the API's state reads) stay untraced: they change nothing and would be most spans.
  override handleQuery(
    input: QueryInput,
    next: Next<WorkflowInboundCallsInterceptor, 'handleQuery'>,
  ): Promise<unknown> {
    return next(input);
  }
}

class TracingOutbound extends OpenTelemetryOutboundInterceptor {
  protected override readonly tracer = workflowTracer();

  override scheduleActivity(
    input: ActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>,
  ): Promise<unknown> {
    return instrument({
      tracer: this.tracer,
      spanName: named(SpanName.ACTIVITY_START, input.activityType),
      fn: () => next({ ...input, headers: headersWithContext(input.headers) }),
    });
  }

  override scheduleLocalActivity(
    input: LocalActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
  ): Promise<unknown> {
    return instrument({
      tracer: this.tracer,
      spanName: named(SpanName.ACTIVITY_START, input.activityType),
      fn: () => next({ ...input, headers: headersWithContext(input.headers) }),
    });
  }

  override startChildWorkflowExecution(
    input: StartChildWorkflowExecutionInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
  ): Promise<[Promise<string>, Promise<unknown>]> {
    return instrument({
      tracer: this.tracer,
      spanName: named(SpanName.CHILD_WORKFLOW_START, input.workflowType),
      fn: () => next({ ...input, headers: headersWithContext(input.headers) }),
    });
  }

  override continueAsNew(
    input: ContinueAsNewInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'continueAsNew'>,
  ): Promise<never> {
    return instrument({
      tracer: this.tracer,
      spanName: named(SpanName.CONTINUE_AS_NEW, input.options.workflowType ?? ''),
      fn: () => next({ ...input, headers: headersWithContext(input.headers) }),
      acceptableErrors: (err) => err instanceof ContinueAsNew,
    });
  }

  override signalWorkflow(
    input: SignalWorkflowInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'signalWorkflow'>,
  ): Promise<void> {
    return instrument({
      tracer: this.tracer,
      spanName: named(SpanName.WORKFLOW_SIGNAL, input.signalName),
      fn: () => next({ ...input, headers: headersWithContext(input.headers) }),
    });
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [new TracingInbound()],
  outbound: [new TracingOutbound()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});
