/**
 * The projection ops the machine emits: each makes one part of the read model match the state
 * (the finding row, a task, a review, a notice, an audit event).
 */
import {
  NOTICE_TEXTS,
  renderNotice,
  type Decision,
  type NoticeCode,
  type NoticeParamsByCode,
} from '@rectiflow/domain';
import type {
  AuditEventSpec,
  FindingState,
  NoticeRecipients,
  ProjectionOp,
  TaskRow,
  TaskWithTimers,
} from '@rectiflow/contracts';
import { iso, type MachineContext } from './machine-context';
import { TASK_KIND_SPECS } from './task-kinds';

export function stripTimers(task: TaskWithTimers): TaskRow {
  const { reminded: _r, escalatedLevel: _e, escalationId: _i, ...row } = task;
  return row;
}

export function taskOp(task: TaskWithTimers): ProjectionOp {
  return { op: 'task', row: stripTimers(task) };
}

/** The finding row as it stands; its next due time is the earliest of its open steps. */
export function findingOp(state: FindingState, ctx: MachineContext): ProjectionOp {
  const f = state.finding;
  f.updatedAt = iso(ctx.nowMs);
  const dues = state.tasks
    .filter((t) => t.kind !== 'escalation' && !TASK_KIND_SPECS[t.kind].alongside && t.dueAt)
    .map((t) => Date.parse(t.dueAt as string));
  f.nextDueAt = dues.length > 0 ? iso(Math.min(...dues)) : null;
  return { op: 'finding', row: { ...f, coDepartmentIds: [...f.coDepartmentIds] } };
}

export function reviewOp(
  state: FindingState,
  level: number,
  input: { decision: Decision; comment?: string },
  reviewerId: string,
  ctx: MachineContext,
): ProjectionOp {
  return {
    op: 'review',
    row: {
      id: ctx.newId(),
      findingId: state.finding.id,
      cycle: state.finding.cycle,
      level,
      decision: input.decision,
      comment: input.comment?.trim() || null,
      reviewerId,
      at: iso(ctx.nowMs),
    },
  };
}

/** A notice from its code and parameters (libs/domain finding-texts), stored with its text. */
export function notice<C extends NoticeCode>(
  ctx: MachineContext,
  state: FindingState,
  code: C,
  params: NoticeParamsByCode[C],
  taskId: string | null,
  ...to: NoticeRecipients[]
): ProjectionOp {
  const { title, body } = renderNotice(code, params, 'zh');
  return {
    op: 'notice',
    notice: {
      id: ctx.newId(),
      kind: NOTICE_TEXTS[code].kind,
      code,
      params,
      findingId: state.finding.id,
      taskId,
      title,
      body,
      at: iso(ctx.nowMs),
      to,
    },
  };
}

/** An audited state change, which is also a line of the finding's history. */
export function event(
  ctx: MachineContext,
  actorId: string | null,
  action: string,
  state: FindingState,
  data: Record<string, unknown>,
): ProjectionOp {
  const e: AuditEventSpec = {
    id: ctx.newId(),
    at: iso(ctx.nowMs),
    actorId,
    action,
    entityType: 'finding',
    entityId: state.finding.id,
    findingId: state.finding.id,
    data: { ...data, stage: state.finding.stage, cycle: state.finding.cycle },
  };
  return { op: 'event', event: e };
}
