import { applyClaim, applyTimerEvent, dueTimerEvent, nextTimerEvent } from './index';
import {
  Harness,
  MIN,
  T0,
  dept1,
  dept2,
  due,
  iso,
  leader,
  supervisor,
  timing,
} from './test-support/harness';

describe('the escalation ladder', () => {
  function lateDraft() {
    const h = new Harness().create();
    const draft = h.task('draft_measures');
    h.advanceTo(due(draft) + timing.escalateAfterMs - 1);
    expect(h.has('escalation')).toBe(false);
    return { h, draft };
  }

  it('raises level 1 ESCALATE_AFTER past the due time: a supervisor task, the level, one record', () => {
    const { h, draft } = lateDraft();
    const ops = h.advanceTo(due(draft) + timing.escalateAfterMs);
    const esc = h.task('escalation');
    expect(esc).toMatchObject({
      roles: ['supervisor'],
      subjectTaskId: draft.id,
      escalationLevel: 1,
      departmentId: null,
    });
    expect(esc.dueAt).toBe(iso(h.now + timing.stepDueMs));
    expect(h.state.finding).toMatchObject({ escalationLevel: 1, stage: 'draft_measures' });
    expect(draft).toMatchObject({ escalationLevel: 1, status: 'open' });
    const records = ops.flatMap((op) => (op.op === 'escalation' ? [op.row] : []));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      taskId: draft.id,
      level: 1,
      status: 'open',
      escalationTaskId: esc.id,
    });
    const [notice] = h.notices(ops);
    expect(notice).toMatchObject({ kind: 'escalation', title: '督办（第1级）' });
    expect(notice.to).toEqual([
      { roles: ['supervisor'] },
      { roles: ['department'], departmentId: 'D1' },
      { roles: ['department_head'], departmentId: 'D1' },
    ]);
    expect(h.events(ops)).toEqual(['finding.escalated']);
  });

  it('climbs to level 2 and 3 one interval apart on the same record and task, a rank higher each time, then stops', () => {
    const { h, draft } = lateDraft();
    const level1At = due(draft) + timing.escalateAfterMs;
    h.advanceTo(level1At);
    const esc = h.task('escalation');
    const recordId = draft.escalationId;

    expect(h.advanceTo(level1At + timing.escalationIntervalMs - 1)).toEqual([]);
    const ops2 = h.advanceTo(level1At + timing.escalationIntervalMs);
    expect(h.state.tasks.filter((t) => t.kind === 'escalation')).toEqual([esc]);
    expect(esc.escalationLevel).toBe(2);
    expect(h.state.finding.escalationLevel).toBe(2);
    const record2 = ops2.flatMap((op) => (op.op === 'escalation' ? [op.row] : []));
    expect(record2).toEqual([expect.objectContaining({ id: recordId, level: 2 })]);
    expect(h.notices(ops2)[0].to).toContainEqual({ userIds: [leader.userId] });
    expect(h.notices(ops2)[0].to).not.toContainEqual({ roles: ['committee'] });

    const ops3 = h.advanceTo(level1At + 2 * timing.escalationIntervalMs);
    expect(h.state.finding.escalationLevel).toBe(3);
    expect(h.notices(ops3)[0].to).toContainEqual({ roles: ['committee'] });
    expect(h.notices(ops3)[0].title).toBe('督办（第3级）');

    // Level 3 is the top: only the escalation task's own reminder remains planned.
    const after = h.advanceTo(level1At + 100 * timing.escalationIntervalMs);
    expect(after.filter((op) => op.op === 'escalation')).toEqual([]);
    expect(h.state.tasks.filter((t) => t.kind === 'escalation')).toHaveLength(1);
  });

  it('completing the late task stops its ladder and cancels the escalation task', () => {
    const { h, draft } = lateDraft();
    h.advanceTo(due(draft) + timing.escalateAfterMs);
    const esc = h.task('escalation');
    h.complete('draft_measures', dept1, { measures: [{ text: '一是…' }] });
    const cancelled = h.ops.find((op) => op.op === 'task' && op.row.id === esc.id);
    expect(cancelled).toMatchObject({ row: { status: 'cancelled' } });
    expect(h.ops.find((op) => op.op === 'escalation')).toMatchObject({
      row: { status: 'resolved', resolvedAt: iso(h.now) },
    });
    expect(h.state.finding.escalationLevel).toBe(0);
    expect(h.has('escalation')).toBe(false);
    // Nothing further escalates for the draft (the approval step has a ladder of its own).
    const next = nextTimerEvent(h.state, timing);
    expect(next && 'taskId' in next ? next.taskId : null).toBe(h.task('approve_measures').id);
  });

  it('urge notifies the department; the ladder goes on with a fresh escalation task on the same record', () => {
    const { h, draft } = lateDraft();
    const level1At = due(draft) + timing.escalateAfterMs;
    h.advanceTo(level1At);
    const first = h.task('escalation');
    h.complete('escalation', supervisor, { action: 'urge', comment: '请抓紧' });
    expect(h.notices()).toEqual([
      expect.objectContaining({
        kind: 'urge',
        taskId: draft.id,
        to: [{ roles: ['department', 'department_head'], departmentId: 'D1' }],
      }),
    ]);
    expect(h.ops.find((op) => op.op === 'escalation')).toMatchObject({
      row: { action: 'urge', status: 'open', level: 1 },
    });
    expect(h.has('escalation')).toBe(false);
    expect(h.state.finding.escalationLevel).toBe(1);

    const ops = h.advanceTo(level1At + timing.escalationIntervalMs);
    const second = h.task('escalation');
    expect(second.id).not.toBe(first.id);
    expect(ops.flatMap((op) => (op.op === 'escalation' ? [op.row] : []))).toEqual([
      expect.objectContaining({ id: draft.escalationId, level: 2, escalationTaskId: second.id }),
    ]);
  });

  it('extend needs a future dueAt, then moves the due time, restarts the timers and clears the level', () => {
    const { h, draft } = lateDraft();
    h.advanceTo(due(draft) + timing.escalateAfterMs);
    expect(h.refusal('escalation', supervisor, { action: 'extend', comment: '延期' })).toMatch(
      /dueAt/,
    );
    expect(
      h.refusal('escalation', supervisor, {
        action: 'extend',
        comment: '延期',
        dueAt: iso(h.now - 1),
      }),
    ).toMatch(/future/);
    expect(
      h.refusal('escalation', dept1, {
        action: 'extend',
        comment: '延期',
        dueAt: iso(h.now + MIN),
      }),
    ).toMatch(/role/);

    const newDue = h.now + 30 * MIN;
    h.complete('escalation', supervisor, {
      action: 'extend',
      comment: '同意延期',
      dueAt: iso(newDue),
    });
    expect(draft).toMatchObject({
      dueAt: iso(newDue),
      escalationLevel: 0,
      escalatedLevel: 0,
      reminded: false,
      escalationId: null,
    });
    expect(h.state.finding.escalationLevel).toBe(0);
    expect(h.ops.find((op) => op.op === 'escalation')).toMatchObject({
      row: { action: 'extend', status: 'resolved' },
    });
    expect(h.events()).toContain('task.rescheduled');
    const finding = h.ops.find((op) => op.op === 'finding');
    expect(finding).toMatchObject({ row: { nextDueAt: iso(newDue) } });
    // The finding's own deadline (60 min) was later than the new draft due: unchanged.
    expect(h.state.finding.dueAt).toBe(iso(T0 + 60 * MIN));
    expect(nextTimerEvent(h.state, timing)).toEqual({
      type: 'remind',
      at: newDue - timing.warnBeforeMs,
      taskId: draft.id,
    });

    // Late again later: a new ladder with a new record.
    const oldRecord = h.ops.find((op) => op.op === 'escalation');
    const ops = h.advanceTo(newDue + timing.escalateAfterMs);
    const record = ops.find((op) => op.op === 'escalation');
    expect(record).toMatchObject({ row: { level: 1, status: 'open' } });
    expect(
      record?.op === 'escalation' &&
        oldRecord?.op === 'escalation' &&
        record.row.id !== oldRecord.row.id,
    ).toBe(true);
  });

  it('extending the evidence step moves the finding’s deadline with it', () => {
    const h = new Harness().create({ dueInMs: 30 * MIN });
    h.approveMeasures();
    const evidence = h.task('submit_evidence');
    h.advanceTo(due(evidence) + timing.escalateAfterMs);
    const newDue = h.now + 15 * MIN;
    h.complete('escalation', supervisor, { action: 'extend', comment: '延期', dueAt: iso(newDue) });
    expect(h.state.finding.dueAt).toBe(iso(newDue));
  });

  it('reassign needs another existing lead department; open tasks move and both departments hear of it', () => {
    const { h, draft } = lateDraft();
    h.advanceTo(due(draft) + timing.escalateAfterMs);
    applyClaim(h.state, { taskId: draft.id, actor: dept1 }, h.ctx());
    expect(h.refusal('escalation', supervisor, { action: 'reassign', comment: '改派' })).toMatch(
      /leadDepartmentId/,
    );
    expect(
      h.refusal('escalation', supervisor, {
        action: 'reassign',
        comment: '改派',
        leadDepartmentId: 'D1',
      }),
    ).toMatch(/already/);

    h.complete('escalation', supervisor, {
      action: 'reassign',
      comment: '改由政治处牵头',
      leadDepartmentId: 'D2',
    });
    expect(h.state.finding.leadDepartmentId).toBe('D2');
    expect(draft).toMatchObject({ departmentId: 'D2', status: 'open', assigneeId: null });
    expect(h.state.measures.every((m) => m.ownerDepartmentId !== 'D1')).toBe(true);
    const notices = h.notices();
    expect(notices.find((n) => n.kind === 'reassigned')?.to).toEqual([
      { roles: ['department', 'department_head'], departmentId: 'D1' },
    ]);
    expect(notices.find((n) => n.kind === 'assigned')?.to).toEqual([
      { roles: ['department', 'department_head'], departmentId: 'D2' },
    ]);
    expect(h.events()).toContain('finding.reassigned');
    // The new department can act; the old one no longer can.
    expect(h.refusal('draft_measures', dept1, { measures: [{ text: 'x' }] })).toMatch(/department/);
    expect(h.refusal('draft_measures', dept2, { measures: [{ text: 'x' }] })).toBeNull();
  });

  it('accountability is counted on the finding and recorded; the ladder goes on', () => {
    const { h, draft } = lateDraft();
    h.advanceTo(due(draft) + timing.escalateAfterMs);
    h.complete('escalation', supervisor, { action: 'accountability', comment: '启动问责' });
    expect(h.state.finding.accountabilityCount).toBe(1);
    expect(h.events()).toContain('finding.accountability');
    expect(h.ops.find((op) => op.op === 'escalation')).toMatchObject({
      row: { action: 'accountability', status: 'open' },
    });
    expect(nextTimerEvent(h.state, timing)).toMatchObject({
      type: 'escalate',
      level: 2,
      taskId: draft.id,
    });
  });

  it('a timer that fires after the step was handled does nothing', () => {
    const { h, draft } = lateDraft();
    h.complete('draft_measures', dept1, { measures: [{ text: '一是…' }] });
    // The escalation the loop had planned for the draft is no longer due after the step.
    expect(dueTimerEvent(h.state, timing, due(draft) + timing.escalateAfterMs)).toBeNull();
    expect(
      applyTimerEvent(h.state, { type: 'escalate', at: 0, taskId: draft.id, level: 1 }, h.ctx()),
    ).toEqual([]);
  });

  it('escalates each late step on its own ladder, with one record each', () => {
    const h = new Harness().create({ dueInMs: 30 * MIN });
    h.advanceTo(due(h.task('draft_measures')) + timing.escalateAfterMs);
    const esc = h.task('escalation');
    // The supervisor's own task reminds but never climbs a ladder of its own.
    h.advanceTo(due(esc) + 10 * timing.escalationIntervalMs);
    expect(h.state.tasks.filter((t) => t.kind === 'escalation')).toHaveLength(1);
    expect(Object.keys(h.state.escalations)).toHaveLength(1);
  });
});
