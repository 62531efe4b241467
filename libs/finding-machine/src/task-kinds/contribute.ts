import type { FindingState, ProjectionOp } from '@rectiflow/contracts';
import { iso, ok, type MachineContext } from '../machine-context';
import { notice } from '../projection-ops';
import { closeTask } from '../task-records';
import type { OpenTask, TaskKindSpec } from '../task-kind-spec';

/**
 * 配合整改: a co-operating department's own part of the work. Its clerk or head reports what
 * the department did, with its files; the lead department sees it beside its evidence. It
 * runs alongside the finding's steps and blocks none of them.
 */
export const contribute: TaskKindSpec<'contribute'> = {
  kind: 'contribute',
  roles: ['department', 'department_head'],
  department: 'named',
  personal: false,
  stage: null,
  escalates: false,
  alongside: true,
  due: 'finding_deadline',
  validate: () => ok,
  complete: ({ state, task, input, actor, ctx }) => {
    const f = state.finding;
    return {
      ops: [
        {
          op: 'contribution',
          row: {
            id: task.id,
            findingId: f.id,
            cycle: task.cycle,
            departmentId: task.departmentId ?? '',
            text: input.text.trim(),
            evidenceIds: input.evidenceIds ?? [],
            authorId: actor.userId,
            at: iso(ctx.nowMs),
          },
        },
        notice(ctx, state, 'contributed', { findingTitle: f.title }, task.id, {
          roles: ['department', 'department_head'],
          departmentId: f.leadDepartmentId,
        }),
      ],
    };
  },
};

/** Whether new co-departments get their contribute tasks (asked only when there are some). */
export function contributeTasksOn(ctx: MachineContext): boolean {
  return ctx.features?.contributeTasks?.() ?? false;
}

/**
 * A contribute task for each of `departmentIds` that has none open, due when the office said
 * or at the finding's deadline; each department is told.
 */
export function openContributions(
  state: FindingState,
  departmentIds: readonly string[],
  dueAt: string | undefined,
  ctx: MachineContext,
  open: OpenTask,
): ProjectionOp[] {
  const ops: ProjectionOp[] = [];
  const opened: string[] = [];
  for (const departmentId of departmentIds) {
    const has = state.tasks.some((t) => t.kind === 'contribute' && t.departmentId === departmentId);
    if (has) continue;
    const due = dueAt ? { dueAt: new Date(dueAt).toISOString() } : {};
    ops.push(open('contribute', { departmentId, ...due }));
    opened.push(departmentId);
  }
  if (opened.length > 0) {
    const to = opened.map((departmentId) => ({
      roles: ['department' as const, 'department_head' as const],
      departmentId,
    }));
    ops.push(
      notice(
        ctx,
        state,
        'contribution_requested',
        { findingTitle: state.finding.title },
        null,
        ...to,
      ),
    );
  }
  return ops;
}

/** Cancels the open contribute tasks of departments no longer co-operating (or of all). */
export function cancelContributions(
  state: FindingState,
  keep: (departmentId: string | null) => boolean,
  ctx: MachineContext,
): ProjectionOp[] {
  const ops: ProjectionOp[] = [];
  for (const task of [...state.tasks]) {
    if (task.kind !== 'contribute' || keep(task.departmentId)) continue;
    ops.push(closeTask(state, task, 'cancelled', null, ctx));
  }
  return ops;
}
