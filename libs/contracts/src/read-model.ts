import type {
  Decision,
  EscalationAction,
  NoticeCode,
  NoticeKind,
  NoticeParamsByCode,
  Role,
  Stage,
  TaskKind,
  TaskStatus,
} from '@rectiflow/domain';

/**
 * Rows the finding workflow owns in the read model. The workflow holds them in its state and
 * hands them to the projection activity, which upserts them; API code only reads them.
 */
export interface FindingRow {
  id: string;
  roundId: string;
  areaId: string | null;
  themeId: string | null;
  code: string;
  seq: number;
  title: string;
  areaTitle: string | null;
  themeTitle: string | null;
  stage: Stage;
  longTerm: boolean;
  responsibleLeaderId: string | null;
  leadDepartmentId: string | null;
  coDepartmentIds: string[];
  dueAt: string | null;
  /** Earliest due time among the finding's open steps: its light and `overdue` derive from it. */
  nextDueAt: string | null;
  escalationLevel: number;
  cycle: number;
  sentBackCount: number;
  accountabilityCount: number;
  closedAt: string | null;
  lastReport: string | null;
  createdAt: string;
  updatedAt: string;
  /**
   * Withdrawn by the office (撤回): no open task, out of every inbox and open count, still in the
   * ledger. Absent in states of workflows that never withdrew (= false).
   */
  withdrawn?: boolean;
  withdrawnReason?: string | null;
}

export interface MeasureRow {
  id: string;
  findingId: string;
  cycle: number;
  seq: number;
  text: string;
  ownerDepartmentId: string | null;
  dueAt: string | null;
  done: boolean;
}

export interface TaskRow {
  id: string;
  findingId: string;
  roundId: string;
  kind: TaskKind;
  /** Every role that may act; the first is the task's `role` in the API. */
  roles: Role[];
  departmentId: string | null;
  targetUserId: string | null;
  assigneeId: string | null;
  status: TaskStatus;
  dueAt: string | null;
  cycle: number;
  /** For an `escalation` task: the overdue task it escalates. */
  subjectTaskId: string | null;
  escalationLevel: number;
  createdAt: string;
  completedAt: string | null;
  completedBy: string | null;
}

export interface ReviewRow {
  id: string;
  findingId: string;
  cycle: number;
  /** 0 is the leader's decision on the measures; 1–3 the three review levels. */
  level: number;
  decision: Decision;
  comment: string | null;
  reviewerId: string;
  at: string;
}

export interface EscalationRow {
  id: string;
  findingId: string;
  /** The overdue task this escalation is about. */
  taskId: string;
  taskKind: TaskKind;
  level: number;
  status: 'open' | 'resolved';
  escalationTaskId: string | null;
  action: EscalationAction | null;
  comment: string | null;
  actorId: string | null;
  createdAt: string;
  resolvedAt: string | null;
}

export interface StageReportRow {
  id: string;
  findingId: string;
  cycle: number;
  seq: number;
  report: string;
  evidenceIds: string[];
  finalStage: boolean;
  authorId: string;
  at: string;
}

/** 配合整改: what a co-operating department reported of its part (its contribute task's id). */
export interface ContributionRow {
  /** The contribute task it completed. */
  id: string;
  findingId: string;
  cycle: number;
  departmentId: string;
  text: string;
  evidenceIds: string[];
  authorId: string;
  at: string;
}

/**
 * 督办单: an order the supervisor (or office) issued on a finding to a department — a
 * requirement and a due date — with the department's answer and its acceptance.
 */
export interface SupervisionOrderRow {
  id: string;
  findingId: string;
  cycle: number;
  departmentId: string;
  requirement: string;
  dueAt: string;
  /** open: the department's to answer; answered: awaiting acceptance; accepted; cancelled. */
  status: 'open' | 'answered' | 'accepted' | 'cancelled';
  /** The task now open for it (the department's answer or the acceptance), null once ended. */
  taskId: string | null;
  issuedBy: string;
  issuedAt: string;
  answer: string | null;
  evidenceIds: string[];
  answeredBy: string | null;
  answeredAt: string | null;
  /** Times the answer was returned, and the comment of the last return. */
  returnCount: number;
  returnComment: string | null;
  closedBy: string | null;
  closedAt: string | null;
}

export interface LookBackRow {
  id: string;
  findingId: string;
  cycle: number;
  outcome: 'holds' | 'relapsed';
  comment: string;
  actorId: string;
  at: string;
}

/** Who receives a notice; the activity resolves roles and departments to users. */
export interface NoticeRecipients {
  userIds?: string[];
  roles?: Role[];
  /** Limits `roles` to one department when set. */
  departmentId?: string | null;
}

export interface NoticeSpec {
  id: string;
  kind: NoticeKind;
  /**
   * The text's code and parameters (libs/domain finding-texts). Absent in projections that
   * workflows scheduled before notices had codes: those are stored with a null code.
   */
  code?: NoticeCode;
  params?: NoticeParamsByCode[NoticeCode];
  findingId: string;
  taskId: string | null;
  /** The Chinese text, rendered from the code (stored for e-mail and older readers). */
  title: string;
  body: string;
  at: string;
  /** Union of recipient groups; each user receives the notice once. */
  to: NoticeRecipients[];
}

/** An audited state change; also the finding's history line. */
export interface AuditEventSpec {
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  findingId: string | null;
  data: Record<string, unknown>;
}

export type ProjectionOp =
  | { op: 'finding'; row: FindingRow }
  | { op: 'task'; row: TaskRow }
  | { op: 'measures'; findingId: string; cycle: number; rows: MeasureRow[] }
  | { op: 'review'; row: ReviewRow }
  | { op: 'escalation'; row: EscalationRow }
  | { op: 'stageReport'; row: StageReportRow }
  | { op: 'lookBack'; row: LookBackRow }
  | { op: 'contribution'; row: ContributionRow }
  | { op: 'supervisionOrder'; row: SupervisionOrderRow }
  | { op: 'notice'; notice: NoticeSpec }
  | { op: 'event'; event: AuditEventSpec };

export interface ProjectionBatch {
  findingId: string;
  ops: ProjectionOp[];
  /**
   * The batch's place in its finding's life: every batch a workflow sends has a higher one than
   * the batches before it, also across continue-as-new (workflow time in microseconds, counted
   * on within one activation). The read model applies a batch only when it is higher than the
   * newest it has applied for the finding. Absent from batches of runs begun before the patch
   * 'projection-seq' replayed up to it, and from the API's own first projections.
   */
  seq?: number;
}
