import type {
  FindingState,
  NoticeRecipients,
  ProjectionOp,
  TaskWithTimers,
} from '@rectiflow/contracts';
import { iso, type MachineContext } from './machine-context';
import { stripTimers } from './projection-ops';

export function mustFindTask(state: FindingState, taskId: string): TaskWithTimers {
  const task = state.tasks.find((t) => t.id === taskId);
  if (!task) throw new Error(`task ${taskId} is not open`);
  return task;
}

/** Who holds a task now: its person, its claimant, or its roles (in its department). */
export function holders(task: TaskWithTimers): NoticeRecipients {
  if (task.targetUserId) return { userIds: [task.targetUserId] };
  if (task.assigneeId) return { userIds: [task.assigneeId] };
  return { roles: [...task.roles], departmentId: task.departmentId };
}

/** Ends a task: it leaves the state (finished tasks live in the read model only). */
export function closeTask(
  state: FindingState,
  task: TaskWithTimers,
  status: 'done' | 'cancelled',
  actorId: string | null,
  ctx: MachineContext,
): ProjectionOp {
  task.status = status;
  task.completedAt = iso(ctx.nowMs);
  task.completedBy = actorId;
  state.tasks = state.tasks.filter((t) => t.id !== task.id);
  return { op: 'task', row: stripTimers(task) };
}
