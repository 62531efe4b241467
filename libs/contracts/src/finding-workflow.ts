import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, DutyRecord, Role, TaskKind, Timing } from '@rectiflow/domain';
import type { AnyTaskInput, AssignInput } from '@rectiflow/domain';
import type {
  EscalationRow,
  FindingRow,
  MeasureRow,
  SupervisionOrderRow,
  TaskRow,
} from './read-model';

/** The one task queue every finding workflow and its activities run on. */
export const TASK_QUEUE = 'rectiflow-findings';

export const FINDING_WORKFLOW_TYPE = 'findingWorkflow';

/**
 * The finding workflow's signature. Clients start and signal it by this type and
 * FINDING_WORKFLOW_TYPE, never by importing workflows/ (lint forbids apps → workflows).
 */
export type FindingWorkflow = (input: FindingWorkflowInput) => Promise<void>;

/** Stable, meaningful workflow id: starting a finding twice is harmless. */
export function findingWorkflowId(findingId: string): string {
  return `finding-${findingId}`;
}

/** What the API knows of a finding when it creates it. */
export interface NewFinding extends Pick<
  FindingRow,
  'id' | 'roundId' | 'areaId' | 'themeId' | 'code' | 'seq' | 'title' | 'areaTitle' | 'themeTitle'
> {
  /** Measures already known (from an imported report); the department may redraft them. */
  measures: string[];
  /** Present when leader, department and due time are all known: the finding skips `assign`. */
  assignment: AssignInput | null;
  /**
   * Marked long-term by an import before anyone assigned it; `assign` keeps the mark unless its
   * input says otherwise. Absent in workflows started before this field existed (= false).
   */
  longTerm?: boolean;
  createdBy: string;
  /**
   * Who acts on a kind for this finding where its unit differs from the kind's spec (e.g. a
   * unit whose level-3 acceptance is its committee's alone). Absent before units existed.
   */
  roleOverrides?: Partial<Record<TaskKind, Role[]>>;
}

/** The workflow's whole state; it is also what `continueAsNew` carries forward. */
export interface FindingState {
  finding: FindingRow;
  measures: MeasureRow[];
  /** Open and claimed tasks only; finished ones live in the read model. */
  tasks: TaskWithTimers[];
  /** Reviewers' comments since the last submission, shown with the next evidence task. */
  sendBackComments: { level: number; comment: string }[];
  stageReportSeq: number;
  /** When the look-back (回头看) task opens; set at closure. */
  lookBackAt: string | null;
  /** Open escalation records by id: raising a level updates the same record. */
  escalations: Record<string, EscalationRow>;
  /** From NewFinding: who acts on a kind where the unit differs; absent in older states. */
  roleOverrides?: Partial<Record<TaskKind, Role[]>>;
  /**
   * Who drafted, submitted and reviewed in the current cycle (separation of duties). Absent in
   * states of workflows started before it was kept, and each field until its step is done here:
   * unknown, which refuses nobody.
   */
  duties?: DutyRecord;
  /** 督办单 not yet accepted, by id; absent in states from before supervision orders. */
  supervisionOrders?: Record<string, SupervisionOrderRow>;
}

/** A task plus what its timers have already done, so none fires twice. */
export interface TaskWithTimers extends TaskRow {
  reminded: boolean;
  /** Escalation level already raised for this task (0 = none). */
  escalatedLevel: number;
  /** The escalation record of this task's ladder, while one is open. */
  escalationId: string | null;
}

export type FindingWorkflowInput =
  | { kind: 'new'; finding: NewFinding; timing: Timing; createdAt: string }
  | {
      kind: 'continued';
      state: FindingState;
      timing: Timing;
      reason: string;
      /** The number of the last projection batch the run before sent (ProjectionBatch.seq). */
      projectionSeq?: number;
    }
  | {
      /**
       * Created by the API, which computed the first state with the same pure machine
       * (initialState) and wrote its projection in the transaction that created the finding:
       * the workflow carries on from `state` and projects nothing at its start.
       */
      kind: 'created';
      state: FindingState;
      timing: Timing;
      /** Notices of that first projection still to be e-mailed (empty when mail is off). */
      noticeIds: string[];
    };

export interface CompleteTaskArgs {
  taskId: string;
  actor: Actor;
  input: AnyTaskInput;
}

export interface TaskActionArgs {
  taskId: string;
  actor: Actor;
}

/** A change the office makes to a running finding (改派, 延期, 修改标题, 撤回); always with a reason. */
export interface FindingChangeArgs {
  actor: Actor;
  reason: string;
}

/** 改派: any of leader, lead department and co-departments; the rest stays. */
export interface ReassignArgs extends FindingChangeArgs {
  responsibleLeaderId?: string;
  leadDepartmentId?: string;
  coDepartmentIds?: string[];
  /** When the contributions of co-departments added now fall due (default: the deadline). */
  coDepartmentDueAt?: string;
}

/** 延期: a new deadline (ISO time); the steps due at the deadline follow it. */
export interface DueDateChangeArgs extends FindingChangeArgs {
  dueAt: string;
}

/** A new title; the earlier one is kept in the history. */
export interface RetitleArgs extends FindingChangeArgs {
  title: string;
}

export interface StepResult {
  findingId: string;
  taskId: string;
  stage: FindingRow['stage'];
  cycle: number;
}

/**
 * Failure types thrown by update validators and handlers, so the API maps them to HTTP
 * statuses without parsing messages.
 */
export const FAILURE = {
  forbidden: 'Forbidden',
  conflict: 'Conflict',
  invalid: 'InvalidInput',
  notFound: 'NotFound',
  /** A separation-of-duties rule (libs/domain separation-of-duties.ts) refuses the person. */
  separationOfDuties: 'SeparationOfDuties',
} as const;

/**
 * Resolves once the finding's first projection (and so its first task) is written. The API
 * started findings with it (update-with-start) before it wrote first states itself; kept so
 * that workflows of that time, and clients that wait on it, keep working.
 */
export const readyUpdate = defineUpdate<StepResult, []>('ready');
export const completeTaskUpdate = defineUpdate<StepResult, [CompleteTaskArgs]>('completeTask');
export const claimTaskUpdate = defineUpdate<StepResult, [TaskActionArgs]>('claimTask');
export const releaseTaskUpdate = defineUpdate<StepResult, [TaskActionArgs]>('releaseTask');
// Changes on a running finding (office). Registered after the steps above: histories recorded
// before they existed never name them.
export const reassignFindingUpdate = defineUpdate<StepResult, [ReassignArgs]>('reassignFinding');
export const changeDueDateUpdate = defineUpdate<StepResult, [DueDateChangeArgs]>('changeDueDate');
export const retitleFindingUpdate = defineUpdate<StepResult, [RetitleArgs]>('retitleFinding');
export const withdrawFindingUpdate = defineUpdate<StepResult, [FindingChangeArgs]>(
  'withdrawFinding',
);
/** 退回交办: the lead department hands the assignment back to the office, with its reason. */
export const returnAssignmentUpdate = defineUpdate<StepResult, [FindingChangeArgs]>(
  'returnAssignment',
);
/** 督办单: the supervisor (or office) orders a department to act on the finding by a date. */
export interface IssueSupervisionOrderArgs {
  actor: Actor;
  departmentId: string;
  requirement: string;
  /** ISO time (the API makes a calendar day the end of that day). */
  dueAt: string;
}
export const issueSupervisionOrderUpdate = defineUpdate<StepResult, [IssueSupervisionOrderArgs]>(
  'issueSupervisionOrder',
);
/** 催办: a notice to a department (the lead department when none is named); no task. */
export interface NudgeArgs {
  actor: Actor;
  departmentId?: string;
  text: string;
}
export const nudgeFindingUpdate = defineUpdate<StepResult, [NudgeArgs]>('nudgeFinding');
/**
 * 立即回头看: the supervisor or office starts a closed finding's look-back (回头看) now instead of
 * LOOK_BACK_AFTER past closure; `sampleSeed` when it was drawn in a round's sample (抽查).
 */
export interface StartLookBackArgs {
  actor: Actor;
  sampleSeed?: number;
}
export const startLookBackUpdate = defineUpdate<StepResult, [StartLookBackArgs]>('startLookBack');
export const stateQuery = defineQuery<FindingState>('state');
/**
 * A question with no content: answering it makes the worker load the finding's workflow (replay
 * its history, when it has left the worker's cache) without changing anything. The API asks it
 * when someone opens a finding with a step for them to take, so that the step finds the workflow
 * in memory (apps/api/src/temporal/workflow-prefetch.ts).
 */
export const prefetchQuery = defineQuery<true>('prefetch');
