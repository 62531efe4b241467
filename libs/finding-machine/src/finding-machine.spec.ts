import type { Actor, Timing } from '@rectiflow/domain';
import type {
  AnyTaskInput,
  FindingState,
  NewFinding,
  NoticeSpec,
  ProjectionOp,
  TaskWithTimers,
} from '@rectiflow/contracts';
import {
  applyClaim,
  applyCompletion,
  applyRelease,
  applyTimerEvent,
  dueTimerEvent,
  initialState,
  nextStageReportDue,
  nextTimerEvent,
  validateClaim,
  validateCompletion,
  type MachineContext,
} from './index';

// The pure state machine, driven with a hand-held clock (minutes instead of days).
const MIN = 60_000;
const timing: Timing = {
  warnBeforeMs: 2 * MIN,
  escalateAfterMs: 1 * MIN,
  escalationIntervalMs: 3 * MIN,
  stepDueMs: 10 * MIN,
  stageReportEveryMs: 20 * MIN,
  lookBackAfterMs: 60 * MIN,
};
const T0 = Date.parse('2025-03-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const office: Actor = { userId: 'u-office', roles: ['office'], departmentId: null };
const leader: Actor = { userId: 'u-leader', roles: ['leader'], departmentId: null };
const dept1: Actor = { userId: 'u-dept1', roles: ['department'], departmentId: 'D1' };
const dept1head: Actor = { userId: 'u-dept1head', roles: ['department_head'], departmentId: 'D1' };
const dept2: Actor = { userId: 'u-dept2', roles: ['department'], departmentId: 'D2' };
const committee: Actor = { userId: 'u-committee', roles: ['committee'], departmentId: null };
const supervisor: Actor = { userId: 'u-supervisor', roles: ['supervisor'], departmentId: null };

/** A finding plus a clock: the harness the workflow shell is, minus Temporal. */
class Harness {
  now = T0;
  private n = 0;
  state!: FindingState;
  ops: ProjectionOp[] = [];

  ctx(): MachineContext {
    return { nowMs: this.now, newId: () => `id-${++this.n}`, timing };
  }

  create(opts: { assigned?: boolean; longTerm?: boolean; dueInMs?: number } = {}): this {
    const input: NewFinding = {
      id: 'f1',
      roundId: 'r1',
      areaId: null,
      themeId: null,
      code: '001',
      seq: 1,
      title: '学习不深入',
      areaTitle: null,
      themeTitle: null,
      measures: ['一是建立制度'],
      assignment:
        opts.assigned === false
          ? null
          : {
              responsibleLeaderId: leader.userId,
              leadDepartmentId: 'D1',
              dueAt: iso(T0 + (opts.dueInMs ?? 60 * MIN)),
              longTerm: opts.longTerm ?? false,
            },
      createdBy: office.userId,
    };
    const created = initialState(input, iso(this.now), this.ctx());
    this.state = created.state;
    this.ops = created.ops;
    return this;
  }

  task(kind: string): TaskWithTimers {
    const t = this.state.tasks.find((x) => x.kind === kind);
    if (!t)
      throw new Error(
        `no open ${kind} task; open: ${this.state.tasks.map((x) => x.kind).join(', ')}`,
      );
    return t;
  }

  has(kind: string): boolean {
    return this.state.tasks.some((x) => x.kind === kind);
  }

  complete(kind: string, actor: Actor, input: unknown): { continueAsNew: boolean } {
    const task = this.task(kind);
    const args = { taskId: task.id, actor, input: input as AnyTaskInput };
    const verdict = validateCompletion(this.state, args, this.now);
    if (!verdict.ok) throw new Error(`refused: ${verdict.message}`);
    const result = applyCompletion(this.state, args, this.ctx());
    this.ops = result.ops;
    return { continueAsNew: result.continueAsNew };
  }

  refusal(kind: string, actor: Actor, input: unknown): string | null {
    const task = this.task(kind);
    const verdict = validateCompletion(
      this.state,
      { taskId: task.id, actor, input: input as AnyTaskInput },
      this.now,
    );
    return verdict.ok ? null : verdict.message;
  }

  /** Fires every timer due up to `at`, in order, as the workflow's loop does. */
  advanceTo(at: number): ProjectionOp[] {
    const fired: ProjectionOp[] = [];
    for (;;) {
      const next = nextTimerEvent(this.state, timing);
      if (!next || next.at > at) break;
      this.now = Math.max(this.now, next.at);
      const due = dueTimerEvent(this.state, timing, this.now);
      if (!due) throw new Error('planned event is not due at its own time');
      fired.push(...applyTimerEvent(this.state, due, this.ctx()));
    }
    this.now = at;
    this.ops = fired;
    return fired;
  }

  notices(ops = this.ops): NoticeSpec[] {
    return ops.flatMap((op) => (op.op === 'notice' ? [op.notice] : []));
  }

  events(ops = this.ops): string[] {
    return ops.flatMap((op) => (op.op === 'event' ? [op.event.action] : []));
  }

  /** Walks an assigned finding through draft and approval. */
  approveMeasures(): void {
    this.complete('draft_measures', dept1, {
      measures: [{ text: '一是建立学习制度' }, { text: '二是每月专题学习' }],
    });
    this.complete('approve_measures', leader, { decision: 'approve' });
  }

  reviewsToClosure(): void {
    this.complete('review_1', dept1head, { decision: 'approve' });
    this.complete('review_2', leader, { decision: 'approve' });
    this.complete('review_3', committee, { decision: 'approve' });
  }
}

const due = (t: TaskWithTimers) => Date.parse(t.dueAt as string);

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
