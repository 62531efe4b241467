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
  applyCompletion,
  applyTimerEvent,
  dueTimerEvent,
  initialState,
  nextTimerEvent,
  validateCompletion,
  type MachineContext,
} from '../index';
import type { MachineFeatures } from '../machine-context';

// The harness the machine's specs drive it with: a finding plus a hand-held clock (minutes
// instead of days), as the workflow shell is, minus Temporal.
export const MIN = 60_000;
export const timing: Timing = {
  warnBeforeMs: 2 * MIN,
  escalateAfterMs: 1 * MIN,
  escalationIntervalMs: 3 * MIN,
  stepDueMs: 10 * MIN,
  stageReportEveryMs: 20 * MIN,
  lookBackAfterMs: 60 * MIN,
};
export const T0 = Date.parse('2025-03-01T00:00:00.000Z');
export const iso = (ms: number) => new Date(ms).toISOString();

export const office: Actor = { userId: 'u-office', roles: ['office'], departmentId: null };
export const leader: Actor = { userId: 'u-leader', roles: ['leader'], departmentId: null };
export const dept1: Actor = { userId: 'u-dept1', roles: ['department'], departmentId: 'D1' };
export const dept1head: Actor = {
  userId: 'u-dept1head',
  roles: ['department_head'],
  departmentId: 'D1',
};
export const dept2: Actor = { userId: 'u-dept2', roles: ['department'], departmentId: 'D2' };
export const committee: Actor = { userId: 'u-committee', roles: ['committee'], departmentId: null };
export const supervisor: Actor = {
  userId: 'u-supervisor',
  roles: ['supervisor'],
  departmentId: null,
};

/** A finding plus a clock: the harness the workflow shell is, minus Temporal. */
export class Harness {
  now = T0;
  private n = 0;
  state!: FindingState;
  ops: ProjectionOp[] = [];

  /** Whether the contribute-tasks behaviour is on (a workflow from before it: off). */
  contributeTasks = true;
  /** Whether ignored 督办单 climb the ladder (a workflow from before it: off). */
  orderEscalation = true;

  features(): MachineFeatures {
    const contributeTasks = this.contributeTasks;
    const orderEscalation = this.orderEscalation;
    return {
      contributeTasks: () => contributeTasks,
      orderEscalation: () => orderEscalation,
    };
  }

  ctx(): MachineContext {
    return {
      nowMs: this.now,
      newId: () => `id-${++this.n}`,
      timing,
      features: this.features(),
    };
  }

  create(
    opts: {
      assigned?: boolean;
      longTerm?: boolean;
      dueInMs?: number;
      coDepartmentIds?: string[];
      coDepartmentDueAt?: string;
    } = {},
  ): this {
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
              ...(opts.coDepartmentIds ? { coDepartmentIds: opts.coDepartmentIds } : {}),
              ...(opts.coDepartmentDueAt ? { coDepartmentDueAt: opts.coDepartmentDueAt } : {}),
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
      const next = nextTimerEvent(this.state, timing, this.features());
      if (!next || next.at > at) break;
      this.now = Math.max(this.now, next.at);
      const due = dueTimerEvent(this.state, timing, this.now, this.features());
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

export const due = (t: TaskWithTimers) => Date.parse(t.dueAt as string);
