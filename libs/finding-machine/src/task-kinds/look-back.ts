import { checkLookBackNow } from '@rectiflow/domain';
import {
  FAILURE,
  type FindingState,
  type ProjectionOp,
  type StartLookBackArgs,
} from '@rectiflow/contracts';
import { fail, invalid, iso, ok, type MachineContext, type Verdict } from '../machine-context';
import { event, findingOp, notice } from '../projection-ops';
import type { OpenTask, TaskKindSpec } from '../task-kind-spec';
import { contributeTasksOn, openContributions } from './contribute';

/**
 * 回头看: months after closure the supervisor (or the office) checks that the problem has not
 * come back. It holds, or it relapsed (反弹回潮): the finding reopens in a new cycle with the
 * same lead department, and the workflow continues as new.
 */
export const lookBack: TaskKindSpec<'look_back'> = {
  kind: 'look_back',
  roles: ['supervisor', 'office'],
  department: null,
  personal: false,
  // Opens on a closed finding, which stays closed unless the check finds a relapse.
  stage: null,
  escalates: false,
  due: 'step',
  validate: () => ok,
  complete: ({ state, input, actor, ctx, open }) => {
    const f = state.finding;
    const actorId = actor.userId;
    const ops: ProjectionOp[] = [
      {
        op: 'lookBack',
        row: {
          id: ctx.newId(),
          findingId: f.id,
          cycle: f.cycle,
          outcome: input.outcome,
          comment: input.comment,
          actorId,
          at: iso(ctx.nowMs),
        },
      },
    ];
    if (input.outcome === 'holds') {
      ops.push(event(ctx, actorId, 'finding.look_back_holds', state, { comment: input.comment }));
      return { ops };
    }
    // The new cycle gets as long as the first had from creation to its deadline (at least one
    // step), so a relapse months after the deadline does not open an overdue step. The earlier
    // cycle's measures, reviews and history stay in the read model.
    const span = f.dueAt ? Date.parse(f.dueAt) - Date.parse(f.createdAt) : 0;
    f.dueAt = iso(ctx.nowMs + Math.max(span, ctx.timing.stepDueMs));
    f.cycle += 1;
    f.closedAt = null;
    f.escalationLevel = 0;
    state.lookBackAt = null;
    state.stageReportSeq = 0;
    state.sendBackComments = [];
    state.measures = state.measures
      .filter((m) => m.cycle === f.cycle - 1)
      .map((m) => ({ ...m, id: ctx.newId(), cycle: f.cycle, dueAt: f.dueAt, done: false }));
    ops.push({ op: 'measures', findingId: f.id, cycle: f.cycle, rows: state.measures });
    ops.push(
      event(ctx, actorId, 'finding.reopened', state, { cycle: f.cycle, comment: input.comment }),
    );
    ops.push(open('draft_measures'));
    // The co-departments' parts start again with the new cycle (from the patch on).
    if (f.coDepartmentIds.length > 0 && contributeTasksOn(ctx))
      ops.push(...openContributions(state, f.coDepartmentIds, undefined, ctx, open));
    ops.push(
      notice(ctx, state, 'relapsed', { findingTitle: f.title, comment: input.comment }, null, {
        roles: ['department', 'department_head'],
        departmentId: f.leadDepartmentId,
      }),
    );
    return { ops, reopened: true };
  },
};

/** LOOK_BACK_AFTER past closure (`state.lookBackAt`, set by the level-3 review), the check opens. */
export function openLookBack(state: FindingState, open: OpenTask): ProjectionOp {
  state.lookBackAt = null;
  return open('look_back');
}

/**
 * 立即回头看: only a closed finding still waiting for its look-back (not withdrawn, none open,
 * none done this cycle), and only by the supervisor or the office (libs/domain's rule).
 */
export function validateStartLookBack(state: FindingState, args: StartLookBackArgs): Verdict {
  const lookBackOpen = state.tasks.some((t) => t.kind === 'look_back');
  const verdict = checkLookBackNow(args.actor, {
    stage: state.finding.stage,
    withdrawn: state.finding.withdrawn,
    lookBackOpen,
    lookBackDone: !lookBackOpen && state.lookBackAt === null,
  });
  if (verdict.ok) {
    const seed = args.sampleSeed;
    if (seed !== undefined && (!Number.isInteger(seed) || seed < 0))
      return invalid('sampleSeed: must be a non-negative integer');
    return ok;
  }
  if (verdict.reason === 'forbidden')
    return fail(FAILURE.forbidden, 'only the supervisor or the office starts a look-back');
  return { ok: false, type: FAILURE.conflict, message: verdict.message, code: verdict.reason };
}

/**
 * Opens the look-back now rather than when closure planned it: the planned time is dropped,
 * so the timer loop, woken by the change, waits for it no more.
 */
export function applyStartLookBack(
  state: FindingState,
  args: StartLookBackArgs,
  ctx: MachineContext,
  open: OpenTask,
): ProjectionOp[] {
  ctx.features?.lookBackOnDemand?.();
  const plannedAt = state.lookBackAt;
  const opened = openLookBack(state, open);
  const task = state.tasks[state.tasks.length - 1];
  const data: Record<string, unknown> = { taskId: task.id, plannedAt };
  if (args.sampleSeed !== undefined) data.sampleSeed = args.sampleSeed;
  return [
    opened,
    event(ctx, args.actor.userId, 'finding.look_back_started', state, data),
    findingOp(state, ctx),
  ];
}
