import {
  applyDueDateChange,
  applyReassign,
  applyRetitle,
  applyWithdraw,
  nextTimerEvent,
  validateDueDateChange,
  validateReassign,
  validateRetitle,
  validateWithdraw,
} from './index';
import { Harness, MIN, T0, dept1, iso, leader, office, timing } from './test-support/harness';

const reason = '机构调整';

describe('changes on a running finding', () => {
  it('lets only the office change it, with a reason, while it runs', () => {
    const h = new Harness().create();
    expect(validateWithdraw(h.state, { actor: dept1, reason })).toMatchObject({
      ok: false,
      type: 'Forbidden',
    });
    expect(validateRetitle(h.state, { actor: office, reason: '  ', title: 'x' })).toMatchObject({
      ok: false,
      type: 'InvalidInput',
    });
    expect(validateReassign(h.state, { actor: office, reason })).toMatchObject({
      ok: false,
      type: 'InvalidInput',
    });
    const unassigned = new Harness().create({ assigned: false });
    expect(
      validateDueDateChange(unassigned.state, { actor: office, reason, dueAt: iso(T0) }),
    ).toMatchObject({ ok: false, type: 'Conflict' });
    h.state.finding.stage = 'closed';
    expect(validateRetitle(h.state, { actor: office, reason, title: 'x' })).toMatchObject({
      ok: false,
      type: 'Conflict',
    });
  });

  it('moves the lead department’s open steps and the leader’s own steps on 改派', () => {
    const h = new Harness().create();
    h.complete('draft_measures', dept1, { measures: [{ text: '一是建立学习制度' }] });
    // approve_measures is the leader's own step.
    expect(h.task('approve_measures').targetUserId).toBe(leader.userId);
    const args = {
      actor: office,
      reason,
      responsibleLeaderId: 'u-leader2',
      leadDepartmentId: 'D2',
    };
    expect(validateReassign(h.state, args)).toEqual({ ok: true });
    const ops = applyReassign(h.state, args, h.ctx());
    expect(h.task('approve_measures').targetUserId).toBe('u-leader2');
    expect(h.state.finding).toMatchObject({
      leadDepartmentId: 'D2',
      responsibleLeaderId: 'u-leader2',
    });
    expect(h.events(ops)).toEqual(['finding.reassigned']);
    expect(h.notices(ops).map((n) => n.to)).toEqual([
      [{ roles: ['department'], departmentId: 'D2' }],
    ]);

    const g = new Harness().create();
    applyReassign(g.state, { actor: office, reason, leadDepartmentId: 'D2' }, g.ctx());
    expect(g.task('draft_measures').departmentId).toBe('D2');
  });

  it('moves the deadline, the evidence step and its timers on 延期', () => {
    const h = new Harness().create({ dueInMs: 45 * MIN });
    h.approveMeasures();
    h.advanceTo(T0 + 44 * MIN); // reminded (yellow) already
    expect(h.task('submit_evidence').reminded).toBe(true);
    const dueAt = iso(T0 + 120 * MIN);
    const ops = applyDueDateChange(h.state, { actor: office, reason, dueAt }, h.ctx());
    expect(h.state.finding.dueAt).toBe(dueAt);
    expect(h.task('submit_evidence')).toMatchObject({ dueAt, reminded: false });
    expect(h.events(ops)).toEqual(['task.rescheduled', 'finding.due_changed']);
    expect(nextTimerEvent(h.state, timing)).toMatchObject({
      type: 'remind',
      at: T0 + 120 * MIN - timing.warnBeforeMs,
    });
  });

  it('keeps the earlier title in the history', () => {
    const h = new Harness().create();
    const ops = applyRetitle(h.state, { actor: office, reason, title: ' 新标题 ' }, h.ctx());
    expect(h.state.finding.title).toBe('新标题');
    const e = ops.find((op) => op.op === 'event');
    expect(e?.op === 'event' && e.event.data).toMatchObject({
      from: '学习不深入',
      title: '新标题',
    });
  });

  it('cancels every open step on 撤回, ends escalations and refuses changes after', () => {
    const h = new Harness().create();
    h.advanceTo(T0 + 12 * MIN); // the draft is late: escalated
    expect(h.state.tasks.map((t) => t.kind).sort()).toEqual(['draft_measures', 'escalation']);
    const ops = applyWithdraw(h.state, { actor: office, reason }, h.ctx());
    expect(h.state.tasks).toEqual([]);
    expect(h.state.finding).toMatchObject({
      withdrawn: true,
      withdrawnReason: reason,
      escalationLevel: 0,
    });
    const cancelled = ops.flatMap((op) => (op.op === 'task' ? [op.row.status] : []));
    expect(cancelled).toEqual(['cancelled', 'cancelled']);
    expect(nextTimerEvent(h.state, timing)).toBeNull();
    expect(validateWithdraw(h.state, { actor: office, reason })).toMatchObject({
      ok: false,
      type: 'Conflict',
    });
  });
});
