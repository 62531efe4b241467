import {
  Runtime,
  type ActivityExecuteInput,
  type ActivityInboundCallsInterceptor,
  type ActivityInterceptorsFactory,
  type Next,
} from '@temporalio/worker';
import type { MetricCounter, MetricHistogram, MetricMeter } from '@temporalio/common';
import type { ProjectionBatch } from '@rectiflow/contracts';

/** The finding workflow's projection activity (a local activity since 'projection-local-activity'). */
export const PROJECTION_ACTIVITY = 'applyProjection';

/** Names as they appear on the worker's METRICS_PORT (the SDK's exporter, next to `temporal_*`). */
export const WORKER_METRICS = {
  steps: 'rectiflow_finding_steps',
  projectionSeconds: 'rectiflow_projection_duration_seconds',
} as const;

/** Bucket bounds of the projection latency: a projection is one short transaction. */
export const PROJECTION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

interface Instruments {
  meter: MetricMeter;
  steps: MetricCounter;
  seconds: MetricHistogram;
}
let instruments: Instruments | undefined;

/** The instruments on the runtime's meter (made again if the runtime was installed anew). */
function current(): Instruments {
  const meter = Runtime.instance().metricMeter;
  if (instruments?.meter !== meter) {
    instruments = {
      meter,
      steps: meter.createCounter(
        WORKER_METRICS.steps,
        undefined,
        'Audited state changes the worker projected, by action and task kind',
      ),
      seconds: meter.createHistogram(
        WORKER_METRICS.projectionSeconds,
        'float',
        's',
        'Time to write a projection batch into the read model, by outcome',
      ),
    };
  }
  return instruments;
}

/**
 * What a projection batch did, as metric labels: one per audited state change (`task.completed`,
 * `finding.assigned`, `task.reminded`, …), with the kind of the task it concerns where it has
 * one. Actions and kinds are fixed words of the code; titles and ids never become labels.
 */
export function stepsOf(batch: ProjectionBatch): { action: string; kind: string }[] {
  return batch.ops.flatMap((op) => {
    if (op.op !== 'event') return [];
    const kind = op.event.data.kind;
    return [{ action: op.event.action, kind: typeof kind === 'string' ? kind : '' }];
  });
}

/**
 * Times every projection and counts the steps it carried, once it committed (a failed attempt
 * is retried and counted when it succeeds). Activity-side only: the workflow code is untouched.
 */
class ProjectionMetricsInterceptor implements ActivityInboundCallsInterceptor {
  constructor(private readonly activityType: string) {}

  async execute(
    input: ActivityExecuteInput,
    next: Next<ActivityInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    if (this.activityType !== PROJECTION_ACTIVITY) return next(input);
    const started = process.hrtime.bigint();
    let outcome = 'failed';
    try {
      const result = await next(input);
      // A stale batch wrote nothing: its steps were counted with the batch that did.
      if ((result as { stale?: boolean } | undefined)?.stale) {
        outcome = 'stale';
        return result;
      }
      outcome = 'ok';
      const m = current();
      for (const step of stepsOf(input.args[0] as ProjectionBatch)) m.steps.add(1, step);
      return result;
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      current().seconds.record(seconds, { outcome });
    }
  }
}

export const projectionMetrics: ActivityInterceptorsFactory = (ctx) => ({
  inbound: new ProjectionMetricsInterceptor(ctx.info.activityType),
});
