import { checkSupervisionAction, SUPERVISION_ORDER_ROLES } from '@rectiflow/domain';
import type {
  FindingState,
  IssueSupervisionOrderArgs,
  NudgeArgs,
  ProjectionOp,
  SupervisionOrderRow,
  TaskWithTimers,
} from '@rectiflow/contracts';
import { FAILURE } from '@rectiflow/contracts';
import { fail, invalid, iso, ok, type MachineContext, type Verdict } from '../machine-context';
import { rescheduleTask } from '../escalation-records';
import { event, findingOp, notice } from '../projection-ops';
import type { OpenTask, TaskKindSpec } from '../task-kind-spec';

/**
 * 督办单: the supervisor (or office) orders a department to act on a finding — a requirement
 * and a due date. The department's clerk or head answers it (`supervision_order`), the
 * supervisor or office accepts the answer or returns it with a comment
 * (`supervision_order_review`); a returned order is the department's again. Both run
 * alongside the finding's steps and block none of them.
 */

function ordersOf(state: FindingState): Record<string, SupervisionOrderRow> {
  state.supervisionOrders ??= {};
  return state.supervisionOrders;
}

/** The order whose current task is `task` (each open order has exactly one). */
function orderOfTask(state: FindingState, task: TaskWithTimers): SupervisionOrderRow | undefined {
  return Object.values(state.supervisionOrders ?? {}).find((o) => o.taskId === task.id);
}

function orderOp(order: SupervisionOrderRow): ProjectionOp {
  return { op: 'supervisionOrder', row: { ...order, evidenceIds: [...order.evidenceIds] } };
}

function toDepartment(departmentId: string) {
  return { roles: ['department' as const, 'department_head' as const], departmentId };
}

export const supervisionOrder: TaskKindSpec<'supervision_order'> = {
  kind: 'supervision_order',
  roles: ['department', 'department_head'],
  department: 'named',
  personal: false,
  stage: null,
  escalates: false,
  alongside: true,
  due: 'finding_deadline',
  validate: () => ok,
  complete: ({ state, task, input, actor, ctx, open }) => {
    const order = orderOfTask(state, task);
    if (!order) return { ops: [] };
    order.status = 'answered';
    order.answer = input.answer.trim();
    order.evidenceIds = input.evidenceIds ?? [];
    order.answeredBy = actor.userId;
    order.answeredAt = iso(ctx.nowMs);
    const review = open('supervision_order_review');
    order.taskId = state.tasks[state.tasks.length - 1].id;
    return {
      ops: [
        review,
        orderOp(order),
        event(ctx, actor.userId, 'supervision_order.answered', state, {
          orderId: order.id,
          departmentId: order.departmentId,
          answer: order.answer,
        }),
        notice(
          ctx,
          state,
          'supervision_order_answered',
          { findingTitle: state.finding.title },
          order.taskId,
          { userIds: [order.issuedBy] },
        ),
      ],
    };
  },
};

export const supervisionOrderReview: TaskKindSpec<'supervision_order_review'> = {
  kind: 'supervision_order_review',
  roles: SUPERVISION_ORDER_ROLES,
  department: null,
  personal: false,
  stage: null,
  escalates: false,
  alongside: true,
  due: 'step',
  validate: () => ok,
  complete: ({ state, task, input, actor, ctx, open }) => {
    const order = orderOfTask(state, task);
    if (!order) return { ops: [] };
    const title = state.finding.title;
    if (input.decision === 'reject') {
      const comment = input.comment?.trim() ?? '';
      order.status = 'open';
      order.returnCount += 1;
      order.returnComment = comment;
      const again = open('supervision_order', {
        departmentId: order.departmentId,
        dueAt: order.dueAt,
      });
      order.taskId = state.tasks[state.tasks.length - 1].id;
      return {
        ops: [
          again,
          orderOp(order),
          event(ctx, actor.userId, 'supervision_order.returned', state, {
            orderId: order.id,
            departmentId: order.departmentId,
            comment,
          }),
          notice(
            ctx,
            state,
            'supervision_order_returned',
            { findingTitle: title, comment },
            order.taskId,
            toDepartment(order.departmentId),
          ),
        ],
      };
    }
    order.status = 'accepted';
    order.taskId = null;
    order.closedBy = actor.userId;
    order.closedAt = iso(ctx.nowMs);
    delete ordersOf(state)[order.id];
    return {
      ops: [
        orderOp(order),
        event(ctx, actor.userId, 'supervision_order.accepted', state, {
          orderId: order.id,
          departmentId: order.departmentId,
        }),
        notice(
          ctx,
          state,
          'supervision_order_accepted',
          { findingTitle: title },
          null,
          toDepartment(order.departmentId),
        ),
      ],
    };
  },
};

function supervisionVerdict(
  state: FindingState,
  args: { actor: IssueSupervisionOrderArgs['actor'] },
): Verdict {
  const verdict = checkSupervisionAction(args.actor, state.finding);
  if (!verdict.ok)
    return fail(
      verdict.reason === 'forbidden' ? FAILURE.forbidden : FAILURE.conflict,
      verdict.message,
    );
  return ok;
}

/** 督办单: who may issue it and what it must say (the department the API checked). */
export function validateIssueSupervisionOrder(
  state: FindingState,
  args: IssueSupervisionOrderArgs,
): Verdict {
  const who = supervisionVerdict(state, args);
  if (!who.ok) return who;
  if (typeof args.departmentId !== 'string' || args.departmentId === '')
    return invalid('departmentId: name the department the order is for');
  if (typeof args.requirement !== 'string' || args.requirement.trim() === '')
    return invalid('requirement: say what the department must do');
  if (typeof args.dueAt !== 'string' || Number.isNaN(Date.parse(args.dueAt)))
    return invalid('dueAt: must be a date and time');
  return ok;
}

/**
 * Opens the department's `supervision_order` task, due when the order says, keeps the order
 * in the state (its requirement goes back to the department if its answer is returned) and
 * tells the department.
 */
export function issueSupervisionOrder(
  state: FindingState,
  args: IssueSupervisionOrderArgs,
  ctx: MachineContext,
  open: OpenTask,
): ProjectionOp[] {
  ctx.features?.supervisionOrders?.();
  const dueAt = new Date(args.dueAt).toISOString();
  const opened = open('supervision_order', { departmentId: args.departmentId, dueAt });
  const task = state.tasks[state.tasks.length - 1];
  const order: SupervisionOrderRow = {
    id: ctx.newId(),
    findingId: state.finding.id,
    cycle: state.finding.cycle,
    departmentId: args.departmentId,
    requirement: args.requirement.trim(),
    dueAt,
    status: 'open',
    taskId: task.id,
    issuedBy: args.actor.userId,
    issuedAt: iso(ctx.nowMs),
    answer: null,
    evidenceIds: [],
    answeredBy: null,
    answeredAt: null,
    returnCount: 0,
    returnComment: null,
    closedBy: null,
    closedAt: null,
  };
  ordersOf(state)[order.id] = order;
  return [
    opened,
    orderOp(order),
    event(ctx, args.actor.userId, 'supervision_order.issued', state, {
      orderId: order.id,
      taskId: task.id,
      departmentId: order.departmentId,
      requirement: order.requirement,
      dueAt,
    }),
    notice(
      ctx,
      state,
      'supervision_order_issued',
      { findingTitle: state.finding.title, requirement: order.requirement, dueAt },
      task.id,
      toDepartment(order.departmentId),
    ),
    findingOp(state, ctx),
  ];
}

/** 催办: who may nudge, with a text, and to which department (the lead one by default). */
export function validateNudge(state: FindingState, args: NudgeArgs): Verdict {
  const who = supervisionVerdict(state, args);
  if (!who.ok) return who;
  if (typeof args.text !== 'string' || args.text.trim() === '')
    return invalid('text: say what the nudge asks for');
  if (!args.departmentId && !state.finding.leadDepartmentId)
    return fail(FAILURE.conflict, 'the finding has no lead department yet: name a department');
  return ok;
}

/** A notice to the department's clerks and head and a line in the history; no task. */
export function applyNudge(
  state: FindingState,
  args: NudgeArgs,
  ctx: MachineContext,
): ProjectionOp[] {
  ctx.features?.supervisionOrders?.();
  const departmentId = args.departmentId || (state.finding.leadDepartmentId as string);
  const text = args.text.trim();
  return [
    event(ctx, args.actor.userId, 'finding.nudged', state, { departmentId, text }),
    notice(
      ctx,
      state,
      'urged',
      { findingTitle: state.finding.title, comment: text },
      null,
      toDepartment(departmentId),
    ),
  ];
}

/**
 * The supervisor extends an ignored order from its escalation (督办 `extend`): the order and
 * its task are due at the new time, the ladder starts again from it, and the finding's own
 * deadline stays where it is (the order runs beside the finding's steps).
 */
export function rescheduleOrder(
  state: FindingState,
  task: TaskWithTimers,
  dueAt: string,
  ctx: MachineContext,
): ProjectionOp[] {
  const ops = rescheduleTask(state, task, dueAt, 'step', ctx);
  const order = orderOfTask(state, task);
  if (order) {
    order.dueAt = task.dueAt as string;
    ops.push(orderOp(order));
  }
  return ops;
}

/**
 * Orders whose task a change of the finding cancelled (撤回, 退回交办 end every open step) are
 * cancelled with it, so none stays open with nobody to act on it.
 */
export function cancelOrphanedOrders(state: FindingState, ctx: MachineContext): ProjectionOp[] {
  const ops: ProjectionOp[] = [];
  for (const order of Object.values(state.supervisionOrders ?? {})) {
    if (order.taskId && state.tasks.some((t) => t.id === order.taskId)) continue;
    order.status = 'cancelled';
    order.taskId = null;
    order.closedAt = iso(ctx.nowMs);
    delete ordersOf(state)[order.id];
    ops.push(orderOp(order));
  }
  return ops;
}
