import { checkSupervisionAction } from '@rectiflow/domain';
import {
  applyIssueSupervisionOrder,
  applyCompletion,
  applyNudge,
  applyReturnAssignment,
  applyWithdraw,
  validateIssueSupervisionOrder,
  validateCompletion,
  validateNudge,
} from './index';
import type { ProjectionOp } from '@rectiflow/contracts';
import {
  Harness,
  MIN,
  T0,
  dept1,
  dept2,
  iso,
  leader,
  office,
  supervisor,
  timing,
} from './test-support/harness';

const order = (h: Harness, extra: Record<string, unknown> = {}) => {
  const args = {
    actor: supervisor,
    departmentId: 'D2',
    requirement: '请完成制度修订',
    dueAt: iso(T0 + 60 * MIN),
    ...extra,
  };
  const verdict = validateIssueSupervisionOrder(h.state, args as never);
  if (!verdict.ok) throw new Error(verdict.message);
  h.ops = applyIssueSupervisionOrder(h.state, args as never, h.ctx());
  return h.state.tasks[h.state.tasks.length - 1];
};

describe('supervision orders (督办单)', () => {
  it('opens a task for the named department, due when the order says, beside the finding’s step', () => {
    const h = new Harness().create();
    const stage = h.state.finding.stage;
    const nextDue = h.state.finding.nextDueAt;
    const task = order(h);
    expect(task).toMatchObject({
      kind: 'supervision_order',
      departmentId: 'D2',
      dueAt: iso(T0 + 60 * MIN),
      roles: ['department', 'department_head'],
    });
    // Not a stage of the finding, nor its next due time.
    expect(h.state.finding.stage).toBe(stage);
    expect(h.state.finding.nextDueAt).toBe(nextDue);
    expect(h.events()).toContain('supervision_order.issued');
    expect(h.notices().find((n) => n.code === 'supervision_order_issued')?.to).toEqual([
      { roles: ['department', 'department_head'], departmentId: 'D2' },
    ]);
  });

  it('is answered by its department only, then accepted by the supervisor or office', () => {
    const h = new Harness().create();
    order(h);
    expect(h.refusal('supervision_order', dept1, { answer: '已办理' })).toMatch(/department/);
    expect(h.refusal('supervision_order', dept2, { answer: '' })).toMatch(/empty/);
    h.complete('supervision_order', dept2, { answer: '已办理' });
    expect(h.has('supervision_order')).toBe(false);
    const review = h.task('supervision_order_review');
    expect(review.roles).toEqual(['supervisor', 'office']);
    expect(Object.values(h.state.supervisionOrders ?? {})[0]).toMatchObject({
      status: 'answered',
      answer: '已办理',
      taskId: review.id,
    });
    expect(h.refusal('supervision_order_review', dept2, { decision: 'approve' })).not.toBeNull();
    expect(h.refusal('supervision_order_review', leader, { decision: 'approve' })).not.toBeNull();
    h.complete('supervision_order_review', office, { decision: 'approve' });
    expect(h.has('supervision_order_review')).toBe(false);
    // Accepted orders leave the state; the read model keeps them.
    expect(h.state.supervisionOrders).toEqual({});
    const row = h.ops.flatMap((op) => (op.op === 'supervisionOrder' ? [op.row] : []))[0];
    expect(row).toMatchObject({ status: 'accepted', closedBy: office.userId, taskId: null });
  });

  it('a returned answer gives the department the order again, with the comment and the same due date', () => {
    const h = new Harness().create();
    const first = order(h);
    h.complete('supervision_order', dept2, { answer: '已办理' });
    expect(h.refusal('supervision_order_review', supervisor, { decision: 'reject' })).toMatch(
      /comment/,
    );
    h.complete('supervision_order_review', supervisor, { decision: 'reject', comment: '请补充' });
    const again = h.task('supervision_order');
    expect(again.id).not.toBe(first.id);
    expect(again).toMatchObject({ departmentId: 'D2', dueAt: first.dueAt });
    expect(Object.values(h.state.supervisionOrders ?? {})[0]).toMatchObject({
      status: 'open',
      returnCount: 1,
      returnComment: '请补充',
      taskId: again.id,
    });
    expect(h.events()).toContain('supervision_order.returned');
  });

  it('reminds the department as its due date nears', () => {
    const h = new Harness().create();
    const task = order(h);
    const fired = h.advanceTo(Date.parse(task.dueAt as string) - 1);
    const reminders = h
      .notices(fired)
      .filter((n) => n.taskId === task.id && (n.code ?? '').startsWith('reminder'));
    expect(reminders.map((n) => n.code)).toEqual(['reminder_due']);
  });

  it('left unanswered, climbs the ladder: the supervisor and the department head, then the leader, then the committee', () => {
    const h = new Harness().create();
    const task = order(h, { dueAt: iso(T0 + 5 * MIN) });
    const level1At = Date.parse(task.dueAt as string) + timing.escalateAfterMs;
    h.advanceTo(level1At - 1);
    expect(task.escalatedLevel).toBe(0);
    const ops = h.advanceTo(level1At);
    const esc = h.state.tasks.find((t) => t.kind === 'escalation' && t.subjectTaskId === task.id);
    expect(esc).toMatchObject({ roles: ['supervisor'], escalationLevel: 1 });
    expect(h.state.finding.escalationLevel).toBe(1);
    const [notice] = h.notices(ops);
    expect(notice.to).toEqual([
      { roles: ['supervisor'] },
      { roles: ['department', 'department_head'], departmentId: 'D2' },
      { roles: ['department_head'], departmentId: 'D2' },
    ]);
    const escalated = (o: ProjectionOp[]) =>
      o.flatMap((op) =>
        op.op === 'event' && op.event.action === 'finding.escalated'
          ? [[op.event.data.kind, op.event.data.level]]
          : [],
      );
    expect(escalated(ops)).toEqual([['supervision_order', 1]]);
    const level2 = h.advanceTo(level1At + timing.escalationIntervalMs);
    expect(escalated(level2)).toContainEqual(['supervision_order', 2]);
    expect(h.notices(level2).find((n) => n.taskId === task.id)?.to).toContainEqual({
      userIds: [h.state.finding.responsibleLeaderId],
    });
    const level3 = h.advanceTo(level1At + 2 * timing.escalationIntervalMs);
    expect(escalated(level3)).toContainEqual(['supervision_order', 3]);
    expect(h.notices(level3).find((n) => n.taskId === task.id)?.to).toContainEqual({
      roles: ['committee'],
    });
    // The department answers at last: the order's ladder ends, its escalation task is cancelled.
    h.complete('supervision_order', dept2, { answer: '已办理' });
    expect(h.state.tasks.some((t) => t.subjectTaskId === task.id)).toBe(false);
    expect(Object.values(h.state.escalations).some((r) => r.taskId === task.id)).toBe(false);
  });

  it('extended from its escalation, is due at the new time, and the finding keeps its deadline', () => {
    const h = new Harness().create();
    const findingDue = h.state.finding.dueAt;
    const task = order(h, { dueAt: iso(T0 + 5 * MIN) });
    h.advanceTo(Date.parse(task.dueAt as string) + timing.escalateAfterMs);
    const esc = h.state.tasks.find((t) => t.kind === 'escalation' && t.subjectTaskId === task.id);
    const newDue = iso(h.now + 30 * MIN);
    const args = {
      taskId: esc?.id as string,
      actor: supervisor,
      input: { action: 'extend', comment: '延期', dueAt: newDue },
    };
    const verdict = validateCompletion(h.state, args as never, h.now);
    expect(verdict).toEqual({ ok: true });
    h.ops = applyCompletion(h.state, args as never, h.ctx()).ops;
    expect(task).toMatchObject({ dueAt: newDue, escalatedLevel: 0 });
    expect(h.state.supervisionOrders?.[Object.keys(h.state.supervisionOrders)[0]].dueAt).toBe(
      newDue,
    );
    expect(h.state.finding.dueAt).toBe(findingDue);
    expect(h.state.finding.escalationLevel).toBe(0);
  });

  it('never escalates in a workflow from before order escalation (its history replays as it ran)', () => {
    const h = new Harness().create();
    h.orderEscalation = false;
    const task = order(h, { dueAt: iso(T0 + 5 * MIN) });
    const fired = h.advanceTo(Date.parse(task.dueAt as string) + timing.escalateAfterMs + 1);
    expect(h.events(fired)).not.toContain('finding.escalated');
    expect(task.escalatedLevel).toBe(0);
  });

  it('is refused to other roles, on closed or withdrawn findings, and without what it must say', () => {
    const h = new Harness().create();
    for (const actor of [dept1, leader])
      expect(checkSupervisionAction(actor, h.state.finding)).toMatchObject({
        ok: false,
        reason: 'forbidden',
      });
    expect(checkSupervisionAction(office, h.state.finding)).toEqual({ ok: true });
    expect(checkSupervisionAction(supervisor, { stage: 'closed' })).toMatchObject({
      reason: 'conflict',
    });
    expect(
      checkSupervisionAction(supervisor, { stage: 'evidence', withdrawn: true }),
    ).toMatchObject({ reason: 'conflict' });
    const base = { actor: supervisor, departmentId: 'D2', requirement: '办', dueAt: iso(T0) };
    expect(validateIssueSupervisionOrder(h.state, { ...base, requirement: ' ' }).ok).toBe(false);
    expect(validateIssueSupervisionOrder(h.state, { ...base, departmentId: '' }).ok).toBe(false);
    expect(validateIssueSupervisionOrder(h.state, { ...base, dueAt: 'soon' }).ok).toBe(false);
    expect(validateIssueSupervisionOrder(h.state, { ...base, actor: dept2 }).ok).toBe(false);
  });

  it('ends with the finding when it is withdrawn or its assignment returned', () => {
    const h = new Harness().create();
    order(h);
    const ops = applyWithdraw(h.state, { actor: office, reason: '重复问题' }, h.ctx());
    expect(h.has('supervision_order')).toBe(false);
    const row = ops.flatMap((op) => (op.op === 'supervisionOrder' ? [op.row] : []))[0];
    expect(row).toMatchObject({ status: 'cancelled', taskId: null });
    expect(h.state.supervisionOrders).toEqual({});

    const r = new Harness().create();
    order(r);
    r.complete('supervision_order', dept2, { answer: '已办理' });
    applyReturnAssignment(r.state, { actor: dept1, reason: '不属于本部门' }, r.ctx());
    expect(r.has('supervision_order_review')).toBe(false);
    expect(r.state.supervisionOrders).toEqual({});
  });
});

describe('nudges (催办)', () => {
  it('tell the lead department (or the one named) and open no task', () => {
    const h = new Harness().create();
    const before = h.state.tasks.length;
    expect(validateNudge(h.state, { actor: supervisor, text: '请加快' }).ok).toBe(true);
    expect(validateNudge(h.state, { actor: supervisor, text: '' }).ok).toBe(false);
    expect(validateNudge(h.state, { actor: dept1, text: '请加快' }).ok).toBe(false);
    const ops = applyNudge(h.state, { actor: supervisor, text: '请加快' }, h.ctx());
    expect(h.state.tasks.length).toBe(before);
    expect(h.events(ops)).toEqual(['finding.nudged']);
    expect(h.notices(ops).map((n) => [n.code, n.to])).toEqual([
      ['urged', [{ roles: ['department', 'department_head'], departmentId: 'D1' }]],
    ]);
    const toD2 = applyNudge(
      h.state,
      { actor: office, departmentId: 'D2', text: '请配合' },
      h.ctx(),
    );
    expect(h.notices(toD2)[0].to).toEqual([
      { roles: ['department', 'department_head'], departmentId: 'D2' },
    ]);
  });
});
