import type { ProjectionOp } from '@rectiflow/contracts';
import { ok } from '../machine-context';
import { notice, reviewOp } from '../projection-ops';
import type { TaskKindSpec } from '../task-kind-spec';

/**
 * 审批整改措施: the responsible leader approves the measures (review level 0) or sends them
 * back to the department. Approved, a long-term item starts reporting by stages; any other
 * finding goes on to its evidence.
 */
export const approveMeasures: TaskKindSpec<'approve_measures'> = {
  kind: 'approve_measures',
  roles: ['leader'],
  department: null,
  personal: true,
  stage: 'approve_measures',
  escalates: true,
  due: 'step',
  validate: () => ok,
  complete: ({ state, input, actor, ctx, open }) => {
    const f = state.finding;
    const ops: ProjectionOp[] = [reviewOp(state, 0, input, actor.userId, ctx)];
    if (input.decision === 'reject') {
      ops.push(open('draft_measures'));
      ops.push(
        notice(
          ctx,
          state,
          'measures_sent_back',
          { findingTitle: f.title, comment: input.comment ?? '' },
          null,
          { roles: ['department'], departmentId: f.leadDepartmentId },
        ),
      );
    } else if (f.longTerm) {
      ops.push(open('stage_report'));
    } else {
      ops.push(open('submit_evidence'));
    }
    return { ops };
  },
};
