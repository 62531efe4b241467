/**
 * The finding's state machine as pure functions over `FindingState`: no Temporal APIs, no
 * clock and no randomness of its own (both come in through `MachineContext`), so it is unit
 * tested directly, and the workflow (and the API, for a created finding's first state) runs
 * the same code.
 *
 * Every function mutates the state it is given and returns the projection ops that make the
 * read model match it. What each kind of task means lives in its spec (task-kinds/); this
 * file only dispatches to them.
 */
import {
  checkRelease,
  checkTaskAction,
  recordDuty,
  separationOfDuties,
  taskInputSchema,
  type Actor,
  type TaskKind,
} from '@rectiflow/domain';
import {
  FAILURE,
  type CompleteTaskArgs,
  type FindingRow,
  type FindingState,
  type NewFinding,
  type ProjectionOp,
  type TaskActionArgs,
  type TaskWithTimers,
} from '@rectiflow/contracts';
import { refreshEscalationLevel, rescheduleTask, resolveEscalation } from './escalation-records';
import { fail, invalid, ok, type MachineContext, type Verdict } from './machine-context';
import { openTask } from './open-task';
import { event, findingOp, taskOp } from './projection-ops';
import type { Step, StepOutcome } from './task-kind-spec';
import { applyAssignment } from './task-kinds/assign';
import { specOf } from './task-kinds';
import { closeTask, mustFindTask } from './task-records';

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
    ...(input.roleOverrides ? { roleOverrides: input.roleOverrides } : {}),
  };
  const ops: ProjectionOp[] = [
    event(ctx, input.createdBy, 'finding.created', state, { title: input.title, code: input.code }),
  ];
  if (state.measures.length > 0) {
    ops.push({ op: 'measures', findingId: input.id, cycle: 1, rows: state.measures });
  }
  const open = opener(state, ctx);
  if (input.assignment) {
    ops.push(...applyAssignment(state, input.assignment, input.createdBy, ctx, open));
  } else {
    ops.push(open('assign'));
  }
  ops.push(findingOp(state, ctx));
  return { state, ops };
}

// ---------------------------------------------------------------------------------------------
// Validation (runs in update validators: nothing is written when it refuses)

function accessVerdict(verdict: ReturnType<typeof checkTaskAction>): Verdict {
  if (verdict.ok) return ok;
  return fail(
    verdict.reason === 'forbidden' ? FAILURE.forbidden : FAILURE.conflict,
    verdict.message,
  );
}

export function validateCompletion(
  state: FindingState,
  args: CompleteTaskArgs,
  nowMs: number,
): Verdict {
  const task = state.tasks.find((t) => t.id === args.taskId);
  if (!task) return fail(FAILURE.conflict, 'task is no longer open');
  const access = accessVerdict(checkTaskAction(args.actor, task));
  if (!access.ok) return access;
  const duties = separationVerdict(state, task.kind, args.actor.userId);
  if (!duties.ok) return duties;
  return validateInput(task.kind, state, args.input, nowMs);
}

/** Separation of duties over the cycle's record (unknown, in older states, refuses nobody). */
function separationVerdict(state: FindingState, kind: TaskKind, userId: string): Verdict {
  const refusal = separationOfDuties(state.duties, kind, userId);
  return refusal ? fail(FAILURE.separationOfDuties, refusal.message) : ok;
}

/** The body against its kind's schema, then against what the finding's state allows. */
function validateInput<K extends TaskKind>(
  kind: K,
  state: FindingState,
  body: unknown,
  nowMs: number,
): Verdict {
  const spec = specOf(kind);
  const parsed = taskInputSchema(kind).safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.');
    return invalid(
      field && !issue.message.startsWith(field) ? `${field}: ${issue.message}` : issue.message,
    );
  }
  return spec.validate(state, parsed.data, nowMs);
}

export function validateClaim(state: FindingState, args: TaskActionArgs): Verdict {
  const task = state.tasks.find((t) => t.id === args.taskId);
  if (!task) return fail(FAILURE.conflict, 'task is no longer open');
  const access = accessVerdict(checkTaskAction(args.actor, task));
  if (!access.ok) return access;
  if (task.status === 'claimed') return fail(FAILURE.conflict, 'task is already claimed by you');
  return separationVerdict(state, task.kind, args.actor.userId);
}

export function validateRelease(state: FindingState, args: TaskActionArgs): Verdict {
  const task = state.tasks.find((t) => t.id === args.taskId);
  if (!task) return fail(FAILURE.conflict, 'task is no longer open');
  return accessVerdict(checkRelease(args.actor, task));
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
  // The office handing back someone else's claim: whose it was goes into the history.
  const handedBack = task.assigneeId !== null && task.assigneeId !== args.actor.userId;
  const releasedFor = task.assigneeId;
  task.status = 'open';
  task.assigneeId = null;
  return [
    taskOp(task),
    event(ctx, args.actor.userId, 'task.released', state, {
      taskId: task.id,
      kind: task.kind,
      ...(handedBack ? { releasedFor } : {}),
    }),
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
  // Recorded before the step's own effects, which may open the next step of the cycle.
  state.duties = recordDuty(state.duties, task.kind, actorId);
  const outcome = completeAs(task.kind, state, task, args.input, args.actor, ctx);
  ops.push(...outcome.ops);
  refreshEscalationLevel(state);
  ops.push(findingOp(state, ctx));
  return { ops, continueAsNew: outcome.reopened ?? false };
}

function completeAs<K extends TaskKind>(
  kind: K,
  state: FindingState,
  task: TaskWithTimers,
  body: unknown,
  actor: Actor,
  ctx: MachineContext,
): StepOutcome {
  const spec = specOf(kind);
  // The validator has accepted this body; parsing again gives it its kind's type.
  const input = taskInputSchema(kind).parse(body ?? {});
  const step: Step<typeof input> = {
    state,
    task,
    input,
    actor,
    ctx,
    open: opener(state, ctx),
    reschedule: (t, dueAt) => rescheduleTask(state, t, dueAt, specOf(t.kind).due, ctx),
  };
  return spec.complete(step);
}

function opener(state: FindingState, ctx: MachineContext): Step<unknown>['open'] {
  return (kind, options) => openTask(state, kind, ctx, options);
}
