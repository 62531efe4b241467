import { ok } from '../machine-context';
import type { TaskKindSpec } from '../task-kind-spec';

/** 制定整改措施: the lead department writes the measures ("一是…二是…"). */
export const draftMeasures: TaskKindSpec<'draft_measures'> = {
  kind: 'draft_measures',
  roles: ['department'],
  department: 'lead',
  personal: false,
  stage: 'draft_measures',
  escalates: true,
  due: 'step_within_deadline',
  validate: () => ok,
  complete: ({ state, input, ctx, open }) => {
    const f = state.finding;
    state.measures = input.measures.map((m, i) => ({
      id: ctx.newId(),
      findingId: f.id,
      cycle: f.cycle,
      seq: i + 1,
      text: m.text.trim(),
      ownerDepartmentId: m.ownerDepartmentId ?? f.leadDepartmentId,
      dueAt: m.dueAt ? new Date(m.dueAt).toISOString() : f.dueAt,
      done: false,
    }));
    return {
      ops: [
        { op: 'measures', findingId: f.id, cycle: f.cycle, rows: state.measures },
        open('approve_measures'),
      ],
    };
  },
};
