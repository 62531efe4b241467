import type { ProjectionOp } from '@rectiflow/contracts';
import { invalid, iso, ok, type MachineContext } from '../machine-context';
import type { TaskKindSpec } from '../task-kind-spec';

/**
 * 阶段进展报告: a long-term item's periodic report; the report marked final sends it to the
 * three-level review.
 */
export const stageReport: TaskKindSpec<'stage_report'> = {
  kind: 'stage_report',
  roles: ['department'],
  department: 'lead',
  personal: false,
  stage: 'long_term',
  escalates: true,
  due: 'stage_period',
  validate: (state) =>
    state.finding.longTerm ? ok : invalid('only a long-term item takes stage reports'),
  complete: ({ state, task, input, actor, ctx, open }) => {
    const f = state.finding;
    state.stageReportSeq += 1;
    f.lastReport = input.report;
    const ops: ProjectionOp[] = [
      {
        op: 'stageReport',
        row: {
          id: ctx.newId(),
          findingId: f.id,
          cycle: f.cycle,
          seq: state.stageReportSeq,
          report: input.report,
          evidenceIds: input.evidenceIds ?? [],
          finalStage: input.finalStage ?? false,
          authorId: actor.userId,
          at: iso(ctx.nowMs),
        },
      },
    ];
    if (input.finalStage) {
      for (const m of state.measures) if (m.cycle === f.cycle) m.done = true;
      ops.push({ op: 'measures', findingId: f.id, cycle: f.cycle, rows: state.measures });
      ops.push(open('review_1'));
    } else {
      ops.push(open('stage_report', { dueAt: nextStageReportDue(task.dueAt, ctx) }));
    }
    return { ops };
  },
};

/**
 * Stage reports keep to fixed periods: the next report is due one period after the one just
 * given was due, so reporting early or late does not shift the schedule. A report more than
 * a period late is due at the end of the period now running, never in the past.
 */
export function nextStageReportDue(previousDueAt: string | null, ctx: MachineContext): string {
  const period = ctx.timing.stageReportEveryMs;
  const previous = previousDueAt ? Date.parse(previousDueAt) : ctx.nowMs;
  if (period <= 0) return iso(Math.max(previous, ctx.nowMs));
  const periods = Math.max(1, Math.floor((ctx.nowMs - previous) / period) + 1);
  return iso(previous + periods * period);
}
