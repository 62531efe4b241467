import { lightFor } from '@rectiflow/domain';
import type { FindingSummary, TaskView } from '@rectiflow/contracts';
import { taskRoles, type FindingEntity, type TaskEntity } from '@rectiflow/persistence';

/** The API.md shapes of findings and tasks, with lights derived from due times and now. */
export function findingSummary(f: FindingEntity, now: Date, warnBeforeMs: number): FindingSummary {
  const open = f.stage !== 'closed' || f.nextDueAt !== null;
  const light = open ? lightFor(f.nextDueAt, now, warnBeforeMs) : 'green';
  return {
    id: f.id,
    roundId: f.roundId,
    unitId: f.unitId,
    code: f.code,
    title: f.title,
    stage: f.stage,
    longTerm: f.longTerm,
    leadDepartmentId: f.leadDepartmentId,
    coDepartmentIds: f.coDepartmentIds,
    responsibleLeaderId: f.responsibleLeaderId,
    dueAt: f.dueAt,
    overdue: light === 'red',
    light,
    escalationLevel: f.escalationLevel,
    cycle: f.cycle,
    closedAt: f.closedAt,
    sentBackCount: f.sentBackCount,
    accountabilityCount: f.accountabilityCount,
    halted: f.halted,
  };
}

export function taskView(
  t: TaskEntity,
  finding: { title: string; code: string },
  now: Date,
  warnBeforeMs: number,
): TaskView {
  const active = t.status === 'open' || t.status === 'claimed';
  const light = active ? lightFor(t.dueAt, now, warnBeforeMs) : 'green';
  return {
    id: t.id,
    kind: t.kind,
    findingId: t.findingId,
    findingTitle: finding.title,
    findingCode: finding.code,
    roundId: t.roundId,
    unitId: t.unitId,
    role: t.role,
    roles: taskRoles(t),
    departmentId: t.departmentId,
    assigneeId: t.assigneeId,
    targetUserId: t.targetUserId,
    status: t.status,
    dueAt: t.dueAt,
    overdue: light === 'red',
    light,
    escalationLevel: t.escalationLevel,
    subjectTaskId: t.subjectTaskId,
    cycle: t.cycle,
    createdAt: t.createdAt,
    completedAt: t.completedAt,
    completedBy: t.completedBy,
  };
}
