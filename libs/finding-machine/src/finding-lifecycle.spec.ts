import { FAILURE } from '@rectiflow/contracts';
import type { Actor } from '@rectiflow/domain';
import { nextStageReportDue, nextTimerEvent, validateClaim, validateCompletion } from './index';
import type { MachineContext } from './machine-context';
import {
  Harness,
  MIN,
  T0,
  committee,
  dept1,
  dept1head,
  due,
  iso,
  leader,
  office,
  supervisor,
  timing,
} from './test-support/harness';

describe('send-backs', () => {
  it('a rejected draft or review notifies the lead department', () => {
    const h = new Harness().create();
    h.complete('draft_measures', dept1, { measures: [{ text: '一是…' }] });
    expect(h.refusal('approve_measures', leader, { decision: 'reject' })).toMatch(/comment/);
    h.complete('approve_measures', leader, { decision: 'reject', comment: '不具体' });
    expect(h.notices()).toEqual([
      expect.objectContaining({
        kind: 'send_back',
        to: [{ roles: ['department'], departmentId: 'D1' }],
      }),
    ]);
    h.approveMeasures();
    const measuresDone = h.state.measures.map((m) => m.id);
    h.complete('submit_evidence', dept1, { report: '已整改', evidenceIds: ['e1'], measuresDone });
    h.complete('review_1', dept1head, { decision: 'reject', comment: '材料不全' });
    expect(h.state.finding).toMatchObject({ stage: 'evidence', sentBackCount: 1 });
    expect(h.notices()[0]).toMatchObject({ kind: 'send_back', title: '整改材料被退回' });
  });

  /** An assigned finding with approved measures and its evidence submitted (at review_1). */
  function submitted(): Harness {
    const h = new Harness().create();
    h.approveMeasures();
    const measuresDone = h.state.measures.map((m) => m.id);
    h.complete('submit_evidence', dept1, { report: '已整改', evidenceIds: ['e1'], measuresDone });
    return h;
  }

  it.each([
    ['review_2', 2],
    ['review_3', 3],
  ] as const)(
    'a %s reject sends the evidence back to the department, never on to closure',
    (kind, level) => {
      const h = submitted();
      h.complete('review_1', dept1head, { decision: 'approve' });
      if (kind === 'review_3') h.complete('review_2', leader, { decision: 'approve' });
      const reviewer = kind === 'review_2' ? leader : committee;
      expect(h.refusal(kind, reviewer, { decision: 'reject' })).toMatch(/comment/);
      h.complete(kind, reviewer, { decision: 'reject', comment: '佐证不足' });

      expect(h.state.finding).toMatchObject({
        stage: 'evidence',
        sentBackCount: 1,
        closedAt: null,
      });
      expect(h.state.lookBackAt).toBeNull();
      expect(h.state.tasks.map((t) => t.kind)).toEqual(['submit_evidence']);
      expect(h.state.sendBackComments).toEqual([{ level, comment: '佐证不足' }]);
      expect(h.events()).not.toContain('finding.closed');
      expect(h.ops.find((op) => op.op === 'review')).toMatchObject({
        row: { level, decision: 'reject', comment: '佐证不足', reviewerId: reviewer.userId },
      });
      expect(h.notices()).toEqual([
        expect.objectContaining({
          kind: 'send_back',
          code: 'evidence_sent_back',
          params: { findingTitle: '学习不深入', level, comment: '佐证不足' },
          body: `问题“学习不深入”在第${level}级审核被退回：佐证不足`,
          to: [{ roles: ['department'], departmentId: 'D1' }],
        }),
      ]);

      // The resubmitted evidence starts the three levels again, from level 1.
      const measuresDone = h.state.measures.map((m) => m.id);
      h.complete('submit_evidence', dept1, { report: '已补充', evidenceIds: ['e2'], measuresDone });
      expect(h.state.finding.stage).toBe('review_1');
      expect(h.state.sendBackComments).toEqual([]);
    },
  );
});

describe('long-term items', () => {
  it('refuses a stage report on a finding that is not long-term', () => {
    const h = new Harness().create();
    h.approveMeasures();
    // A stage_report task only exists on long-term items; the rule guards the state itself.
    const evidence = h.task('submit_evidence');
    h.state.tasks.push({ ...evidence, id: 'forged', kind: 'stage_report' });
    expect(
      validateCompletion(
        h.state,
        { taskId: 'forged', actor: dept1, input: { report: 'x' } },
        h.now,
      ),
    ).toMatchObject({
      ok: false,
      type: 'InvalidInput',
      message: expect.stringMatching(/long-term/),
    });
  });

  it('reports every period on a fixed schedule until the final stage, then reviews and closes', () => {
    const h = new Harness().create({ longTerm: true, dueInMs: 500 * MIN });
    h.now += MIN;
    h.approveMeasures();
    const approvedAt = h.now;
    expect(h.state.finding.stage).toBe('long_term');
    const first = h.task('stage_report');
    expect(first.dueAt).toBe(iso(approvedAt + timing.stageReportEveryMs));

    // Reporting early keeps the schedule: the next report is due a period after the first.
    h.now = approvedAt + 5 * MIN;
    h.complete('stage_report', dept1, { report: '第一阶段完成' });
    const second = h.task('stage_report');
    expect(second.dueAt).toBe(iso(approvedAt + 2 * timing.stageReportEveryMs));
    expect(h.ops.find((op) => op.op === 'stageReport')).toMatchObject({
      row: { seq: 1, finalStage: false },
    });

    // The second is late: it escalates on its own ladder, and reporting ends that ladder.
    h.advanceTo(due(second) + timing.escalateAfterMs);
    expect(h.task('escalation').subjectTaskId).toBe(second.id);
    h.complete('stage_report', dept1, { report: '第二阶段完成' });
    expect(h.has('escalation')).toBe(false);
    expect(h.task('stage_report').dueAt).toBe(iso(approvedAt + 3 * timing.stageReportEveryMs));

    h.complete('stage_report', dept1, { report: '全部完成', finalStage: true });
    expect(h.state.finding.stage).toBe('review_1');
    expect(h.state.measures.every((m) => m.done)).toBe(true);
    h.reviewsToClosure();
    expect(h.state.finding.stage).toBe('closed');
  });

  it('a report more than a period late is next due at the end of the running period', () => {
    const ctx: MachineContext = { nowMs: T0 + 45 * MIN, newId: () => 'x', timing };
    expect(nextStageReportDue(iso(T0), ctx)).toBe(iso(T0 + 60 * MIN));
    expect(nextStageReportDue(iso(T0), { ...ctx, nowMs: T0 + 40 * MIN })).toBe(iso(T0 + 60 * MIN));
    expect(nextStageReportDue(iso(T0), { ...ctx, nowMs: T0 + 39 * MIN })).toBe(iso(T0 + 40 * MIN));
  });
});

describe('look-back and reopen', () => {
  function closed() {
    const h = new Harness().create({ dueInMs: 60 * MIN });
    h.now += 5 * MIN;
    h.approveMeasures();
    h.complete('submit_evidence', dept1, {
      report: '已整改',
      evidenceIds: ['e1'],
      measuresDone: h.state.measures.map((m) => m.id),
    });
    h.reviewsToClosure();
    return h;
  }

  it('opens a look-back task for supervisor and office LOOK_BACK_AFTER after closure', () => {
    const h = closed();
    const closedAt = h.now;
    expect(h.state.finding).toMatchObject({ stage: 'closed', closedAt: iso(closedAt) });
    expect(h.state.tasks).toEqual([]);
    expect(h.advanceTo(closedAt + timing.lookBackAfterMs - 1)).toEqual([]);
    h.advanceTo(closedAt + timing.lookBackAfterMs);
    expect(h.task('look_back')).toMatchObject({ roles: ['supervisor', 'office'] });
    expect(h.state.finding.stage).toBe('closed');
  });

  it('holds: the check is recorded and the finding stays closed', () => {
    const h = closed();
    h.advanceTo(h.now + timing.lookBackAfterMs);
    expect(h.complete('look_back', supervisor, { outcome: 'holds', comment: '未反弹' })).toEqual({
      continueAsNew: false,
    });
    expect(h.ops.find((op) => op.op === 'lookBack')).toMatchObject({
      row: { outcome: 'holds', cycle: 1 },
    });
    expect(h.state.finding.stage).toBe('closed');
    expect(nextTimerEvent(h.state, timing)).toBeNull();
  });

  it('relapsed: reopens at draft_measures in cycle 2 with the same lead department and a future deadline', () => {
    const h = closed();
    h.advanceTo(h.now + timing.lookBackAfterMs + 30 * MIN);
    const oldMeasures = h.state.measures.map((m) => m.id);
    expect(h.complete('look_back', office, { outcome: 'relapsed', comment: '反弹回潮' })).toEqual({
      continueAsNew: true,
    });
    const f = h.state.finding;
    expect(f).toMatchObject({
      stage: 'draft_measures',
      cycle: 2,
      leadDepartmentId: 'D1',
      closedAt: null,
      escalationLevel: 0,
    });
    expect(Date.parse(f.dueAt as string)).toBe(h.now + 60 * MIN);
    expect(h.task('draft_measures')).toMatchObject({
      departmentId: 'D1',
      cycle: 2,
      dueAt: iso(h.now + timing.stepDueMs),
    });
    expect(
      h.state.measures.every((m) => m.cycle === 2 && !m.done && !oldMeasures.includes(m.id)),
    ).toBe(true);
    expect(h.events()).toContain('finding.reopened');
    expect(h.notices().map((n) => n.kind)).toContain('relapse');
  });
});

describe('separation of duties in the machine', () => {
  // One person holding every role of the cycle (the lead department's staff and head, the
  // responsible leader, the office): the machine refuses each step that checks their own work.
  const everyone: Actor = {
    userId: leader.userId,
    roles: ['department', 'department_head', 'leader', 'office'],
    departmentId: 'D1',
  };

  it('refuses the drafter the approval, the submitter the reviews, and a second review level', () => {
    const h = new Harness().create();
    h.complete('draft_measures', everyone, { measures: [{ text: '一是…' }] });
    expect(h.refusal('approve_measures', everyone, { decision: 'approve' })).toMatch(
      /起草整改措施.*drafted the measures/,
    );
    expect(
      validateClaim(h.state, { taskId: h.task('approve_measures').id, actor: everyone }),
    ).toMatchObject({
      ok: false,
      type: FAILURE.separationOfDuties,
    });
    // Drafted by the department's staff instead: the same person (the leader) may approve.
    const g = new Harness().create();
    g.complete('draft_measures', dept1, { measures: [{ text: '一是…' }] });
    expect(g.refusal('approve_measures', everyone, { decision: 'approve' })).toBeNull();
    g.complete('approve_measures', everyone, { decision: 'approve' });
    const measuresDone = g.state.measures
      .filter((m) => m.cycle === g.state.finding.cycle)
      .map((m) => m.id);
    g.complete('submit_evidence', everyone, {
      report: '已整改',
      evidenceIds: ['e1'],
      measuresDone,
    });
    expect(g.refusal('review_1', everyone, { decision: 'approve' })).toMatch(/提交佐证材料/);
    // Sent back by the head and submitted again by the staff: the same person may now review,
    // once.
    g.complete('review_1', dept1head, { decision: 'reject', comment: '材料不全' });
    g.complete('submit_evidence', dept1, { report: '已整改', evidenceIds: ['e1'], measuresDone });
    g.complete('review_1', everyone, { decision: 'approve' });
    expect(g.refusal('review_2', everyone, { decision: 'approve' })).toMatch(
      /三级审核验收中的两级/,
    );
    expect(g.state.duties).toMatchObject({
      evidenceSubmittedBy: dept1.userId,
      reviewedBy: { review_1: everyone.userId },
    });
  });

  it('refuses nobody on a state from before the record was kept', () => {
    const h = new Harness().create();
    h.complete('draft_measures', everyone, { measures: [{ text: '一是…' }] });
    delete h.state.duties;
    expect(h.refusal('approve_measures', everyone, { decision: 'approve' })).toBeNull();
  });
});
