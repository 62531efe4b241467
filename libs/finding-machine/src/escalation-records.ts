/**
 * The escalation ladder's records (督办): one record per late task's ladder, kept in a side
 * table of the state keyed by id, so raising a level or acting on it updates the same record
 * (never a duplicate). Raising a level is a timer's work (timers.ts); ending a ladder happens
 * when the late step is done, extended or rescheduled.
 */
import type { DueRule } from '@rectiflow/domain';
import type {
  EscalationRow,
  FindingState,
  ProjectionOp,
  TaskWithTimers,
} from '@rectiflow/contracts';
import { iso, type MachineContext } from './machine-context';
import { event, taskOp } from './projection-ops';
import { closeTask } from './task-records';

export const MAX_ESCALATION_LEVEL = 3;

export function escalationRecord(
  state: FindingState,
  task: TaskWithTimers,
  ctx: MachineContext,
): EscalationRow {
  const records = state.escalations;
  const id = task.escalationId as string;
  let record = records[id];
  if (!record) {
    record = {
      id,
      findingId: state.finding.id,
      taskId: task.id,
      taskKind: task.kind,
      level: 0,
      status: 'open',
      escalationTaskId: null,
      action: null,
      comment: null,
      actorId: null,
      createdAt: iso(ctx.nowMs),
      resolvedAt: null,
    };
    records[id] = record;
  }
  return record;
}

/** Ends a task's ladder: its record is resolved and its open escalation task cancelled. */
export function resolveEscalation(
  state: FindingState,
  task: TaskWithTimers,
  ctx: MachineContext,
): ProjectionOp[] {
  const ops: ProjectionOp[] = [];
  if (task.escalationId) {
    const record = escalationRecord(state, task, ctx);
    record.status = 'resolved';
    record.resolvedAt = iso(ctx.nowMs);
    ops.push({ op: 'escalation', row: record });
    task.escalationId = null;
  }
  const escalationTask = state.tasks.find(
    (t) => t.kind === 'escalation' && t.subjectTaskId === task.id,
  );
  if (escalationTask) ops.push(closeTask(state, escalationTask, 'cancelled', null, ctx));
  return ops;
}

/** The finding's level is the highest of its open ladders; resolved records are dropped. */
export function refreshEscalationLevel(state: FindingState): void {
  const records = state.escalations;
  let level = 0;
  for (const [id, r] of Object.entries(records)) {
    if (r.status === 'open') level = Math.max(level, r.level);
    else delete records[id];
  }
  state.finding.escalationLevel = level;
}

/**
 * A new due time for an open task (`rule` is its kind's due rule): its reminder and ladder start
 * again from it.
 */
export function rescheduleTask(
  state: FindingState,
  task: TaskWithTimers,
  dueAt: string,
  rule: DueRule,
  ctx: MachineContext,
): ProjectionOp[] {
  const f = state.finding;
  const due = new Date(dueAt).toISOString();
  const ops: ProjectionOp[] = [];
  // A step due at the finding's deadline (the evidence) moves the deadline with it; a step kept
  // within the deadline (the draft) may push the deadline out but never pulls it in.
  if (rule === 'finding_deadline') f.dueAt = due;
  if (rule === 'step_within_deadline' && (!f.dueAt || Date.parse(f.dueAt) < Date.parse(due)))
    f.dueAt = due;
  task.dueAt = due;
  task.reminded = false;
  task.escalatedLevel = 0;
  task.escalationLevel = 0;
  ops.push(...resolveEscalation(state, task, ctx));
  ops.push(taskOp(task));
  ops.push(
    event(ctx, null, 'task.rescheduled', state, { taskId: task.id, kind: task.kind, dueAt: due }),
  );
  return ops;
}
