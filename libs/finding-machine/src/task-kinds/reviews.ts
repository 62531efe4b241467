import type { Role, TaskKind } from '@rectiflow/domain';
import type { ProjectionOp } from '@rectiflow/contracts';
import { iso, ok } from '../machine-context';
import { event, notice, reviewOp } from '../projection-ops';
import { cancelContributions } from './contribute';
import type { TaskKindSpec } from '../task-kind-spec';

type ReviewKind = 'review_1' | 'review_2' | 'review_3';

/**
 * 三级审核验收: the lead department's head (level 1), the responsible leader (level 2) and the
 * committee or its office (level 3) each approve the evidence or send it back to the
 * department with a comment; level 3's approval closes the finding (对账销号) and schedules
 * the look-back.
 */
function reviewLevel<K extends ReviewKind>(
  kind: K,
  level: 1 | 2 | 3,
  who: { roles: readonly Role[]; department: 'lead' | null; personal: boolean },
  next: TaskKind | null,
): TaskKindSpec<K> {
  return {
    kind,
    ...who,
    stage: kind,
    escalates: true,
    due: 'step',
    validate: () => ok,
    complete: ({ state, input, actor, ctx, open }) => {
      const f = state.finding;
      const ops: ProjectionOp[] = [reviewOp(state, level, input, actor.userId, ctx)];
      if (input.decision === 'reject') {
        f.sentBackCount += 1;
        state.sendBackComments.push({ level, comment: input.comment ?? '' });
        ops.push(open('submit_evidence'));
        ops.push(
          notice(
            ctx,
            state,
            'evidence_sent_back',
            { findingTitle: f.title, level, comment: input.comment ?? '' },
            null,
            { roles: ['department'], departmentId: f.leadDepartmentId },
          ),
        );
        return { ops };
      }
      if (next) {
        ops.push(open(next));
        return { ops };
      }
      f.stage = 'closed';
      f.closedAt = iso(ctx.nowMs);
      // A co-department's part still open ends with the finding (none in older histories).
      ops.push(...cancelContributions(state, () => false, ctx));
      state.lookBackAt = iso(ctx.nowMs + ctx.timing.lookBackAfterMs);
      ops.push(
        event(ctx, actor.userId, 'finding.closed', state, {
          closedAt: f.closedAt,
          lookBackAt: state.lookBackAt,
        }),
      );
      return { ops };
    },
  };
}

export const review1 = reviewLevel(
  'review_1',
  1,
  { roles: ['department_head'], department: 'lead', personal: false },
  'review_2',
);

export const review2 = reviewLevel(
  'review_2',
  2,
  { roles: ['leader'], department: null, personal: true },
  'review_3',
);

export const review3 = reviewLevel(
  'review_3',
  3,
  { roles: ['office', 'committee'], department: null, personal: false },
  null,
);
