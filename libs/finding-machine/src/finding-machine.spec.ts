import {
  applyClaim,
  applyRelease,
  applyTimerEvent,
  dueTimerEvent,
  nextTimerEvent,
  validateClaim,
} from './index';
import { Harness, MIN, T0, dept1, dept2, due, iso, leader, timing } from './test-support/harness';

describe('creation and due times', () => {
  it('starts an unassigned finding at assign, due one step after it opens', () => {
    const h = new Harness().create({ assigned: false });
    expect(h.state.finding.stage).toBe('assign');
    expect(h.task('assign')).toMatchObject({
      roles: ['office'],
      departmentId: null,
      dueAt: iso(T0 + timing.stepDueMs),
    });
    expect(h.events()).toEqual(['finding.created']);
  });

  it('skips assign when leader, department and deadline are known; the draft is due a step later', () => {
    const h = new Harness().create();
    expect(h.state.finding).toMatchObject({
      stage: 'draft_measures',
      leadDepartmentId: 'D1',
      responsibleLeaderId: leader.userId,
    });
    expect(h.task('draft_measures')).toMatchObject({
      departmentId: 'D1',
      dueAt: iso(T0 + timing.stepDueMs),
    });
    expect(h.notices().map((n) => n.kind)).toEqual(['assigned']);
    const finding = h.ops.find((op) => op.op === 'finding');
    expect(finding?.op === 'finding' && finding.row.nextDueAt).toBe(iso(T0 + timing.stepDueMs));
  });

  it('never lets the draft be due after the finding itself', () => {
    const h = new Harness().create({ dueInMs: 4 * MIN });
    expect(h.task('draft_measures').dueAt).toBe(iso(T0 + 4 * MIN));
  });

  it('makes the evidence step due at the finding’s deadline', () => {
    const h = new Harness().create({ dueInMs: 45 * MIN });
    h.approveMeasures();
    expect(h.state.finding.stage).toBe('evidence');
    expect(h.task('submit_evidence').dueAt).toBe(iso(T0 + 45 * MIN));
  });
});

describe('claim and release', () => {
  it('claims for one person and releases back to open', () => {
    const h = new Harness().create();
    const t = h.task('draft_measures');
    expect(validateClaim(h.state, { taskId: t.id, actor: dept2 })).toMatchObject({
      ok: false,
      type: 'Forbidden',
    });
    applyClaim(h.state, { taskId: t.id, actor: dept1 }, h.ctx());
    expect(t).toMatchObject({ status: 'claimed', assigneeId: dept1.userId });
    expect(validateClaim(h.state, { taskId: t.id, actor: dept1 })).toMatchObject({
      ok: false,
      type: 'Conflict',
    });
    applyRelease(h.state, { taskId: t.id, actor: dept1 }, h.ctx());
    expect(t).toMatchObject({ status: 'open', assigneeId: null });
  });
});

describe('reminders', () => {
  it('reminds the holders and the responsible leader once, when the task turns yellow', () => {
    const h = new Harness().create();
    const draft = h.task('draft_measures');
    expect(nextTimerEvent(h.state, timing)).toEqual({
      type: 'remind',
      at: due(draft) - timing.warnBeforeMs,
      taskId: draft.id,
    });
    expect(dueTimerEvent(h.state, timing, due(draft) - timing.warnBeforeMs - 1)).toBeNull();
    expect(h.advanceTo(due(draft) - timing.warnBeforeMs - 1)).toEqual([]);

    h.advanceTo(due(draft) - timing.warnBeforeMs);
    const [reminder] = h.notices();
    expect(reminder).toMatchObject({ kind: 'reminder', taskId: draft.id, title: '临期提醒' });
    expect(reminder.to).toEqual([
      { roles: ['department'], departmentId: 'D1' },
      { userIds: [leader.userId] },
    ]);
    expect(h.events()).toEqual(['task.reminded']);
    // Next is the escalation, not a second reminder.
    expect(nextTimerEvent(h.state, timing)).toMatchObject({ type: 'escalate', level: 1 });
  });

  it('reminds the claimant rather than the whole department', () => {
    const h = new Harness().create();
    const draft = h.task('draft_measures');
    applyClaim(h.state, { taskId: draft.id, actor: dept1 }, h.ctx());
    h.advanceTo(due(draft) - timing.warnBeforeMs);
    expect(h.notices()[0].to).toEqual([{ userIds: [dept1.userId] }, { userIds: [leader.userId] }]);
  });

  it('says a step is already overdue when its reminder comes late', () => {
    const h = new Harness().create();
    const draft = h.task('draft_measures');
    h.now = due(draft) + 1;
    const event = dueTimerEvent(h.state, timing, h.now);
    expect(event).toMatchObject({ type: 'remind' });
    const ops = applyTimerEvent(h.state, event!, h.ctx());
    expect(h.notices(ops)[0].title).toBe('逾期提醒');
  });
});
