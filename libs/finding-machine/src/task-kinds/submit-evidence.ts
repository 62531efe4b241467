import { invalid, ok } from '../machine-context';
import type { TaskKindSpec } from '../task-kind-spec';

/**
 * 提交佐证材料: the lead department reports every measure of the cycle done, with its 整改报告
 * and at least one evidence file; the three-level review follows.
 */
export const submitEvidence: TaskKindSpec<'submit_evidence'> = {
  kind: 'submit_evidence',
  roles: ['department'],
  department: 'lead',
  personal: false,
  stage: 'evidence',
  escalates: true,
  due: 'finding_deadline',
  validate: (state, input) => {
    const done = new Set(input.measuresDone);
    const current = state.measures.filter((m) => m.cycle === state.finding.cycle);
    const unknown = [...done].filter((id) => !current.some((m) => m.id === id));
    if (unknown.length > 0)
      return invalid(`measuresDone names unknown measures: ${unknown.join(', ')}`);
    const missing = current.filter((m) => !done.has(m.id));
    if (missing.length > 0) {
      return invalid(
        `measuresDone must list every measure; missing ${missing.map((m) => m.seq).join(', ')}`,
      );
    }
    return ok;
  },
  complete: ({ state, input, open }) => {
    const f = state.finding;
    for (const m of state.measures) if (m.cycle === f.cycle) m.done = true;
    f.lastReport = input.report;
    state.sendBackComments = [];
    return {
      ops: [
        { op: 'measures', findingId: f.id, cycle: f.cycle, rows: state.measures },
        open('review_1'),
      ],
    };
  },
};
