import type { EvidenceKind, InboxTaskKind, Light, Role } from '@rectiflow/domain';
import type {
  EscalationRow,
  FindingRow,
  LookBackRow,
  MeasureRow,
  ReviewRow,
  StageReportRow,
  SupervisionOrderRow,
  TaskRow,
} from '../read-model';
import type { FindingDisclosure } from './publication-views';

/**
 * The API's answers about findings and tasks (API.md "Findings", "Inbox and tasks"), declared
 * once: the API's view builders return them, the web app and the tests read them, and the
 * OpenAPI document's schemas are generated from them.
 */

/** A list entry: what every finding view carries, with its light derived from due times. */
export interface FindingSummary extends Pick<
  FindingRow,
  | 'id'
  | 'roundId'
  | 'code'
  | 'title'
  | 'stage'
  | 'longTerm'
  | 'leadDepartmentId'
  | 'coDepartmentIds'
  | 'responsibleLeaderId'
  | 'dueAt'
  | 'escalationLevel'
  | 'cycle'
  | 'closedAt'
  | 'sentBackCount'
  | 'accountabilityCount'
> {
  /** The unit the finding belongs to. */
  unitId: string;
  overdue: boolean;
  light: Light;
  /**
   * Its workflow was stopped outside the API (terminated or reset in Temporal): steps answer
   * 409 `finding_halted` until the office resumes it (`POST /api/findings/:id/resume`).
   */
  halted: boolean;
  /**
   * Withdrawn by the office (撤回, `POST /api/findings/:id/withdraw`): no open task, in no inbox
   * or open count, kept in the ledger; the reason is in its history.
   */
  withdrawn: boolean;
}

/** 待办: one task as an inbox shows it. */
export interface TaskView extends Pick<
  TaskRow,
  | 'id'
  | 'roundId'
  | 'roles'
  | 'departmentId'
  | 'assigneeId'
  | 'targetUserId'
  | 'status'
  | 'dueAt'
  | 'escalationLevel'
  | 'subjectTaskId'
  | 'cycle'
  | 'createdAt'
  | 'completedAt'
  | 'completedBy'
> {
  /** A finding workflow's step, or `public_comment` (意见建议 to handle, no workflow's). */
  kind: InboxTaskKind;
  /** The finding whose step it is; null for a `public_comment` (its comment names one, or none). */
  findingId: string | null;
  /** The finding's title; for a `public_comment` the start of the comment. */
  findingTitle: string;
  /** The finding's number in its round (编号). */
  findingCode: string;
  unitId: string;
  /** The first role that may act. */
  role: Role;
  overdue: boolean;
  light: Light;
}

export type MeasureView = Pick<
  MeasureRow,
  'id' | 'seq' | 'text' | 'ownerDepartmentId' | 'dueAt' | 'done' | 'cycle'
>;

/** 佐证材料: a stored file's metadata. */
export interface EvidenceView {
  id: string;
  findingId: string;
  measureId: string | null;
  kind: EvidenceKind;
  filename: string;
  mimeType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
  /** A submission cited the file: reviewers saw it, so it can no longer be withdrawn. */
  submitted: boolean;
}

/** `POST /api/findings/:id/evidence` answer. */
export type UploadedEvidence = Pick<
  EvidenceView,
  'id' | 'filename' | 'size' | 'sha256' | 'kind' | 'mimeType' | 'uploadedAt' | 'measureId'
>;

export type ReviewView = Pick<
  ReviewRow,
  'level' | 'decision' | 'comment' | 'reviewerId' | 'at' | 'cycle'
>;

export type EscalationView = Pick<
  EscalationRow,
  | 'id'
  | 'taskId'
  | 'taskKind'
  | 'level'
  | 'status'
  | 'action'
  | 'comment'
  | 'actorId'
  | 'createdAt'
  | 'resolvedAt'
>;

export type StageReportView = Omit<StageReportRow, 'id' | 'findingId'>;
export type LookBackView = Omit<LookBackRow, 'id' | 'findingId'>;

/**
 * 配合整改: a co-operating department's part of the finding (its contribute task of the current
 * cycle), `pending` until its clerk or head reports it, then with what they did and their files.
 */
export interface ContributionView {
  taskId: string;
  departmentId: string;
  status: 'pending' | 'done';
  dueAt: string | null;
  text: string | null;
  evidenceIds: string[];
  authorId: string | null;
  at: string | null;
}

/** 督办单 on a finding (every cycle's), newest first. */
export type SupervisionOrderView = Omit<SupervisionOrderRow, 'findingId'>;

/** One line of a finding's history: an audit event of the finding. */
export interface HistoryEntry {
  at: string;
  actorId: string | null;
  action: string;
  detail: Record<string, unknown> | null;
}

/** `GET /api/findings/:id`: the summary and everything recorded on the finding. */
export interface FindingDetail
  extends
    FindingSummary,
    Pick<
      FindingRow,
      'areaTitle' | 'themeTitle' | 'areaId' | 'themeId' | 'lastReport' | 'createdAt' | 'updatedAt'
    > {
  measures: MeasureView[];
  evidence: EvidenceView[];
  reviews: ReviewView[];
  openTasks: TaskView[];
  /** Open tasks with a saved draft (GET /api/tasks/:id/draft reads it). */
  draftTaskIds: string[];
  escalations: EscalationView[];
  stageReports: StageReportView[];
  lookBacks: LookBackView[];
  /** Why the lead department returned the assignment (退回交办), while it awaits assignment. */
  returnedReason: string | null;
  /** The co-departments' parts (配合整改), pending or reported. */
  contributions: ContributionView[];
  /** 督办单: orders issued on the finding, open, answered, accepted. */
  supervisionOrders: SupervisionOrderView[];
  /** Whether the public version of the report leaves it out (不予公开), and why. */
  disclosure: FindingDisclosure;
  history: HistoryEntry[];
}

/**
 * The result of a step (`POST /api/tasks/:id/complete`): the task as done and the finding as
 * after the step, whose next tasks are already in the inboxes.
 */
export interface CompleteTaskAnswer {
  task: TaskView;
  /** The finding after the step; for a `public_comment` the finding it was linked to, else null. */
  finding: FindingDetail | null;
}
