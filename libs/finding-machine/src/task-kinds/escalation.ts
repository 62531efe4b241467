import type { ProjectionOp } from '@rectiflow/contracts';
import { invalid, iso, ok } from '../machine-context';
import { escalationRecord, refreshEscalationLevel } from '../escalation-records';
import { event, notice, taskOp } from '../projection-ops';
import type { TaskKindSpec } from '../task-kind-spec';
import { rescheduleOrder } from './supervision-order';

/**
 * 督办: the supervisor's answer to a late step raised to them — urge the department (催办),
 * extend the step's deadline, reassign the finding to another lead department, or record an
 * accountability (问责). Extending (or reassigning with a new due time) ends the ladder; urging
 * and accountability leave it running until the late step itself is done.
 */
export const escalation: TaskKindSpec<'escalation'> = {
  kind: 'escalation',
  roles: ['supervisor'],
  department: null,
  personal: false,
  // Raised beside the late step: the finding stays in that step's stage.
  stage: null,
  escalates: false,
  due: 'step',
  validate: (state, input, nowMs) => {
    if (input.action === 'extend' || (input.action === 'reassign' && input.dueAt)) {
      const due = input.dueAt ? Date.parse(input.dueAt) : NaN;
      if (Number.isNaN(due) || due <= nowMs) return invalid('dueAt must be a time in the future');
    }
    if (input.action === 'reassign') {
      if (!input.leadDepartmentId) return invalid('leadDepartmentId is required to reassign');
      if (input.leadDepartmentId === state.finding.leadDepartmentId) {
        return invalid('leadDepartmentId is already the lead department');
      }
    }
    return ok;
  },
  complete: ({ state, task: escalationTask, input, actor, ctx, reschedule }) => {
    const f = state.finding;
    const actorId = actor.userId;
    const subject = state.tasks.find((t) => t.id === escalationTask.subjectTaskId) ?? null;
    const ops: ProjectionOp[] = [];
    const record = subject?.escalationId ? escalationRecord(state, subject, ctx) : null;
    switch (input.action) {
      case 'urge':
        ops.push(
          notice(
            ctx,
            state,
            'urged',
            { findingTitle: f.title, comment: input.comment },
            subject?.id ?? null,
            { roles: ['department', 'department_head'], departmentId: f.leadDepartmentId },
          ),
        );
        break;
      case 'accountability':
        f.accountabilityCount += 1;
        ops.push(
          event(ctx, actorId, 'finding.accountability', state, {
            comment: input.comment,
            taskId: subject?.id ?? null,
          }),
        );
        break;
      case 'extend':
        if (subject && input.dueAt)
          ops.push(
            ...(subject.kind === 'supervision_order'
              ? rescheduleOrder(state, subject, input.dueAt, ctx)
              : reschedule(subject, input.dueAt)),
          );
        break;
      case 'reassign': {
        const from = f.leadDepartmentId;
        const to = input.leadDepartmentId as string;
        f.leadDepartmentId = to;
        for (const t of state.tasks) {
          if (t.departmentId === from && t.departmentId !== null) {
            t.departmentId = to;
            t.status = 'open';
            t.assigneeId = null;
            ops.push(taskOp(t));
          }
        }
        for (const m of state.measures) if (m.ownerDepartmentId === from) m.ownerDepartmentId = to;
        ops.push({ op: 'measures', findingId: f.id, cycle: f.cycle, rows: state.measures });
        ops.push(
          event(ctx, actorId, 'finding.reassigned', state, { from, to, comment: input.comment }),
        );
        ops.push(
          notice(
            ctx,
            state,
            'reassigned_away',
            { findingTitle: f.title, comment: input.comment },
            null,
            { roles: ['department', 'department_head'], departmentId: from },
          ),
        );
        ops.push(
          notice(ctx, state, 'reassigned_here', { findingTitle: f.title }, null, {
            roles: ['department', 'department_head'],
            departmentId: to,
          }),
        );
        if (subject && input.dueAt) ops.push(...reschedule(subject, input.dueAt));
        break;
      }
    }
    if (record) {
      record.action = input.action;
      record.comment = input.comment;
      record.actorId = actorId;
      if (subject && subject.escalationId === null) {
        record.status = 'resolved';
        record.resolvedAt = iso(ctx.nowMs);
      }
      ops.push({ op: 'escalation', row: record });
    }
    refreshEscalationLevel(state);
    return { ops };
  },
};
