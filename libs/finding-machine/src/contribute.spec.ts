import {
  applyDueDateChange,
  applyReassign,
  applyReturnAssignment,
  applyWithdraw,
  validateCompletion,
  validateReturnAssignment,
} from './index';
import {
  Harness,
  MIN,
  T0,
  dept1,
  dept1head,
  dept2,
  iso,
  leader,
  office,
} from './test-support/harness';
import type { Actor } from '@rectiflow/domain';

const dept3: Actor = { userId: 'u-dept3', roles: ['department'], departmentId: 'D3' };
const reason = '职责调整';
const contributeTasks = (h: Harness) => h.state.tasks.filter((t) => t.kind === 'contribute');

describe('co-departments’ contribute tasks (配合整改)', () => {
  it('gives each co-department its own task at assignment, due at the deadline or the office’s date', () => {
    const h = new Harness().create({ coDepartmentIds: ['D2', 'D3'] });
    const tasks = contributeTasks(h);
    expect(tasks.map((t) => t.departmentId)).toEqual(['D2', 'D3']);
    expect(tasks.every((t) => t.dueAt === h.state.finding.dueAt)).toBe(true);
    expect(h.state.finding.stage).toBe('draft_measures');
    const notified = h.notices(h.ops).find((n) => n.code === 'contribution_requested');
    expect(notified?.to.map((r) => r.departmentId)).toEqual(['D2', 'D3']);

    const own = new Harness().create({
      coDepartmentIds: ['D2'],
      coDepartmentDueAt: iso(T0 + 30 * MIN),
    });
    expect(contributeTasks(own)[0].dueAt).toBe(iso(T0 + 30 * MIN));
  });

  it('opens none where the workflow runs from before the patch', () => {
    const h = new Harness();
    h.contributeTasks = false;
    h.create({ coDepartmentIds: ['D2'] });
    expect(contributeTasks(h)).toEqual([]);
  });

  it('lets only the co-department complete it, and blocks none of the lead department’s steps', () => {
    const h = new Harness().create({ coDepartmentIds: ['D2'] });
    expect(h.refusal('contribute', dept1, { text: '已完成' })).toMatch(/department/);
    expect(h.refusal('contribute', dept3, { text: '已完成' })).toMatch(/department/);
    expect(h.refusal('contribute', dept2, { text: '' })).toMatch(/empty/);
    // The lead department drafts, the leader approves, the evidence goes in: all meanwhile.
    h.approveMeasures();
    const measures = h.state.measures.map((m) => m.id);
    h.complete('submit_evidence', dept1, {
      report: '已整改',
      evidenceIds: ['e1'],
      measuresDone: measures,
    });
    expect(h.state.finding.stage).toBe('review_1');
    h.now += MIN;
    h.complete('contribute', dept2, { text: '  修订了本部门制度  ', evidenceIds: ['e2'] });
    const row = h.ops.find((op) => op.op === 'contribution');
    expect(row).toMatchObject({
      op: 'contribution',
      row: {
        departmentId: 'D2',
        text: '修订了本部门制度',
        evidenceIds: ['e2'],
        authorId: dept2.userId,
      },
    });
    expect(h.state.finding.stage).toBe('review_1');
    expect(contributeTasks(h)).toEqual([]);
  });

  it('does not count toward the finding’s next due time', () => {
    const h = new Harness().create({
      coDepartmentIds: ['D2'],
      coDepartmentDueAt: iso(T0 + 5 * MIN),
    });
    const finding = h.ops.filter((op) => op.op === 'finding').pop();
    expect(finding?.op === 'finding' && finding.row.nextDueAt).toBe(h.task('draft_measures').dueAt);
  });

  it('follows reassignment: removed departments’ tasks are cancelled, added ones get theirs', () => {
    const h = new Harness().create({ coDepartmentIds: ['D2'] });
    const d2 = h.task('contribute').id;
    const ops = applyReassign(h.state, { actor: office, reason, coDepartmentIds: ['D3'] }, h.ctx());
    const cancelled = ops.flatMap((op) =>
      op.op === 'task' && op.row.status === 'cancelled' ? [op.row.id] : [],
    );
    expect(cancelled).toEqual([d2]);
    expect(contributeTasks(h).map((t) => t.departmentId)).toEqual(['D3']);
    // Naming the same co-departments again opens nothing twice.
    applyReassign(h.state, { actor: office, reason, coDepartmentIds: ['D3'] }, h.ctx());
    expect(contributeTasks(h)).toHaveLength(1);
  });

  it('leaves every inbox when the finding is withdrawn or closes', () => {
    const h = new Harness().create({ coDepartmentIds: ['D2'] });
    applyWithdraw(h.state, { actor: office, reason }, h.ctx());
    expect(h.state.tasks).toEqual([]);

    const closed = new Harness().create({ coDepartmentIds: ['D2'] });
    closed.approveMeasures();
    const measures = closed.state.measures.map((m) => m.id);
    closed.complete('submit_evidence', dept1, {
      report: '已整改',
      evidenceIds: ['e1'],
      measuresDone: measures,
    });
    closed.reviewsToClosure();
    expect(closed.state.finding.stage).toBe('closed');
    expect(contributeTasks(closed)).toEqual([]);
  });

  it('follows a new deadline, unless the office gave the part its own date', () => {
    const h = new Harness().create({ coDepartmentIds: ['D2'] });
    const own = new Harness().create({
      coDepartmentIds: ['D2'],
      coDepartmentDueAt: iso(T0 + 30 * MIN),
    });
    for (const x of [h, own])
      applyDueDateChange(x.state, { actor: office, reason, dueAt: iso(T0 + 90 * MIN) }, x.ctx());
    expect(h.task('contribute').dueAt).toBe(iso(T0 + 90 * MIN));
    expect(own.task('contribute').dueAt).toBe(iso(T0 + 30 * MIN));
  });

  it('starts again with the new cycle after a relapse', () => {
    const h = new Harness().create({ coDepartmentIds: ['D2'] });
    h.complete('contribute', dept2, { text: '已完成' });
    h.approveMeasures();
    const measures = h.state.measures.map((m) => m.id);
    h.complete('submit_evidence', dept1, {
      report: '已整改',
      evidenceIds: ['e1'],
      measuresDone: measures,
    });
    h.reviewsToClosure();
    h.advanceTo(h.now + 61 * MIN);
    const again = h.complete('look_back', office, { outcome: 'relapsed', comment: '反弹' });
    expect(again.continueAsNew).toBe(true);
    expect(contributeTasks(h).map((t) => [t.departmentId, t.cycle])).toEqual([['D2', 2]]);
  });

  it('is refused once cancelled', () => {
    const h = new Harness().create({ coDepartmentIds: ['D2'] });
    const task = h.task('contribute');
    applyReassign(h.state, { actor: office, reason, coDepartmentIds: [] }, h.ctx());
    const verdict = validateCompletion(
      h.state,
      { taskId: task.id, actor: dept2, input: { text: 'x' } },
      h.now,
    );
    expect(verdict).toMatchObject({ ok: false, type: 'Conflict' });
  });
});

describe('returning an assignment to the office (退回交办)', () => {
  it('lets the lead department’s clerk or head return it, with a reason, before the measures are approved', () => {
    const h = new Harness().create({ coDepartmentIds: ['D2'] });
    expect(validateReturnAssignment(h.state, { actor: dept2, reason })).toMatchObject({
      ok: false,
      type: 'Forbidden',
    });
    expect(validateReturnAssignment(h.state, { actor: office, reason })).toMatchObject({
      ok: false,
      type: 'Forbidden',
    });
    expect(validateReturnAssignment(h.state, { actor: dept1, reason: ' ' })).toMatchObject({
      ok: false,
      type: 'InvalidInput',
    });
    expect(validateReturnAssignment(h.state, { actor: dept1head, reason })).toEqual({ ok: true });
    h.complete('draft_measures', dept1, { measures: [{ text: '一是' }] });
    expect(validateReturnAssignment(h.state, { actor: dept1, reason })).toEqual({ ok: true });
    h.complete('approve_measures', leader, { decision: 'approve' });
    expect(validateReturnAssignment(h.state, { actor: dept1, reason })).toMatchObject({
      ok: false,
      type: 'Conflict',
    });
  });

  it('sends the finding back to awaiting assignment: open steps cancelled, the office’s assign task again', () => {
    const h = new Harness().create({ coDepartmentIds: ['D2'] });
    const before = h.state.tasks.map((t) => t.id);
    const ops = applyReturnAssignment(h.state, { actor: dept1, reason: ` ${reason} ` }, h.ctx());
    const cancelled = ops.flatMap((op) =>
      op.op === 'task' && op.row.status === 'cancelled' ? [op.row.id] : [],
    );
    expect(cancelled.sort()).toEqual([...before].sort());
    expect(h.state.tasks.map((t) => t.kind)).toEqual(['assign']);
    expect(h.state.finding).toMatchObject({
      stage: 'assign',
      leadDepartmentId: null,
      coDepartmentIds: [],
    });
    const event = ops.find((op) => op.op === 'event' && op.event.action === 'finding.returned');
    expect(event?.op === 'event' && event.event.data).toMatchObject({
      reason,
      from: { leadDepartmentId: 'D1' },
    });
    expect(h.notices(ops).map((n) => n.code)).toEqual(['assignment_returned']);
    // The office assigns it anew, and the cycle goes on.
    h.complete('assign', office, {
      responsibleLeaderId: leader.userId,
      leadDepartmentId: 'D2',
      dueAt: iso(T0 + 60 * MIN),
    });
    expect(h.state.finding.stage).toBe('draft_measures');
    expect(h.task('draft_measures').departmentId).toBe('D2');
  });
});
