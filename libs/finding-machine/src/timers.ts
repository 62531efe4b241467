/**
 * Timers: reminders when a step turns yellow, the escalation ladder of late steps and the
 * look-back after closure. The workflow sleeps until `nextTimerEvent` and fires what
 * `dueTimerEvent` finds due then.
 */
import type {
  FindingState,
  NoticeRecipients,
  ProjectionOp,
  TaskWithTimers,
} from '@rectiflow/contracts';
import type { Timing } from '@rectiflow/domain';
import {
  escalationRecord,
  MAX_ESCALATION_LEVEL,
  refreshEscalationLevel,
} from './escalation-records';
import type { MachineContext, MachineFeatures } from './machine-context';
import { openTask } from './open-task';
import { event, findingOp, notice, taskOp } from './projection-ops';
import { holders } from './task-records';
import { TASK_KIND_SPECS } from './task-kinds';
import { openLookBack } from './task-kinds/look-back';

export type TimerEvent =
  | { type: 'remind'; at: number; taskId: string }
  | { type: 'escalate'; at: number; taskId: string; level: number }
  /** The look-back after closure (回头看) falls due: `state.lookBackAt`. */
  | { type: 'recheck'; at: number };

/**
 * Whether a late task climbs the ladder: its kind's rule, and for a 督办单 the
 * 'supervision-order-escalation' behaviour (asked only for an open order with a due time).
 */
function escalates(task: TaskWithTimers, features: MachineFeatures | undefined): boolean {
  if (TASK_KIND_SPECS[task.kind].escalates) return true;
  return task.kind === 'supervision_order' && (features?.orderEscalation?.() ?? false);
}

/** The earliest timer the finding is waiting for, if any. */
export function nextTimerEvent(
  state: FindingState,
  timing: Timing,
  features?: MachineFeatures,
): TimerEvent | null {
  let next: TimerEvent | null = null;
  const consider = (e: TimerEvent) => {
    if (!next || e.at < next.at) next = e;
  };
  for (const t of state.tasks) {
    if (!t.dueAt) continue;
    const due = Date.parse(t.dueAt);
    if (!t.reminded) consider({ type: 'remind', at: due - timing.warnBeforeMs, taskId: t.id });
    if (t.escalatedLevel < MAX_ESCALATION_LEVEL && escalates(t, features)) {
      const at = due + timing.escalateAfterMs + t.escalatedLevel * timing.escalationIntervalMs;
      consider({ type: 'escalate', at, taskId: t.id, level: t.escalatedLevel + 1 });
    }
  }
  if (state.lookBackAt) consider({ type: 'recheck', at: Date.parse(state.lookBackAt) });
  return next;
}

/**
 * The timer event due at `nowMs`, planned afresh from the state: when a timer fires in the
 * same moment as a human step, the step may have changed what is due (done, extended).
 */
export function dueTimerEvent(
  state: FindingState,
  timing: Timing,
  nowMs: number,
  features?: MachineFeatures,
): TimerEvent | null {
  const next = nextTimerEvent(state, timing, features);
  return next && next.at <= nowMs ? next : null;
}

/** Fires one timer event that is due at `ctx.nowMs`. */
export function applyTimerEvent(
  state: FindingState,
  e: TimerEvent,
  ctx: MachineContext,
): ProjectionOp[] {
  const f = state.finding;
  if (e.type === 'recheck') {
    return [openLookBack(state, (kind) => openTask(state, kind, ctx)), findingOp(state, ctx)];
  }
  const task = state.tasks.find((t) => t.id === e.taskId);
  if (!task) return [];
  if (e.type === 'remind') {
    task.reminded = true;
    const to = [holders(task)];
    if (f.responsibleLeaderId) to.push({ userIds: [f.responsibleLeaderId] });
    // A step that opens already late (or whose reminder fell due while nobody ran) is told so.
    const late = task.dueAt !== null && ctx.nowMs > Date.parse(task.dueAt);
    const params = { findingTitle: f.title, taskKind: task.kind, dueAt: task.dueAt };
    return [
      notice(ctx, state, late ? 'reminder_late' : 'reminder_due', params, task.id, ...to),
      event(ctx, null, 'task.reminded', state, {
        taskId: task.id,
        kind: task.kind,
        dueAt: task.dueAt,
      }),
    ];
  }
  return raiseEscalation(state, task, e.level, ctx);
}

function raiseEscalation(
  state: FindingState,
  task: TaskWithTimers,
  level: number,
  ctx: MachineContext,
): ProjectionOp[] {
  const f = state.finding;
  const ops: ProjectionOp[] = [];
  task.escalatedLevel = level;
  task.escalationLevel = level;
  if (!task.escalationId) task.escalationId = ctx.newId();
  const record = escalationRecord(state, task, ctx);
  record.level = level;
  let escalationTask = state.tasks.find(
    (t) => t.kind === 'escalation' && t.subjectTaskId === task.id,
  );
  if (!escalationTask) {
    ops.push(openTask(state, 'escalation', ctx, { subjectTaskId: task.id }));
    escalationTask = state.tasks[state.tasks.length - 1];
  }
  escalationTask.escalationLevel = level;
  record.escalationTaskId = escalationTask.id;
  ops.push(taskOp(task), taskOp(escalationTask), { op: 'escalation', row: record });
  refreshEscalationLevel(state);
  // Each level reaches one rank higher (督办 → 领导 → 党委): the supervisor, the late step's
  // holders and their department head; then the responsible leader too; then the committee.
  const to: NoticeRecipients[] = [{ roles: ['supervisor'] }, holders(task)];
  if (task.departmentId) to.push({ roles: ['department_head'], departmentId: task.departmentId });
  if (level >= 2 && f.responsibleLeaderId) to.push({ userIds: [f.responsibleLeaderId] });
  if (level >= 3) to.push({ roles: ['committee'] });
  const params = { findingTitle: f.title, taskKind: task.kind, dueAt: task.dueAt, level };
  ops.push(notice(ctx, state, 'escalated', params, task.id, ...to));
  ops.push(
    event(ctx, null, 'finding.escalated', state, { taskId: task.id, kind: task.kind, level }),
  );
  ops.push(findingOp(state, ctx));
  return ops;
}
