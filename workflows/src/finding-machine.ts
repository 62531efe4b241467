/**
 * The finding's state machine as pure functions over `FindingState`: no Temporal APIs, no
 * clock and no randomness of its own (both come in through `MachineContext`), so it is unit
 * tested directly and the workflow stays a thin shell of handlers, timers and projection.
 *
 * Every function mutates the state it is given and returns the projection ops that make the
 * read model match it.
 */
import {
  TASK_KIND_LABELS_ZH,
  TASK_KINDS,
  TASK_ROLES,
  checkRelease,
  checkTaskAction,
  taskDueAt,
  type Actor,
  type Role,
  type Stage,
  type TaskKind,
  type Timing,
} from '@rectiflow/domain';
import {
  FAILURE,
  type AssignInput,
  type AuditEventSpec,
  type CompleteTaskArgs,
  type DecisionInput,
  type DraftMeasuresInput,
  type EscalationInput,
  type EscalationRow,
  type FindingRow,
  type FindingState,
  type LookBackInput,
  type NewFinding,
  type NoticeKind,
  type NoticeRecipients,
  type ProjectionOp,
  type StageReportInput,
  type SubmitEvidenceInput,
  type TaskActionArgs,
  type TaskWithTimers,
} from '@rectiflow/contracts';

export interface MachineContext {
  nowMs: number;
  newId: () => string;
  timing: Timing;
}

export type Verdict = { ok: true } | { ok: false; type: string; message: string };

const ok: Verdict = { ok: true };
const fail = (type: string, message: string): Verdict => ({ ok: false, type, message });

/** Task kinds whose lateness climbs the escalation ladder (the supervisor's own do not). */
const ESCALATING_KINDS: readonly TaskKind[] = TASK_KINDS.filter(
  (kind) => kind !== 'escalation' && kind !== 'look_back',
);

const MAX_ESCALATION_LEVEL = 3;

const iso = (ms: number): string => new Date(ms).toISOString();

// ---------------------------------------------------------------------------------------------
// Creation

export function initialState(
  input: NewFinding,
  createdAt: string,
  ctx: MachineContext,
): { state: FindingState; ops: ProjectionOp[] } {
  const finding: FindingRow = {
    id: input.id,
    roundId: input.roundId,
    areaId: input.areaId,
    themeId: input.themeId,
    code: input.code,
    seq: input.seq,
    title: input.title,
    areaTitle: input.areaTitle,
    themeTitle: input.themeTitle,
    stage: 'assign',
    longTerm: input.longTerm ?? false,
    responsibleLeaderId: null,
    leadDepartmentId: null,
    coDepartmentIds: [],
    dueAt: null,
    nextDueAt: null,
    escalationLevel: 0,
    cycle: 1,
    sentBackCount: 0,
    accountabilityCount: 0,
    closedAt: null,
    lastReport: null,
    createdAt,
    updatedAt: createdAt,
  };
  const state: FindingState = {
    finding,
    measures: input.measures.map((text, i) => ({
      id: ctx.newId(),
      findingId: input.id,
      cycle: 1,
      seq: i + 1,
      text,
      ownerDepartmentId: null,
      dueAt: null,
      done: false,
    })),
    tasks: [],
    sendBackComments: [],
    stageReportSeq: 0,
    lookBackAt: null,
    escalations: {},
  };
  const ops: ProjectionOp[] = [
    event(ctx, input.createdBy, 'finding.created', state, { title: input.title, code: input.code }),
  ];
  if (state.measures.length > 0) {
    ops.push({ op: 'measures', findingId: input.id, cycle: 1, rows: state.measures });
  }
  if (input.assignment) {
    ops.push(...applyAssignment(state, input.assignment, input.createdBy, ctx));
  } else {
    ops.push(openTask(state, 'assign', ctx));
  }
  ops.push(findingOp(state, ctx));
  return { state, ops };
}

// ---------------------------------------------------------------------------------------------
// Validation (runs in update validators: nothing is written when it refuses)

export function validateCompletion(
  state: FindingState,
  args: CompleteTaskArgs,
  nowMs: number,
): Verdict {
  const task = state.tasks.find((t) => t.id === args.taskId);
  if (!task) return fail(FAILURE.conflict, 'task is no longer open');
  const access = checkTaskAction(args.actor, task);
  if (!access.ok)
    return fail(
      access.reason === 'forbidden' ? FAILURE.forbidden : FAILURE.conflict,
      access.message,
    );
  return validateInput(state, task, args.input, nowMs);
}

export function validateClaim(state: FindingState, args: TaskActionArgs): Verdict {
  const task = state.tasks.find((t) => t.id === args.taskId);
  if (!task) return fail(FAILURE.conflict, 'task is no longer open');
  const access = checkTaskAction(args.actor, task);
  if (!access.ok)
    return fail(
      access.reason === 'forbidden' ? FAILURE.forbidden : FAILURE.conflict,
      access.message,
    );
  if (task.status === 'claimed') return fail(FAILURE.conflict, 'task is already claimed by you');
  return ok;
}

export function validateRelease(state: FindingState, args: TaskActionArgs): Verdict {
  const task = state.tasks.find((t) => t.id === args.taskId);
  if (!task) return fail(FAILURE.conflict, 'task is no longer open');
  const access = checkRelease(args.actor, task);
  if (!access.ok)
    return fail(
      access.reason === 'forbidden' ? FAILURE.forbidden : FAILURE.conflict,
      access.message,
    );
  return ok;
}

function validateInput(
  state: FindingState,
  task: TaskWithTimers,
  input: unknown,
  nowMs: number,
): Verdict {
  const body = (input ?? {}) as Record<string, unknown>;
  switch (task.kind) {
    case 'approve_measures':
    case 'review_1':
    case 'review_2':
    case 'review_3': {
      const d = body as unknown as DecisionInput;
      if (d.decision !== 'approve' && d.decision !== 'reject')
        return fail(FAILURE.invalid, 'decision must be approve or reject');
      if (d.decision === 'reject' && !d.comment?.trim())
        return fail(FAILURE.invalid, 'comment is required to reject');
      return ok;
    }
    case 'draft_measures': {
      const d = body as unknown as DraftMeasuresInput;
      if (!Array.isArray(d.measures) || d.measures.length === 0)
        return fail(FAILURE.invalid, 'measures must hold at least one measure');
      return ok;
    }
    case 'submit_evidence': {
      const d = body as unknown as SubmitEvidenceInput;
      if (!Array.isArray(d.evidenceIds) || d.evidenceIds.length === 0) {
        return fail(FAILURE.invalid, 'evidenceIds must name at least one uploaded evidence file');
      }
      const done = new Set(d.measuresDone ?? []);
      const current = state.measures.filter((m) => m.cycle === state.finding.cycle);
      const unknown = [...done].filter((id) => !current.some((m) => m.id === id));
      if (unknown.length > 0)
        return fail(FAILURE.invalid, `measuresDone names unknown measures: ${unknown.join(', ')}`);
      const missing = current.filter((m) => !done.has(m.id));
      if (missing.length > 0) {
        return fail(
          FAILURE.invalid,
          `measuresDone must list every measure; missing ${missing.map((m) => m.seq).join(', ')}`,
        );
      }
      return ok;
    }
    case 'escalation': {
      const d = body as unknown as EscalationInput;
      if (d.action === 'extend' || (d.action === 'reassign' && d.dueAt)) {
        const due = d.dueAt ? Date.parse(d.dueAt) : NaN;
        if (Number.isNaN(due) || due <= nowMs)
          return fail(FAILURE.invalid, 'dueAt must be a time in the future');
      }
      if (d.action === 'reassign') {
        if (!d.leadDepartmentId)
          return fail(FAILURE.invalid, 'leadDepartmentId is required to reassign');
        if (d.leadDepartmentId === state.finding.leadDepartmentId) {
          return fail(FAILURE.invalid, 'leadDepartmentId is already the lead department');
        }
      }
      return ok;
    }
    case 'stage_report': {
      if (!state.finding.longTerm)
        return fail(FAILURE.invalid, 'only a long-term item takes stage reports');
      return ok;
    }
    default:
      return ok;
  }
}

// ---------------------------------------------------------------------------------------------
// Human steps

export function applyClaim(
  state: FindingState,
  args: TaskActionArgs,
  ctx: MachineContext,
): ProjectionOp[] {
  const task = mustFindTask(state, args.taskId);
  task.status = 'claimed';
  task.assigneeId = args.actor.userId;
  return [
    taskOp(task),
    event(ctx, args.actor.userId, 'task.claimed', state, { taskId: task.id, kind: task.kind }),
  ];
}

export function applyRelease(
  state: FindingState,
  args: TaskActionArgs,
  ctx: MachineContext,
): ProjectionOp[] {
  const task = mustFindTask(state, args.taskId);
  task.status = 'open';
  task.assigneeId = null;
  return [
    taskOp(task),
    event(ctx, args.actor.userId, 'task.released', state, { taskId: task.id, kind: task.kind }),
  ];
}

/** Completes a task (already validated) and opens whatever comes next. */
export function applyCompletion(
  state: FindingState,
  args: CompleteTaskArgs,
  ctx: MachineContext,
): { ops: ProjectionOp[]; continueAsNew: boolean } {
  const task = mustFindTask(state, args.taskId);
  const actorId = args.actor.userId;
  // Acting on a late step ends its escalation ladder and cancels its escalation task.
  const ops: ProjectionOp[] = [
    ...resolveEscalation(state, task, ctx),
    closeTask(state, task, 'done', actorId, ctx),
  ];
  ops.push(
    event(ctx, actorId, `task.completed`, state, {
      taskId: task.id,
      kind: task.kind,
      input: args.input,
    }),
  );
  let continueAsNew = false;
  switch (task.kind) {
    case 'assign':
      ops.push(...applyAssignment(state, args.input as AssignInput, actorId, ctx));
      break;
    case 'draft_measures':
      ops.push(...applyDraft(state, args.input as DraftMeasuresInput, ctx));
      break;
    case 'approve_measures':
      ops.push(...applyMeasureDecision(state, args.input as DecisionInput, args.actor, ctx));
      break;
    case 'submit_evidence':
      ops.push(...applyEvidence(state, args.input as SubmitEvidenceInput, ctx));
      break;
    case 'review_1':
    case 'review_2':
    case 'review_3':
      ops.push(...applyReview(state, task.kind, args.input as DecisionInput, args.actor, ctx));
      break;
    case 'stage_report':
      ops.push(...applyStageReport(state, task, args.input as StageReportInput, actorId, ctx));
      break;
    case 'escalation':
      ops.push(...applyEscalationAction(state, task, args.input as EscalationInput, actorId, ctx));
      break;
    case 'look_back': {
      const result = applyLookBack(state, args.input as LookBackInput, actorId, ctx);
      ops.push(...result.ops);
      continueAsNew = result.reopened;
      break;
    }
  }
  refreshEscalationLevel(state);
  ops.push(findingOp(state, ctx));
  return { ops, continueAsNew };
}

function applyAssignment(
  state: FindingState,
  input: AssignInput,
  actorId: string,
  ctx: MachineContext,
): ProjectionOp[] {
  const f = state.finding;
  f.responsibleLeaderId = input.responsibleLeaderId;
  f.leadDepartmentId = input.leadDepartmentId;
  f.coDepartmentIds = input.coDepartmentIds ?? [];
  f.dueAt = new Date(input.dueAt).toISOString();
  // Before assignment the flag is only ever the import's mark (false for older workflows), so
  // replaying an existing history computes the same value.
  f.longTerm = input.longTerm ?? f.longTerm;
  const ops: ProjectionOp[] = [
    event(ctx, actorId, 'finding.assigned', state, {
      responsibleLeaderId: f.responsibleLeaderId,
      leadDepartmentId: f.leadDepartmentId,
      coDepartmentIds: f.coDepartmentIds,
      dueAt: f.dueAt,
      longTerm: f.longTerm,
    }),
  ];
  ops.push(openTask(state, 'draft_measures', ctx));
  ops.push(
    notice(
      ctx,
      state,
      'assigned',
      null,
      '新的整改任务',
      `问题“${f.title}”已交办，请制定整改措施。`,
      {
        roles: ['department'],
        departmentId: f.leadDepartmentId,
      },
    ),
  );
  return ops;
}

function applyDraft(
  state: FindingState,
  input: DraftMeasuresInput,
  ctx: MachineContext,
): ProjectionOp[] {
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
  return [
    { op: 'measures', findingId: f.id, cycle: f.cycle, rows: state.measures },
    openTask(state, 'approve_measures', ctx),
  ];
}

function applyMeasureDecision(
  state: FindingState,
  input: DecisionInput,
  actor: Actor,
  ctx: MachineContext,
): ProjectionOp[] {
  const f = state.finding;
  const ops: ProjectionOp[] = [reviewOp(state, 0, input, actor.userId, ctx)];
  if (input.decision === 'reject') {
    ops.push(openTask(state, 'draft_measures', ctx));
    ops.push(
      notice(
        ctx,
        state,
        'send_back',
        null,
        '整改措施被退回',
        `问题“${f.title}”的整改措施被退回：${input.comment ?? ''}`,
        {
          roles: ['department'],
          departmentId: f.leadDepartmentId,
        },
      ),
    );
  } else if (f.longTerm) {
    ops.push(openTask(state, 'stage_report', ctx));
  } else {
    ops.push(openTask(state, 'submit_evidence', ctx));
  }
  return ops;
}

function applyEvidence(
  state: FindingState,
  input: SubmitEvidenceInput,
  ctx: MachineContext,
): ProjectionOp[] {
  const f = state.finding;
  for (const m of state.measures) if (m.cycle === f.cycle) m.done = true;
  f.lastReport = input.report;
  state.sendBackComments = [];
  return [
    { op: 'measures', findingId: f.id, cycle: f.cycle, rows: state.measures },
    openTask(state, 'review_1', ctx),
  ];
}

const NEXT_REVIEW: Record<'review_1' | 'review_2' | 'review_3', TaskKind | null> = {
  review_1: 'review_2',
  review_2: 'review_3',
  review_3: null,
};

function applyReview(
  state: FindingState,
  kind: 'review_1' | 'review_2' | 'review_3',
  input: DecisionInput,
  actor: Actor,
  ctx: MachineContext,
): ProjectionOp[] {
  const f = state.finding;
  const level = Number(kind.slice(-1));
  const ops: ProjectionOp[] = [reviewOp(state, level, input, actor.userId, ctx)];
  if (input.decision === 'reject') {
    f.sentBackCount += 1;
    state.sendBackComments.push({ level, comment: input.comment ?? '' });
    ops.push(openTask(state, 'submit_evidence', ctx));
    ops.push(
      notice(
        ctx,
        state,
        'send_back',
        null,
        '整改材料被退回',
        `问题“${f.title}”在第${level}级审核被退回：${input.comment ?? ''}`,
        {
          roles: ['department'],
          departmentId: f.leadDepartmentId,
        },
      ),
    );
    return ops;
  }
  const next = NEXT_REVIEW[kind];
  if (next) {
    ops.push(openTask(state, next, ctx));
    return ops;
  }
  f.stage = 'closed';
  f.closedAt = iso(ctx.nowMs);
  state.lookBackAt = iso(ctx.nowMs + ctx.timing.lookBackAfterMs);
  ops.push(
    event(ctx, actor.userId, 'finding.closed', state, {
      closedAt: f.closedAt,
      lookBackAt: state.lookBackAt,
    }),
  );
  return ops;
}

function applyStageReport(
  state: FindingState,
  task: TaskWithTimers,
  input: StageReportInput,
  actorId: string,
  ctx: MachineContext,
): ProjectionOp[] {
  const f = state.finding;
  state.stageReportSeq += 1;
  f.lastReport = input.report;
  const ops: ProjectionOp[] = [
    {
      op: 'stageReport',
      row: {
        id: ctx.newId(),
        findingId: f.id,
        cycle: f.cycle,
        seq: state.stageReportSeq,
        report: input.report,
        evidenceIds: input.evidenceIds ?? [],
        finalStage: input.finalStage ?? false,
        authorId: actorId,
        at: iso(ctx.nowMs),
      },
    },
  ];
  if (input.finalStage) {
    for (const m of state.measures) if (m.cycle === f.cycle) m.done = true;
    ops.push({ op: 'measures', findingId: f.id, cycle: f.cycle, rows: state.measures });
    ops.push(openTask(state, 'review_1', ctx));
  } else {
    ops.push(openTask(state, 'stage_report', ctx, { dueAt: nextStageReportDue(task.dueAt, ctx) }));
  }
  return ops;
}

/**
 * Stage reports keep to fixed periods: the next report is due one period after the one just
 * given was due, so reporting early or late does not shift the schedule. A report more than
 * a period late is due at the end of the period now running, never in the past.
 */
export function nextStageReportDue(previousDueAt: string | null, ctx: MachineContext): string {
  const period = ctx.timing.stageReportEveryMs;
  const previous = previousDueAt ? Date.parse(previousDueAt) : ctx.nowMs;
  if (period <= 0) return iso(Math.max(previous, ctx.nowMs));
  const periods = Math.max(1, Math.floor((ctx.nowMs - previous) / period) + 1);
  return iso(previous + periods * period);
}

function applyEscalationAction(
  state: FindingState,
  escalationTask: TaskWithTimers,
  input: EscalationInput,
  actorId: string,
  ctx: MachineContext,
): ProjectionOp[] {
  const f = state.finding;
  const subject = state.tasks.find((t) => t.id === escalationTask.subjectTaskId) ?? null;
  const ops: ProjectionOp[] = [];
  const record = subject?.escalationId ? escalationRecord(state, subject, ctx) : null;
  switch (input.action) {
    case 'urge':
      ops.push(
        notice(
          ctx,
          state,
          'urge',
          subject?.id ?? null,
          '督办催办',
          `请尽快办理问题“${f.title}”：${input.comment}`,
          {
            roles: ['department', 'department_head'],
            departmentId: f.leadDepartmentId,
          },
        ),
      );
      break;
    case 'accountability':
      f.accountabilityCount += 1;
      ops.push(
        event(ctx, actorId, 'finding.accountability', state, {
          comment: input.comment,
          taskId: subject?.id ?? null,
        }),
      );
      break;
    case 'extend':
      if (subject) ops.push(...rescheduleTask(state, subject, input.dueAt as string, ctx));
      break;
    case 'reassign': {
      const from = f.leadDepartmentId;
      const to = input.leadDepartmentId as string;
      f.leadDepartmentId = to;
      for (const t of state.tasks) {
        if (t.departmentId === from && t.departmentId !== null) {
          t.departmentId = to;
          t.status = 'open';
          t.assigneeId = null;
          ops.push(taskOp(t));
        }
      }
      for (const m of state.measures) if (m.ownerDepartmentId === from) m.ownerDepartmentId = to;
      ops.push({ op: 'measures', findingId: f.id, cycle: f.cycle, rows: state.measures });
      ops.push(
        event(ctx, actorId, 'finding.reassigned', state, { from, to, comment: input.comment }),
      );
      ops.push(
        notice(
          ctx,
          state,
          'reassigned',
          null,
          '整改任务已改派',
          `问题“${f.title}”已改由其他部门牵头：${input.comment}`,
          {
            roles: ['department', 'department_head'],
            departmentId: from,
          },
        ),
      );
      ops.push(
        notice(
          ctx,
          state,
          'assigned',
          null,
          '新的整改任务（改派）',
          `问题“${f.title}”改由本部门牵头。`,
          {
            roles: ['department', 'department_head'],
            departmentId: to,
          },
        ),
      );
      if (subject && input.dueAt) ops.push(...rescheduleTask(state, subject, input.dueAt, ctx));
      break;
    }
  }
  if (record) {
    record.action = input.action;
    record.comment = input.comment;
    record.actorId = actorId;
    // Extending (or reassigning with a new due time) ends this ladder; urging and
    // accountability leave it running until the late step itself is done.
    if (subject && subject.escalationId === null) {
      record.status = 'resolved';
      record.resolvedAt = iso(ctx.nowMs);
    }
    ops.push({ op: 'escalation', row: record });
  }
  refreshEscalationLevel(state);
  return ops;
}

function rescheduleTask(
  state: FindingState,
  task: TaskWithTimers,
  dueAt: string,
  ctx: MachineContext,
): ProjectionOp[] {
  const f = state.finding;
  const due = new Date(dueAt).toISOString();
  const ops: ProjectionOp[] = [];
  // The evidence step is due at the finding's deadline, so extending it moves the deadline;
  // extending the draft may push the deadline out but never pulls it in.
  if (task.kind === 'submit_evidence') f.dueAt = due;
  if (task.kind === 'draft_measures' && (!f.dueAt || Date.parse(f.dueAt) < Date.parse(due)))
    f.dueAt = due;
  task.dueAt = due;
  task.reminded = false;
  task.escalatedLevel = 0;
  task.escalationLevel = 0;
  ops.push(...resolveEscalation(state, task, ctx));
  ops.push(taskOp(task));
  ops.push(
    event(ctx, null, 'task.rescheduled', state, { taskId: task.id, kind: task.kind, dueAt: due }),
  );
  return ops;
}

function applyLookBack(
  state: FindingState,
  input: LookBackInput,
  actorId: string,
  ctx: MachineContext,
): { ops: ProjectionOp[]; reopened: boolean } {
  const f = state.finding;
  const ops: ProjectionOp[] = [
    {
      op: 'lookBack',
      row: {
        id: ctx.newId(),
        findingId: f.id,
        cycle: f.cycle,
        outcome: input.outcome,
        comment: input.comment,
        actorId,
        at: iso(ctx.nowMs),
      },
    },
  ];
  if (input.outcome === 'holds') {
    ops.push(event(ctx, actorId, 'finding.look_back_holds', state, { comment: input.comment }));
    return { ops, reopened: false };
  }
  // A relapse (反弹回潮) reopens the finding in a new cycle with the same lead department;
  // the earlier cycle's measures, reviews and history stay in the read model.
  // The new cycle gets as long as the first had from creation to its deadline (at least one
  // step), so a relapse months after the deadline does not open an overdue step.
  const span = f.dueAt ? Date.parse(f.dueAt) - Date.parse(f.createdAt) : 0;
  f.dueAt = iso(ctx.nowMs + Math.max(span, ctx.timing.stepDueMs));
  f.cycle += 1;
  f.closedAt = null;
  f.escalationLevel = 0;
  state.lookBackAt = null;
  state.stageReportSeq = 0;
  state.sendBackComments = [];
  state.measures = state.measures
    .filter((m) => m.cycle === f.cycle - 1)
    .map((m) => ({ ...m, id: ctx.newId(), cycle: f.cycle, dueAt: f.dueAt, done: false }));
  ops.push({ op: 'measures', findingId: f.id, cycle: f.cycle, rows: state.measures });
  ops.push(
    event(ctx, actorId, 'finding.reopened', state, { cycle: f.cycle, comment: input.comment }),
  );
  ops.push(openTask(state, 'draft_measures', ctx));
  ops.push(
    notice(
      ctx,
      state,
      'look_back',
      null,
      '回头看发现反弹',
      `问题“${f.title}”回头看发现反弹回潮，已重新整改：${input.comment}`,
      {
        roles: ['department', 'department_head'],
        departmentId: f.leadDepartmentId,
      },
    ),
  );
  return { ops, reopened: true };
}

// ---------------------------------------------------------------------------------------------
// Timers: reminders, the escalation ladder and the look-back

export type TimerEvent =
  | { type: 'remind'; at: number; taskId: string }
  | { type: 'escalate'; at: number; taskId: string; level: number }
  | { type: 'look_back'; at: number };

/** The earliest timer the finding is waiting for, if any. */
export function nextTimerEvent(state: FindingState, timing: Timing): TimerEvent | null {
  let next: TimerEvent | null = null;
  const consider = (e: TimerEvent) => {
    if (!next || e.at < next.at) next = e;
  };
  for (const t of state.tasks) {
    if (!t.dueAt) continue;
    const due = Date.parse(t.dueAt);
    if (!t.reminded) consider({ type: 'remind', at: due - timing.warnBeforeMs, taskId: t.id });
    if (ESCALATING_KINDS.includes(t.kind) && t.escalatedLevel < MAX_ESCALATION_LEVEL) {
      const at = due + timing.escalateAfterMs + t.escalatedLevel * timing.escalationIntervalMs;
      consider({ type: 'escalate', at, taskId: t.id, level: t.escalatedLevel + 1 });
    }
  }
  if (state.lookBackAt) consider({ type: 'look_back', at: Date.parse(state.lookBackAt) });
  return next;
}

/**
 * The timer event due at `nowMs`, planned afresh from the state: when a timer fires in the
 * same moment as a human step, the step may have changed what is due (done, extended).
 */
export function dueTimerEvent(
  state: FindingState,
  timing: Timing,
  nowMs: number,
): TimerEvent | null {
  const next = nextTimerEvent(state, timing);
  return next && next.at <= nowMs ? next : null;
}

/** Fires one timer event that is due at `ctx.nowMs`. */
export function applyTimerEvent(
  state: FindingState,
  e: TimerEvent,
  ctx: MachineContext,
): ProjectionOp[] {
  const f = state.finding;
  if (e.type === 'look_back') {
    state.lookBackAt = null;
    const ops = [openTask(state, 'look_back', ctx)];
    ops.push(findingOp(state, ctx));
    return ops;
  }
  const task = state.tasks.find((t) => t.id === e.taskId);
  if (!task) return [];
  if (e.type === 'remind') {
    task.reminded = true;
    const to = [holders(task)];
    if (f.responsibleLeaderId) to.push({ userIds: [f.responsibleLeaderId] });
    // A step that opens already late (or whose reminder fell due while nobody ran) is told so.
    const late = task.dueAt !== null && ctx.nowMs > Date.parse(task.dueAt);
    const title = late ? '逾期提醒' : '临期提醒';
    const body = `“${f.title}”的待办（${TASK_KIND_LABELS_ZH[task.kind]}）${late ? '已逾期' : '即将到期'}，应于 ${task.dueAt} 前完成。`;
    return [
      notice(ctx, state, 'reminder', task.id, title, body, ...to),
      event(ctx, null, 'task.reminded', state, {
        taskId: task.id,
        kind: task.kind,
        dueAt: task.dueAt,
      }),
    ];
  }
  return raiseEscalation(state, task, e.level, ctx);
}

function raiseEscalation(
  state: FindingState,
  task: TaskWithTimers,
  level: number,
  ctx: MachineContext,
): ProjectionOp[] {
  const f = state.finding;
  const ops: ProjectionOp[] = [];
  task.escalatedLevel = level;
  task.escalationLevel = level;
  if (!task.escalationId) task.escalationId = ctx.newId();
  const record = escalationRecord(state, task, ctx);
  record.level = level;
  let escalationTask = state.tasks.find(
    (t) => t.kind === 'escalation' && t.subjectTaskId === task.id,
  );
  if (!escalationTask) {
    ops.push(openTask(state, 'escalation', ctx, { subjectTaskId: task.id, keepStage: true }));
    escalationTask = state.tasks[state.tasks.length - 1];
  }
  escalationTask.escalationLevel = level;
  record.escalationTaskId = escalationTask.id;
  ops.push(taskOp(task), taskOp(escalationTask), { op: 'escalation', row: record });
  refreshEscalationLevel(state);
  // Each level reaches one rank higher (督办 → 领导 → 党委): the supervisor, the late step's
  // holders and their department head; then the responsible leader too; then the committee.
  const to: NoticeRecipients[] = [{ roles: ['supervisor'] }, holders(task)];
  if (task.departmentId) to.push({ roles: ['department_head'], departmentId: task.departmentId });
  if (level >= 2 && f.responsibleLeaderId) to.push({ userIds: [f.responsibleLeaderId] });
  if (level >= 3) to.push({ roles: ['committee'] });
  const body = `“${f.title}”的待办（${TASK_KIND_LABELS_ZH[task.kind]}）已逾期（应于 ${task.dueAt} 前完成），升级为第${level}级督办。`;
  ops.push(notice(ctx, state, 'escalation', task.id, `督办（第${level}级）`, body, ...to));
  ops.push(
    event(ctx, null, 'finding.escalated', state, { taskId: task.id, kind: task.kind, level }),
  );
  ops.push(findingOp(state, ctx));
  return ops;
}

// ---------------------------------------------------------------------------------------------
// Building blocks

function mustFindTask(state: FindingState, taskId: string): TaskWithTimers {
  const task = state.tasks.find((t) => t.id === taskId);
  if (!task) throw new Error(`task ${taskId} is not open`);
  return task;
}

function holders(task: TaskWithTimers): NoticeRecipients {
  if (task.targetUserId) return { userIds: [task.targetUserId] };
  if (task.assigneeId) return { userIds: [task.assigneeId] };
  return { roles: [...task.roles], departmentId: task.departmentId };
}

/** Opens a task of `kind` and moves the finding to its stage. */
function openTask(
  state: FindingState,
  kind: TaskKind,
  ctx: MachineContext,
  opts: { subjectTaskId?: string; keepStage?: boolean; dueAt?: string } = {},
): ProjectionOp {
  const f = state.finding;
  const roles: Role[] = [...TASK_ROLES[kind]];
  const departmentScoped = roles.includes('department') || roles.includes('department_head');
  const personal = kind === 'approve_measures' || kind === 'review_2';
  const task: TaskWithTimers = {
    id: ctx.newId(),
    findingId: f.id,
    roundId: f.roundId,
    kind,
    roles,
    departmentId: departmentScoped ? f.leadDepartmentId : null,
    targetUserId: personal ? f.responsibleLeaderId : null,
    assigneeId: null,
    status: 'open',
    dueAt: opts.dueAt ?? taskDueAt(kind, ctx.nowMs, f.dueAt, ctx.timing),
    cycle: f.cycle,
    subjectTaskId: opts.subjectTaskId ?? null,
    escalationLevel: 0,
    createdAt: iso(ctx.nowMs),
    completedAt: null,
    completedBy: null,
    reminded: false,
    escalatedLevel: 0,
    escalationId: null,
  };
  state.tasks.push(task);
  if (!opts.keepStage) {
    const stage = stageForKind(kind);
    if (stage) f.stage = stage;
  }
  return taskOp(task);
}

function stageForKind(kind: TaskKind): Stage | null {
  switch (kind) {
    case 'assign':
    case 'draft_measures':
    case 'approve_measures':
    case 'review_1':
    case 'review_2':
    case 'review_3':
      return kind;
    case 'submit_evidence':
      return 'evidence';
    case 'stage_report':
      return 'long_term';
    default:
      return null;
  }
}

/** Ends a task; a late task's ladder stops and its open escalation task is cancelled. */
function closeTask(
  state: FindingState,
  task: TaskWithTimers,
  status: 'done' | 'cancelled',
  actorId: string | null,
  ctx: MachineContext,
): ProjectionOp {
  task.status = status;
  task.completedAt = iso(ctx.nowMs);
  task.completedBy = actorId;
  state.tasks = state.tasks.filter((t) => t.id !== task.id);
  return { op: 'task', row: stripTimers(task) };
}

function resolveEscalation(
  state: FindingState,
  task: TaskWithTimers,
  ctx: MachineContext,
): ProjectionOp[] {
  const ops: ProjectionOp[] = [];
  if (task.escalationId) {
    const record = escalationRecord(state, task, ctx);
    record.status = 'resolved';
    record.resolvedAt = iso(ctx.nowMs);
    ops.push({ op: 'escalation', row: record });
    task.escalationId = null;
  }
  const escalationTask = state.tasks.find(
    (t) => t.kind === 'escalation' && t.subjectTaskId === task.id,
  );
  if (escalationTask) ops.push(closeTask(state, escalationTask, 'cancelled', null, ctx));
  return ops;
}

/**
 * Escalation records are kept in a side table of the state keyed by id, so raising a level
 * or acting on it updates the same record (never a duplicate).
 */
function escalationRecord(
  state: FindingState,
  task: TaskWithTimers,
  ctx: MachineContext,
): EscalationRow {
  const records = state.escalations;
  const id = task.escalationId as string;
  let record = records[id];
  if (!record) {
    record = {
      id,
      findingId: state.finding.id,
      taskId: task.id,
      taskKind: task.kind,
      level: 0,
      status: 'open',
      escalationTaskId: null,
      action: null,
      comment: null,
      actorId: null,
      createdAt: iso(ctx.nowMs),
      resolvedAt: null,
    };
    records[id] = record;
  }
  return record;
}

function refreshEscalationLevel(state: FindingState): void {
  const records = state.escalations;
  let level = 0;
  for (const [id, r] of Object.entries(records)) {
    if (r.status === 'open') level = Math.max(level, r.level);
    else delete records[id];
  }
  state.finding.escalationLevel = level;
}

function stripTimers(task: TaskWithTimers) {
  const { reminded: _r, escalatedLevel: _e, escalationId: _i, ...row } = task;
  return row;
}

function taskOp(task: TaskWithTimers): ProjectionOp {
  return { op: 'task', row: stripTimers(task) };
}

function findingOp(state: FindingState, ctx: MachineContext): ProjectionOp {
  const f = state.finding;
  f.updatedAt = iso(ctx.nowMs);
  const dues = state.tasks
    .filter((t) => t.kind !== 'escalation' && t.dueAt)
    .map((t) => Date.parse(t.dueAt as string));
  f.nextDueAt = dues.length > 0 ? iso(Math.min(...dues)) : null;
  return { op: 'finding', row: { ...f, coDepartmentIds: [...f.coDepartmentIds] } };
}

function reviewOp(
  state: FindingState,
  level: number,
  input: DecisionInput,
  reviewerId: string,
  ctx: MachineContext,
): ProjectionOp {
  return {
    op: 'review',
    row: {
      id: ctx.newId(),
      findingId: state.finding.id,
      cycle: state.finding.cycle,
      level,
      decision: input.decision,
      comment: input.comment?.trim() || null,
      reviewerId,
      at: iso(ctx.nowMs),
    },
  };
}

function notice(
  ctx: MachineContext,
  state: FindingState,
  kind: NoticeKind,
  taskId: string | null,
  title: string,
  body: string,
  ...to: NoticeRecipients[]
): ProjectionOp {
  return {
    op: 'notice',
    notice: {
      id: ctx.newId(),
      kind,
      findingId: state.finding.id,
      taskId,
      title,
      body,
      at: iso(ctx.nowMs),
      to,
    },
  };
}

function event(
  ctx: MachineContext,
  actorId: string | null,
  action: string,
  state: FindingState,
  data: Record<string, unknown>,
): ProjectionOp {
  const e: AuditEventSpec = {
    id: ctx.newId(),
    at: iso(ctx.nowMs),
    actorId,
    action,
    entityType: 'finding',
    entityId: state.finding.id,
    findingId: state.finding.id,
    data: { ...data, stage: state.finding.stage, cycle: state.finding.cycle },
  };
  return { op: 'event', event: e };
}
