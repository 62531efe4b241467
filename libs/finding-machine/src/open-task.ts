import { taskDueAt, type TaskKind } from '@rectiflow/domain';
import type { FindingState, ProjectionOp, TaskWithTimers } from '@rectiflow/contracts';
import { iso, type MachineContext } from './machine-context';
import { taskOp } from './projection-ops';
import { TASK_KIND_SPECS } from './task-kinds';
import type { OpenTaskOptions } from './task-kind-spec';

/**
 * Opens a task of `kind` as its spec says (roles, department, person, due rule) and moves the
 * finding to the kind's stage.
 */
export function openTask(
  state: FindingState,
  kind: TaskKind,
  ctx: MachineContext,
  options: OpenTaskOptions = {},
): ProjectionOp {
  const f = state.finding;
  const spec = TASK_KIND_SPECS[kind];
  const task: TaskWithTimers = {
    id: ctx.newId(),
    findingId: f.id,
    roundId: f.roundId,
    kind,
    roles: [...(state.roleOverrides?.[kind] ?? spec.roles)],
    departmentId:
      spec.department === 'lead'
        ? f.leadDepartmentId
        : spec.department === 'named'
          ? (options.departmentId ?? null)
          : null,
    targetUserId: spec.personal ? f.responsibleLeaderId : null,
    assigneeId: null,
    status: 'open',
    dueAt: options.dueAt ?? taskDueAt(spec.due, ctx.nowMs, f.dueAt, ctx.timing),
    cycle: f.cycle,
    subjectTaskId: options.subjectTaskId ?? null,
    escalationLevel: 0,
    createdAt: iso(ctx.nowMs),
    completedAt: null,
    completedBy: null,
    reminded: false,
    escalatedLevel: 0,
    escalationId: null,
  };
  state.tasks.push(task);
  if (spec.stage) f.stage = spec.stage;
  return taskOp(task);
}
