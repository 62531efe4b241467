import type { Actor, DueRule, Role, Stage, TaskInputByKind, TaskKind } from '@rectiflow/domain';
import type { FindingState, ProjectionOp, TaskWithTimers } from '@rectiflow/contracts';
import type { MachineContext, Verdict } from './machine-context';

/** How a step opens a further task (the machine's openTask, handed to each kind). */
export type OpenTask = (kind: TaskKind, options?: OpenTaskOptions) => ProjectionOp;

export interface OpenTaskOptions {
  /** For an escalation task: the late task it escalates. */
  subjectTaskId?: string;
  /** Set an explicit due time instead of the kind's due rule. */
  dueAt?: string;
  /** For a task of a named department (`department: 'named'`): that department. */
  departmentId?: string;
}

/** Everything completing a task of one kind works with. */
export interface Step<I> {
  state: FindingState;
  /** The task being completed; it has already left `state.tasks`. */
  task: TaskWithTimers;
  input: I;
  actor: Actor;
  ctx: MachineContext;
  open: OpenTask;
  /** A new due time for an open task, by its kind's due rule (escalation `extend`). */
  reschedule(task: TaskWithTimers, dueAt: string): ProjectionOp[];
}

export interface StepOutcome {
  ops: ProjectionOp[];
  /** The finding starts a new cycle (relapse at look-back): the workflow continues as new. */
  reopened?: boolean;
}

/**
 * Everything one kind of task means: who acts on it, the stage it belongs to, its timers, what
 * its body must satisfy beyond its schema and what completing it does. Every kind has one
 * (task-kinds/), and the machine has no other switch on kinds.
 */
export interface TaskKindSpec<K extends TaskKind> {
  kind: K;
  /** The roles that may act; the first is the task's `role` in the API. */
  roles: readonly Role[];
  /**
   * Whose department the task belongs to: `lead` — the finding's lead department (its
   * department roles act only there, and it follows the finding when reassigned); `named` —
   * the department it was opened for (a co-department's own part), which it keeps; `null` —
   * nobody's (organisation-wide roles act).
   */
  department: 'lead' | 'named' | null;
  /**
   * Runs alongside the finding's main line (a co-department's contribution): it blocks no
   * step, its due time is not the finding's next due time, and closure cancels it.
   */
  alongside?: boolean;
  /** Belongs to one person, the finding's responsible leader (nobody else may take it). */
  personal: boolean;
  /** The stage the finding enters when this task opens; null keeps the stage it is in. */
  stage: Stage | null;
  /** Whether lateness climbs the escalation ladder (the supervisor's own steps do not). */
  escalates: boolean;
  /** When it falls due once open (libs/domain due-times). */
  due: DueRule;
  /**
   * What the finding's state must allow for this body (runs in the update validator), once the
   * body has passed its kind's schema (libs/domain task-inputs, `taskInputSchema`).
   */
  validate(state: FindingState, input: TaskInputByKind[K], nowMs: number): Verdict;
  /** What completing it does: changes the state and returns the projection ops. */
  complete(step: Step<TaskInputByKind[K]>): StepOutcome;
}
