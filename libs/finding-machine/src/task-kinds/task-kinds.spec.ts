import { TASK_KINDS, taskDueAt, type Timing } from '@rectiflow/domain';
import { TASK_KIND_SPECS } from './index';

const day = 86_400_000;
const timing: Timing = {
  warnBeforeMs: 10 * day,
  escalateAfterMs: 0,
  escalationIntervalMs: 7 * day,
  stepDueMs: 15 * day,
  stageReportEveryMs: 30 * day,
  lookBackAfterMs: 180 * day,
};
const opened = Date.parse('2025-03-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const dueOf = (kind: keyof typeof TASK_KIND_SPECS, findingDue: number | null) =>
  taskDueAt(
    TASK_KIND_SPECS[kind].due,
    opened,
    findingDue === null ? null : iso(findingDue),
    timing,
  );

describe('the task-kind registry', () => {
  it('has a spec for every kind, filed under its own name, with at least one acting role', () => {
    expect(Object.keys(TASK_KIND_SPECS).sort()).toEqual([...TASK_KINDS].sort());
    for (const kind of TASK_KINDS) {
      expect(TASK_KIND_SPECS[kind].kind).toBe(kind);
      expect(TASK_KIND_SPECS[kind].roles.length).toBeGreaterThan(0);
    }
  });

  it('gives department roles only to steps of a department (the lead, or a named one)', () => {
    for (const kind of TASK_KINDS) {
      const { roles, department } = TASK_KIND_SPECS[kind];
      const departmental = roles.some((r) => r === 'department' || r === 'department_head');
      expect({ kind, departmental }).toEqual({ kind, departmental: department !== null });
    }
    expect(TASK_KIND_SPECS.contribute.department).toBe('named');
    expect(TASK_KIND_SPECS.supervision_order.department).toBe('named');
  });

  it('makes the leader’s approval and level-2 review personal steps of the responsible leader', () => {
    const personal = TASK_KINDS.filter((k) => TASK_KIND_SPECS[k].personal);
    expect(personal).toEqual(['approve_measures', 'review_2']);
  });

  it('lets every step but the supervisor’s own and a co-department’s part climb the escalation ladder', () => {
    const quiet = TASK_KINDS.filter((k) => !TASK_KIND_SPECS[k].escalates);
    expect(quiet).toEqual([
      'escalation',
      'look_back',
      'contribute',
      'supervision_order',
      'supervision_order_review',
    ]);
  });

  it('moves the finding to each step’s stage, except for the supervisor’s steps beside it', () => {
    expect(Object.fromEntries(TASK_KINDS.map((k) => [k, TASK_KIND_SPECS[k].stage]))).toEqual({
      assign: 'assign',
      draft_measures: 'draft_measures',
      approve_measures: 'approve_measures',
      submit_evidence: 'evidence',
      review_1: 'review_1',
      review_2: 'review_2',
      review_3: 'review_3',
      stage_report: 'long_term',
      escalation: null,
      look_back: null,
      contribute: null,
      supervision_order: null,
      supervision_order_review: null,
    });
  });

  it('puts the evidence and the co-departments’ parts at the finding’s due time and keeps the draft within it', () => {
    expect(dueOf('submit_evidence', opened + 40 * day)).toBe(iso(opened + 40 * day));
    expect(dueOf('contribute', opened + 40 * day)).toBe(iso(opened + 40 * day));
    expect(dueOf('draft_measures', opened + 40 * day)).toBe(iso(opened + 15 * day));
    expect(dueOf('draft_measures', opened + 5 * day)).toBe(iso(opened + 5 * day));
  });

  it('ends a stage report with its period and every other step one STEP_DUE after it opens', () => {
    expect(dueOf('stage_report', null)).toBe(iso(opened + 30 * day));
    for (const kind of TASK_KINDS.filter(
      // A supervision order is always opened with the due date its issuer gave.
      (k) =>
        ![
          'submit_evidence',
          'draft_measures',
          'stage_report',
          'contribute',
          'supervision_order',
        ].includes(k),
    )) {
      expect({ kind, due: dueOf(kind, opened + day) }).toEqual({
        kind,
        due: iso(opened + 15 * day),
      });
    }
  });
});
