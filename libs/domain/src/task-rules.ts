import { isDepartmentScoped, type Actor } from './actor';
import type { InboxTaskKind } from './public-comments';
import type { Role, TaskStatus } from './vocabulary';

/** What the rules need to know of a task. */
export interface TaskAccess {
  kind: InboxTaskKind;
  roles: readonly Role[];
  departmentId: string | null;
  /** Set for steps that belong to one person (the finding's responsible leader). */
  targetUserId: string | null;
  assigneeId: string | null;
  status: TaskStatus;
  /** The unit the task belongs to, where known (the read model); a unit's tasks are its own. */
  unitId?: string | null;
}

export type AccessVerdict =
  { ok: true } | { ok: false; reason: 'forbidden' | 'conflict'; message: string };

/** Whether the actor holds a role that may take this task, in the right department. */
export function mayTakeTask(actor: Actor, task: TaskAccess): boolean {
  if (task.targetUserId && task.targetUserId !== actor.userId) return false;
  if (task.unitId !== undefined && task.unitId !== null && task.unitId !== actor.unitId)
    return false;
  return task.roles.some(
    (role) =>
      actor.roles.includes(role) &&
      (!isDepartmentScoped(role) ||
        (!!task.departmentId && task.departmentId === actor.departmentId)),
  );
}

/**
 * Who may complete (or claim) a task now: a holder of one of its roles (department roles only
 * in the task's department, personal steps only by their person), and, once claimed, only
 * the claimant. A task that is done or cancelled is a conflict, not a permission problem.
 */
export function checkTaskAction(actor: Actor, task: TaskAccess): AccessVerdict {
  if (task.status === 'done' || task.status === 'cancelled') {
    return { ok: false, reason: 'conflict', message: `task is already ${task.status}` };
  }
  if (!mayTakeTask(actor, task)) {
    return {
      ok: false,
      reason: 'forbidden',
      message: 'your role or department may not act on this task',
    };
  }
  if (task.status === 'claimed' && task.assigneeId !== actor.userId) {
    return { ok: false, reason: 'conflict', message: 'task is claimed by someone else' };
  }
  return { ok: true };
}

/**
 * Releasing a claimed task back to its pool: the claimant, or the unit's office handing back
 * a task someone holds while away (on leave, moved on) so a colleague can take it.
 */
export function checkRelease(actor: Actor, task: TaskAccess): AccessVerdict {
  if (task.status !== 'claimed') {
    return { ok: false, reason: 'conflict', message: `task is ${task.status}, not claimed` };
  }
  if (task.assigneeId !== actor.userId && !officeOfTask(actor, task)) {
    return {
      ok: false,
      reason: 'forbidden',
      message: 'only the person who claimed the task, or the office, may release it',
    };
  }
  return { ok: true };
}

/** The office of the unit the task belongs to (where the task's unit is known). */
function officeOfTask(actor: Actor, task: TaskAccess): boolean {
  if (!actor.roles.includes('office')) return false;
  return task.unitId === undefined || task.unitId === null || task.unitId === actor.unitId;
}
