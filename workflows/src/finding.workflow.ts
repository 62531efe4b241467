import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Timing } from '@rectiflow/domain';
import {
  FAILURE,
  FINDING_SEARCH_ATTRIBUTES,
  STEP_REFUSED_ACTION,
  changeDueDateUpdate,
  claimTaskUpdate,
  completeTaskUpdate,
  reassignFindingUpdate,
  retitleFindingUpdate,
  returnAssignmentUpdate,
  issueSupervisionOrderUpdate,
  nudgeFindingUpdate,
  startLookBackUpdate,
  type StartLookBackArgs,
  type IssueSupervisionOrderArgs,
  type NudgeArgs,
  withdrawFindingUpdate,
  readyUpdate,
  refusedPayloadReason,
  releaseTaskUpdate,
  prefetchQuery,
  stateQuery,
  type FindingChangeArgs,
  type FindingState,
  type FindingWorkflow,
  type CompleteTaskArgs,
  type FindingWorkflowInput,
  type TaskActionArgs,
  type ProjectionBatch,
  type ProjectionOp,
  type StepResult,
} from '@rectiflow/contracts';
import type { NoticeMailActivities, ProjectionActivities } from '@rectiflow/activities';
import {
  applyClaim,
  applyCompletion,
  applyDueDateChange,
  applyReassign,
  applyRelease,
  applyRetitle,
  applyReturnAssignment,
  applyIssueSupervisionOrder,
  applyNudge,
  applyLookBackNow,
  applyWithdraw,
  applyTimerEvent,
  dueTimerEvent,
  initialState,
  nextTimerEvent,
  searchValuesOf,
  validateClaim,
  validateCompletion,
  validateDueDateChange,
  validateReassign,
  validateRelease,
  validateRetitle,
  validateReturnAssignment,
  validateIssueSupervisionOrder,
  validateNudge,
  validateStartLookBack,
  validateWithdraw,
  type MachineContext,
  type Verdict,
} from '@rectiflow/finding-machine';

// Projection writes are short database transactions. They retry without limit (a database
// outage must delay a step, never lose it), backing off to 30 s between attempts.
const { applyProjection } = proxyActivities<ProjectionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
  },
});

// The same write as a local activity: it runs inside the workflow task that asked for it, so a
// step costs one workflow task instead of task, activity and task (BENCH.md, "action"). New runs
// take this path; runs that began before it replay theirs (patch below).
const localProjection = proxyLocalActivities<ProjectionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
  },
});

// E-mail is a courtesy copy of a notice that is already in the inbox: a mail server outage is
// retried for a few minutes, then given up (the notification keeps emailedAt empty).
const { deliverNoticeEmails } = proxyActivities<NoticeMailActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
  },
});

/**
 * One finding's whole life (DOMAIN.md "A finding's life"): the machine in libs/finding-machine
 * decides, this shell handles updates, timers, projection and continue-as-new. Its signature is
 * `FindingWorkflow` in libs/contracts, which clients start it by.
 */
export const findingWorkflow: FindingWorkflow = async function findingWorkflow(
  input: FindingWorkflowInput,
): Promise<void> {
  // Started from outside with an input that is not encrypted with the service's key (the
  // codec decoded it into its refusal marker): nothing to run.
  // A history from before encryption (an upgraded deployment) is plaintext throughout: its
  // input carries the marker too, and replays as it ran (patch not in that history).
  if (refusedPayloadReason(input) !== null && patched('refused-step-audit')) return;
  const timing: Timing = input.timing;
  // A run that starts on this code records one marker in its first workflow task, and it stands
  // for every patch below: each of those would otherwise add its own marker, and a search
  // attribute upsert of Temporal's (TemporalChangeVersion), to the step that first reached it
  // (a finding's first step after its import reached two). A run that began before replays its
  // first task without the marker and keeps asking each patch where it always did.
  const baseline = patched('baseline-1');
  const since = (patchId: string): boolean => baseline || patched(patchId);
  // Co-departments' contribute tasks: asked by the machine only where there are co-departments
  // to give one, so a history from before the patch replays its assignments as they ran.
  // Supervision orders and nudges are new Updates; the patch marks the histories that had one.
  const features = {
    contributeTasks: () => since('contribute-tasks'),
    supervisionOrders: () => since('supervision-orders'),
    lookBackOnDemand: () => since('look-back-on-demand'),
    // Asked by the timer plan only while a 督办单's task is open with a due time.
    orderEscalation: () => since('supervision-order-escalation'),
  };
  const ctx = (): MachineContext => ({ nowMs: Date.now(), newId: uuid4, timing, features });

  let state: FindingState;
  let initialOps: ProjectionOp[] = [];
  if (input.kind === 'new') {
    const created = initialState(input.finding, input.createdAt, ctx());
    state = created.state;
    initialOps = created.ops;
  } else {
    // 'continued', or 'created' by the API with its first projection already written.
    state = input.state;
  }

  // Every state change bumps the version, which wakes the timer loop to re-plan.
  let version = 0;
  let ready = false;
  let reopenRequested = false;

  // Projections run one at a time in the order the state changed, so an older snapshot can
  // never overwrite a newer one in the read model.
  let projectionChain: Promise<void> = Promise.resolve();
  // Each batch is numbered above the one before (workflow time in microseconds, counted on
  // within an activation, and on from the run before across continue-as-new), so that the read
  // model can refuse a write that outlived its workflow task (patch 'projection-seq').
  let projectionSeq = input.kind === 'continued' ? (input.projectionSeq ?? 0) : 0;
  const nextProjectionSeq = (): number => {
    projectionSeq = Math.max(projectionSeq + 1, Date.now() * 1000);
    return projectionSeq;
  };
  // E-mails go out after their notices are committed, without holding up the step that
  // raised them; continuing as new waits for them so none is dropped.
  let mailChain: Promise<void> = Promise.resolve();
  // Search attributes and memo for operators (Temporal CLI and UI), refreshed with each change
  // of state; runs that began before keep their commands (patch).
  let publishedValues = '';
  let publishedMemo = '';
  const publish = (): void => {
    if (!since('search-attributes')) return;
    const values = searchValuesOf(state, Date.now(), timing.warnBeforeMs);
    const key = JSON.stringify(values);
    if (key !== publishedValues) {
      publishedValues = key;
      const k = FINDING_SEARCH_ATTRIBUTES;
      upsertSearchAttributes([
        { key: k.round, value: values.round },
        { key: k.stage, value: values.stage },
        { key: k.leadDepartment, value: values.leadDepartment },
        { key: k.leader, value: values.leader },
        { key: k.light, value: values.light },
        { key: k.overdue, value: values.overdue },
      ]);
    }
    const memo = { code: state.finding.code, title: state.finding.title };
    const memoKey = JSON.stringify(memo);
    if (memoKey !== publishedMemo) {
      publishedMemo = memoKey;
      upsertMemo(memo);
    }
  };

  const project = (ops: ProjectionOp[]): Promise<void> => {
    publish();
    const batch: ProjectionBatch = {
      findingId: state.finding.id,
      ops: JSON.parse(JSON.stringify(ops)) as ProjectionOp[],
      ...(since('projection-seq') ? { seq: nextProjectionSeq() } : {}),
    };
    const local = since('projection-local-activity');
    const applied = projectionChain.then(() =>
      local ? localProjection.applyProjection(batch) : applyProjection(batch),
    );
    const run = applied.then(() => undefined);
    projectionChain = run.catch(() => undefined);
    const noticeIds = ops.flatMap((op) => (op.op === 'notice' ? [op.notice.id] : []));
    if (noticeIds.length > 0) {
      // No mailer configured: the mail activity would do nothing, so it is not scheduled.
      // (Recorded histories carry no answer here, and keep their mail activity.)
      const mailed = applied
        .then((r) => (r?.mail === false ? undefined : deliverNoticeEmails({ noticeIds })))
        .then(
          () => undefined,
          () => undefined,
        );
      mailChain = Promise.all([mailChain, mailed]).then(() => undefined);
    }
    return run;
  };

  const result = (taskId: string): StepResult => ({
    findingId: state.finding.id,
    taskId,
    stage: state.finding.stage,
    cycle: state.finding.cycle,
  });

  const refuse = (v: Verdict): void => {
    if (!v.ok)
      throw ApplicationFailure.create({
        message: v.message,
        type: v.type,
        nonRetryable: true,
        // The refusal's stable word (look_back_open, …), for the API to answer with.
        ...(v.code ? { details: [{ code: v.code }] } : {}),
      });
  };

  // A step whose arguments the payload codec refused (not encrypted with the key only the API
  // and the workers hold: sent straight to Temporal, not through the API). Its validator lets
  // it in so that it is audited here; it changes nothing and fails. Only where the workflow
  // runs this code (patch `refused-step-audit`): a plaintext history from before encryption
  // replays its steps as they ran.
  const refuseUnsealed = async (update: string, reason: string): Promise<StepResult> => {
    const findingId = state.finding.id;
    await project([
      {
        op: 'event',
        event: {
          id: uuid4(),
          at: new Date(Date.now()).toISOString(),
          actorId: null,
          action: STEP_REFUSED_ACTION,
          entityType: 'finding',
          entityId: findingId,
          findingId,
          data: { update, reason: `the step's payload is ${reason}; steps come through the API` },
        },
      },
    ]);
    throw ApplicationFailure.create({
      message: `step refused: its payload is ${reason} (steps come through the API)`,
      type: FAILURE.forbidden,
      nonRetryable: true,
    });
  };
  const sealed =
    (check: (args: never) => void) =>
    (args: unknown): void => {
      if (refusedPayloadReason(args) === null) check(args as never);
    };

  setHandler(stateQuery, () => state);
  // Answered from memory: asking it is what loads the workflow (no command, no history event).
  setHandler(prefetchQuery, () => true);

  setHandler(readyUpdate, async () => {
    await condition(() => ready);
    return result('');
  });

  setHandler(
    completeTaskUpdate,
    async (args) => {
      const unsealed = refusedPayloadReason(args);
      if (unsealed !== null && since('refused-step-audit'))
        return refuseUnsealed(completeTaskUpdate.name, unsealed);
      const { ops, continueAsNew: reopened } = applyCompletion(state, args, ctx());
      version += 1;
      if (reopened) reopenRequested = true;
      await project(ops);
      return result(args.taskId);
    },
    {
      validator: sealed((args: CompleteTaskArgs) =>
        refuse(validateCompletion(state, args, Date.now())),
      ),
    },
  );

  setHandler(
    claimTaskUpdate,
    async (args) => {
      const unsealed = refusedPayloadReason(args);
      if (unsealed !== null && since('refused-step-audit'))
        return refuseUnsealed(claimTaskUpdate.name, unsealed);
      const ops = applyClaim(state, args, ctx());
      version += 1;
      await project(ops);
      return result(args.taskId);
    },
    { validator: sealed((args: TaskActionArgs) => refuse(validateClaim(state, args))) },
  );

  setHandler(
    releaseTaskUpdate,
    async (args) => {
      const unsealed = refusedPayloadReason(args);
      if (unsealed !== null && since('refused-step-audit'))
        return refuseUnsealed(releaseTaskUpdate.name, unsealed);
      const ops = applyRelease(state, args, ctx());
      version += 1;
      await project(ops);
      return result(args.taskId);
    },
    { validator: sealed((args: TaskActionArgs) => refuse(validateRelease(state, args))) },
  );

  // Changes the office makes to the running finding (改派, 延期, title, 撤回). New handlers: no
  // recorded history names them, so they need no patch. Each bumps the version, which wakes
  // the timer loop to plan from the new deadline and steps.
  const change =
    <A extends FindingChangeArgs>(
      update: { name: string },
      apply: (s: FindingState, args: A, c: MachineContext) => ProjectionOp[],
    ) =>
    async (args: A): Promise<StepResult> => {
      const unsealed = refusedPayloadReason(args);
      if (unsealed !== null) return refuseUnsealed(update.name, unsealed);
      const ops = apply(state, args, ctx());
      version += 1;
      await project(ops);
      return result('');
    };
  setHandler(reassignFindingUpdate, change(reassignFindingUpdate, applyReassign), {
    validator: sealed((args: Parameters<typeof validateReassign>[1]) =>
      refuse(validateReassign(state, args)),
    ),
  });
  setHandler(changeDueDateUpdate, change(changeDueDateUpdate, applyDueDateChange), {
    validator: sealed((args: Parameters<typeof validateDueDateChange>[1]) =>
      refuse(validateDueDateChange(state, args)),
    ),
  });
  setHandler(retitleFindingUpdate, change(retitleFindingUpdate, applyRetitle), {
    validator: sealed((args: Parameters<typeof validateRetitle>[1]) =>
      refuse(validateRetitle(state, args)),
    ),
  });
  setHandler(withdrawFindingUpdate, change(withdrawFindingUpdate, applyWithdraw), {
    validator: sealed((args: FindingChangeArgs) => refuse(validateWithdraw(state, args))),
  });
  // 退回交办 (the lead department's): a new handler too.
  setHandler(returnAssignmentUpdate, change(returnAssignmentUpdate, applyReturnAssignment), {
    validator: sealed((args: FindingChangeArgs) => refuse(validateReturnAssignment(state, args))),
  });
  // 督办单 and 催办 (the supervisor's or office's): new handlers, under patch supervision-orders.
  setHandler(
    issueSupervisionOrderUpdate,
    async (args: IssueSupervisionOrderArgs): Promise<StepResult> => {
      const unsealed = refusedPayloadReason(args);
      if (unsealed !== null) return refuseUnsealed(issueSupervisionOrderUpdate.name, unsealed);
      const ops = applyIssueSupervisionOrder(state, args, ctx());
      version += 1;
      await project(ops);
      const opened = ops.find((op) => op.op === 'task');
      return result(opened?.op === 'task' ? opened.row.id : '');
    },
    {
      validator: sealed((args: IssueSupervisionOrderArgs) =>
        refuse(validateIssueSupervisionOrder(state, args)),
      ),
    },
  );
  setHandler(
    nudgeFindingUpdate,
    async (args: NudgeArgs): Promise<StepResult> => {
      const unsealed = refusedPayloadReason(args);
      if (unsealed !== null) return refuseUnsealed(nudgeFindingUpdate.name, unsealed);
      const ops = applyNudge(state, args, ctx());
      version += 1;
      await project(ops);
      return result('');
    },
    { validator: sealed((args: NudgeArgs) => refuse(validateNudge(state, args))) },
  );

  // 立即回头看 (the supervisor's or office's): a new handler, under patch look-back-on-demand. It
  // opens the look-back task now and drops the planned time: the timer loop, woken by the new
  // version, re-plans without it (the timer is cut short).
  setHandler(
    startLookBackUpdate,
    async (args: StartLookBackArgs): Promise<StepResult> => {
      const unsealed = refusedPayloadReason(args);
      if (unsealed !== null) return refuseUnsealed(startLookBackUpdate.name, unsealed);
      const ops = applyLookBackNow(state, args, ctx());
      version += 1;
      await project(ops);
      const opened = ops.find((op) => op.op === 'task');
      return result(opened?.op === 'task' ? opened.row.id : '');
    },
    {
      validator: sealed((args: StartLookBackArgs) => refuse(validateStartLookBack(state, args))),
    },
  );

  if (initialOps.length > 0) await project(initialOps);
  else publish();
  if (input.kind === 'created' && input.noticeIds.length > 0) {
    const { noticeIds } = input;
    mailChain = deliverNoticeEmails({ noticeIds }).then(
      () => undefined,
      () => undefined,
    );
  }
  ready = true;

  // The timer loop: sleep until the earliest reminder, escalation or look-back, or until a
  // human step changes the plan; continue as new at a cycle boundary or when history grows.
  for (;;) {
    if (reopenRequested || workflowInfo().continueAsNewSuggested) {
      // Quiesce: no update half-handled, no projection or e-mail still pending (a step that
      // arrives meanwhile goes round once more).
      for (;;) {
        await condition(allHandlersFinished);
        const projections = projectionChain;
        const mails = mailChain;
        await projections;
        await mails;
        if (allHandlersFinished() && projections === projectionChain && mails === mailChain) break;
      }
      const reason = reopenRequested ? 'reopened' : 'history';
      await continueAsNew<typeof findingWorkflow>({
        kind: 'continued',
        state,
        timing,
        reason,
        ...(projectionSeq > 0 ? { projectionSeq } : {}),
      });
    }
    const seen = version;
    const next = nextTimerEvent(state, timing, features);
    const waitMs = next ? Math.max(0, next.at - Date.now()) : undefined;
    const changed = () => version !== seen || reopenRequested;
    if (!next || waitMs === undefined) {
      await condition(changed);
      continue;
    }
    if (await condition(changed, Math.max(waitMs, 1))) continue;
    // Re-plan rather than trust `next`: a step handled in the same activation as the timer
    // may have completed or extended the task it was for.
    const due = dueTimerEvent(state, timing, Date.now(), features);
    if (!due) continue;
    const ops = applyTimerEvent(state, due, ctx());
    version += 1;
    if (ops.length > 0) await project(ops);
  }
};
