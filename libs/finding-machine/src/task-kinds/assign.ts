import type { AssignInput } from '@rectiflow/domain';
import type { FindingState, ProjectionOp } from '@rectiflow/contracts';
import { ok, type MachineContext } from '../machine-context';
import { event, notice } from '../projection-ops';
import type { OpenTask, TaskKindSpec } from '../task-kind-spec';
import { contributeTasksOn, openContributions } from './contribute';

/** 交办: the office names the responsible leader, the lead department and the deadline. */
export const assign: TaskKindSpec<'assign'> = {
  kind: 'assign',
  roles: ['office'],
  department: null,
  personal: false,
  stage: 'assign',
  escalates: true,
  due: 'step',
  validate: () => ok,
  complete: ({ state, input, actor, ctx, open }) => ({
    ops: applyAssignment(state, input, actor.userId, ctx, open),
  }),
};

/**
 * The assignment itself, also applied at creation when an import already names leader,
 * department and deadline (the finding then skips the assign step).
 */
export function applyAssignment(
  state: FindingState,
  input: AssignInput,
  actorId: string,
  ctx: MachineContext,
  open: OpenTask,
): ProjectionOp[] {
  const f = state.finding;
  f.responsibleLeaderId = input.responsibleLeaderId;
  f.leadDepartmentId = input.leadDepartmentId;
  f.coDepartmentIds = input.coDepartmentIds ?? [];
  f.dueAt = new Date(input.dueAt).toISOString();
  // Before assignment the flag is only ever the import's mark (false for older workflows), so
  // replaying an existing history computes the same value.
  f.longTerm = input.longTerm ?? f.longTerm;
  const ops: ProjectionOp[] = [
    event(ctx, actorId, 'finding.assigned', state, {
      responsibleLeaderId: f.responsibleLeaderId,
      leadDepartmentId: f.leadDepartmentId,
      coDepartmentIds: f.coDepartmentIds,
      dueAt: f.dueAt,
      longTerm: f.longTerm,
    }),
  ];
  ops.push(open('draft_measures'));
  // Each co-department's own part (asked of the workflow only when there are co-departments).
  if (f.coDepartmentIds.length > 0 && contributeTasksOn(ctx))
    ops.push(...openContributions(state, f.coDepartmentIds, input.coDepartmentDueAt, ctx, open));
  ops.push(
    notice(ctx, state, 'assigned', { findingTitle: f.title }, null, {
      roles: ['department'],
      departmentId: f.leadDepartmentId,
    }),
  );
  return ops;
}
