/**
 * Changes the office makes to a running finding (API.md "Daily work"): 改派 (reassign), 延期 (a
 * new deadline), a new title and 撤回 (withdrawal). Each is validated before anything is
 * written, takes a reason, and is an event in the finding's history.
 */
import { checkReturnAssignment, taskDueAt } from '@rectiflow/domain';
import {
  FAILURE,
  type DueDateChangeArgs,
  type FindingChangeArgs,
  type FindingState,
  type ProjectionOp,
  type ReassignArgs,
  type RetitleArgs,
} from '@rectiflow/contracts';
import { refreshEscalationLevel, rescheduleTask, resolveEscalation } from './escalation-records';
import { fail, invalid, iso, ok, type MachineContext, type Verdict } from './machine-context';
import { event, findingOp, notice, taskOp } from './projection-ops';
import { TASK_KIND_SPECS } from './task-kinds';
import { closeTask } from './task-records';
import { openTask } from './open-task';
import type { OpenTask } from './task-kind-spec';
import { cancelContributions, contributeTasksOn, openContributions } from './task-kinds/contribute';
import { cancelOrphanedOrders, issueSupervisionOrder } from './task-kinds/supervision-order';
import type { IssueSupervisionOrderArgs, StartLookBackArgs } from '@rectiflow/contracts';
import { applyStartLookBack } from './task-kinds/look-back';

function opener(state: FindingState, ctx: MachineContext): OpenTask {
  return (kind, options) => openTask(state, kind, ctx, options);
}

/** Who may change a finding and when: the office, with a reason, while it runs. */
function changeVerdict(state: FindingState, args: FindingChangeArgs): Verdict {
  if (!args.actor.roles.includes('office'))
    return fail(FAILURE.forbidden, 'only the office changes a running finding');
  if (typeof args.reason !== 'string' || args.reason.trim() === '')
    return invalid('reason: a change needs a reason');
  if (state.finding.withdrawn) return fail(FAILURE.conflict, 'the finding was withdrawn');
  if (state.finding.stage === 'closed') return fail(FAILURE.conflict, 'the finding is closed');
  return ok;
}

/** Leader, department and deadline exist only once the finding is assigned (交办). */
function assignedVerdict(state: FindingState): Verdict {
  if (state.finding.stage === 'assign' || !state.finding.leadDepartmentId)
    return fail(FAILURE.conflict, 'the finding is not assigned yet (its assign task sets this)');
  return ok;
}

export function validateReassign(state: FindingState, args: ReassignArgs): Verdict {
  const base = changeVerdict(state, args);
  if (!base.ok) return base;
  const assigned = assignedVerdict(state);
  if (!assigned.ok) return assigned;
  const { responsibleLeaderId, leadDepartmentId, coDepartmentIds } = args;
  if (
    responsibleLeaderId === undefined &&
    leadDepartmentId === undefined &&
    coDepartmentIds === undefined
  )
    return invalid('name a responsibleLeaderId, a leadDepartmentId or coDepartmentIds');
  const lead = leadDepartmentId ?? state.finding.leadDepartmentId;
  const co = coDepartmentIds ?? state.finding.coDepartmentIds;
  if (lead && co.includes(lead))
    return invalid('coDepartmentIds must not name the lead department');
  return ok;
}

export function validateDueDateChange(state: FindingState, args: DueDateChangeArgs): Verdict {
  const base = changeVerdict(state, args);
  if (!base.ok) return base;
  const assigned = assignedVerdict(state);
  if (!assigned.ok) return assigned;
  if (typeof args.dueAt !== 'string' || Number.isNaN(Date.parse(args.dueAt)))
    return invalid('dueAt: must be an ISO time');
  return ok;
}

export function validateRetitle(state: FindingState, args: RetitleArgs): Verdict {
  const base = changeVerdict(state, args);
  if (!base.ok) return base;
  if (typeof args.title !== 'string' || args.title.trim() === '')
    return invalid('title: must not be empty');
  return ok;
}

export function validateWithdraw(state: FindingState, args: FindingChangeArgs): Verdict {
  return changeVerdict(state, args);
}

/**
 * 改派: the lead department's open steps move to the new department (a claim on one is handed
 * back, its claimant being of the old one), the leader's personal steps to the new leader.
 */
export function applyReassign(
  state: FindingState,
  args: ReassignArgs,
  ctx: MachineContext,
): ProjectionOp[] {
  const f = state.finding;
  const from = {
    responsibleLeaderId: f.responsibleLeaderId,
    leadDepartmentId: f.leadDepartmentId,
    coDepartmentIds: [...f.coDepartmentIds],
  };
  if (args.responsibleLeaderId !== undefined) f.responsibleLeaderId = args.responsibleLeaderId;
  if (args.leadDepartmentId !== undefined) f.leadDepartmentId = args.leadDepartmentId;
  if (args.coDepartmentIds !== undefined) f.coDepartmentIds = [...new Set(args.coDepartmentIds)];
  const ops: ProjectionOp[] = [];
  const movedTaskIds: string[] = [];
  for (const task of state.tasks) {
    const spec = TASK_KIND_SPECS[task.kind];
    let moved = false;
    if (
      spec.department === 'lead' &&
      f.leadDepartmentId !== from.leadDepartmentId &&
      task.departmentId === from.leadDepartmentId
    ) {
      task.departmentId = f.leadDepartmentId;
      if (task.assigneeId) {
        task.assigneeId = null;
        task.status = 'open';
      }
      moved = true;
    }
    if (
      spec.personal &&
      f.responsibleLeaderId !== from.responsibleLeaderId &&
      task.targetUserId === from.responsibleLeaderId
    ) {
      task.targetUserId = f.responsibleLeaderId;
      moved = true;
    }
    if (moved) {
      ops.push(taskOp(task));
      movedTaskIds.push(task.id);
    }
  }
  // Co-departments taken off end their open part; those added get theirs (from the patch on).
  const added = f.coDepartmentIds.filter((d) => !from.coDepartmentIds.includes(d));
  ops.push(...cancelContributions(state, (d) => d !== null && f.coDepartmentIds.includes(d), ctx));
  if (added.length > 0 && contributeTasksOn(ctx))
    ops.push(...openContributions(state, added, args.coDepartmentDueAt, ctx, opener(state, ctx)));
  ops.push(
    event(ctx, args.actor.userId, 'finding.reassigned', state, {
      from,
      responsibleLeaderId: f.responsibleLeaderId,
      leadDepartmentId: f.leadDepartmentId,
      coDepartmentIds: [...f.coDepartmentIds],
      movedTaskIds,
      reason: args.reason.trim(),
    }),
  );
  if (f.leadDepartmentId && f.leadDepartmentId !== from.leadDepartmentId) {
    ops.push(
      notice(ctx, state, 'assigned', { findingTitle: f.title }, null, {
        roles: ['department'],
        departmentId: f.leadDepartmentId,
      }),
    );
  }
  ops.push(findingOp(state, ctx));
  return ops;
}

/**
 * 延期: the new deadline; the steps due at it (the evidence) follow it, a draft kept within it
 * is due again by its rule, and each moved step's reminder and escalation ladder start afresh
 * (its light follows the new date).
 */
export function applyDueDateChange(
  state: FindingState,
  args: DueDateChangeArgs,
  ctx: MachineContext,
): ProjectionOp[] {
  const f = state.finding;
  const previous = f.dueAt;
  const dueAt = new Date(args.dueAt).toISOString();
  f.dueAt = dueAt;
  const ops: ProjectionOp[] = [];
  for (const task of [...state.tasks]) {
    const spec = TASK_KIND_SPECS[task.kind];
    const rule = spec.due;
    if (rule !== 'finding_deadline' && rule !== 'step_within_deadline') continue;
    // A co-department's part the office gave its own date keeps it.
    if (spec.alongside && task.dueAt !== previous) continue;
    const due = taskDueAt(rule, Date.parse(task.createdAt), dueAt, ctx.timing);
    if (task.dueAt === due) continue;
    ops.push(...rescheduleTask(state, task, due, rule, ctx));
  }
  // A draft due earlier never pulls the deadline in (rescheduleTask only pushes it out).
  f.dueAt = dueAt;
  refreshEscalationLevel(state);
  ops.push(
    event(ctx, args.actor.userId, 'finding.due_changed', state, {
      from: previous,
      dueAt,
      reason: args.reason.trim(),
    }),
  );
  ops.push(findingOp(state, ctx));
  return ops;
}

/** A new title; the earlier one stays in the history. */
export function applyRetitle(
  state: FindingState,
  args: RetitleArgs,
  ctx: MachineContext,
): ProjectionOp[] {
  const f = state.finding;
  const from = f.title;
  f.title = args.title.trim();
  return [
    event(ctx, args.actor.userId, 'finding.retitled', state, {
      from,
      title: f.title,
      reason: args.reason.trim(),
    }),
    findingOp(state, ctx),
  ];
}

/**
 * 撤回: every open step is cancelled (the finding leaves every inbox), its escalation ladders
 * end, and no look-back follows; the finding stays in the ledger, marked withdrawn.
 */
export function applyWithdraw(
  state: FindingState,
  args: FindingChangeArgs,
  ctx: MachineContext,
): ProjectionOp[] {
  const f = state.finding;
  const reason = args.reason.trim();
  const ops: ProjectionOp[] = [];
  for (const task of [...state.tasks]) {
    if (!state.tasks.includes(task)) continue; // cancelled with the task it escalated
    ops.push(...resolveEscalation(state, task, ctx));
    if (state.tasks.includes(task)) ops.push(closeTask(state, task, 'cancelled', null, ctx));
  }
  for (const record of Object.values(state.escalations)) {
    if (record.status !== 'open') continue;
    record.status = 'resolved';
    record.resolvedAt = iso(ctx.nowMs);
    ops.push({ op: 'escalation', row: record });
  }
  ops.push(...cancelOrphanedOrders(state, ctx));
  refreshEscalationLevel(state);
  state.lookBackAt = null;
  f.withdrawn = true;
  f.withdrawnReason = reason;
  ops.push(event(ctx, args.actor.userId, 'finding.withdrawn', state, { reason }));
  ops.push(findingOp(state, ctx));
  return ops;
}

/**
 * 退回交办: the lead department's clerk or head hands the assignment back before the measures
 * are approved, with a reason (the rule is libs/domain's, shared with the API).
 */
export function validateReturnAssignment(state: FindingState, args: FindingChangeArgs): Verdict {
  const verdict = checkReturnAssignment(args.actor, state.finding);
  if (!verdict.ok)
    return fail(
      verdict.reason === 'forbidden' ? FAILURE.forbidden : FAILURE.conflict,
      verdict.message,
    );
  if (typeof args.reason !== 'string' || args.reason.trim() === '')
    return invalid('reason: returning the assignment needs a reason');
  return ok;
}

/**
 * The finding goes back to awaiting assignment: every open step (the department's, the
 * leader's approval, the co-departments' parts, their escalations) is cancelled, the
 * assignment is cleared and the office gets an assign task again; the office is told why.
 */
export function applyReturnAssignment(
  state: FindingState,
  args: FindingChangeArgs,
  ctx: MachineContext,
): ProjectionOp[] {
  const f = state.finding;
  const reason = args.reason.trim();
  const ops: ProjectionOp[] = [];
  for (const task of [...state.tasks]) {
    if (!state.tasks.includes(task)) continue; // cancelled with the task it escalated
    ops.push(...resolveEscalation(state, task, ctx));
    if (state.tasks.includes(task)) ops.push(closeTask(state, task, 'cancelled', null, ctx));
  }
  for (const record of Object.values(state.escalations)) {
    if (record.status !== 'open') continue;
    record.status = 'resolved';
    record.resolvedAt = iso(ctx.nowMs);
    ops.push({ op: 'escalation', row: record });
  }
  const from = {
    responsibleLeaderId: f.responsibleLeaderId,
    leadDepartmentId: f.leadDepartmentId,
    coDepartmentIds: [...f.coDepartmentIds],
    dueAt: f.dueAt,
  };
  f.responsibleLeaderId = null;
  f.leadDepartmentId = null;
  f.coDepartmentIds = [];
  f.dueAt = null;
  ops.push(...cancelOrphanedOrders(state, ctx));
  ops.push(opener(state, ctx)('assign'));
  refreshEscalationLevel(state);
  ops.push(event(ctx, args.actor.userId, 'finding.returned', state, { from, reason }));
  ops.push(
    notice(ctx, state, 'assignment_returned', { findingTitle: f.title, comment: reason }, null, {
      roles: ['office'],
    }),
  );
  ops.push(findingOp(state, ctx));
  return ops;
}

/** 督办单: the department's `supervision_order` task, opened beside the finding's steps. */
export function applyIssueSupervisionOrder(
  state: FindingState,
  args: IssueSupervisionOrderArgs,
  ctx: MachineContext,
): ProjectionOp[] {
  return issueSupervisionOrder(state, args, ctx, opener(state, ctx));
}

/** 立即回头看: the look-back task opened now (see task-kinds/look-back). */
export function applyLookBackNow(
  state: FindingState,
  args: StartLookBackArgs,
  ctx: MachineContext,
): ProjectionOp[] {
  return applyStartLookBack(state, args, ctx, opener(state, ctx));
}
