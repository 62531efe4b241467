// The HTTP shapes of API.md, derived from the row and input types the API and the workflows
// share (libs/contracts, libs/domain), so a renamed field breaks the web build too.
// Type-only: nothing from these libraries but the pure vocabulary reaches the bundle.
import type {
  EscalationRow,
  FindingRow,
  LookBackRow,
  MeasureRow,
  NoticeKind,
  ReviewRow,
  StageReportRow,
  TaskInputByKind,
  TaskRow,
} from '@rectiflow/contracts';
import type { EvidenceKind, Light, Role, RoundSource, Stage, TaskKind } from '@rectiflow/domain';
import type { ParsedArea, Publication } from '@rectiflow/importer';

export interface Page<T> {
  items: T[];
  total: number;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  departmentId: string | null;
}

export interface LoginAnswer {
  accessToken: string;
  user: User;
}

export interface Department {
  id: string;
  code: string;
  name: string;
}

/** `GET /api/public/demo-users`: only answered where the demo organisation is seeded. */
export interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  departmentCode: string | null;
}

export interface DemoUsersAnswer {
  password: string;
  users: DemoUser[];
}

/** What every finding view carries, with the light derived from due times and now. */
export type FindingSummary = Pick<
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
> & { overdue: boolean; light: Light };

export type Task = Pick<
  TaskRow,
  | 'id'
  | 'kind'
  | 'findingId'
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
> & { findingTitle: string; role: Role; overdue: boolean; light: Light };

export type Measure = Pick<
  MeasureRow,
  'id' | 'seq' | 'text' | 'ownerDepartmentId' | 'dueAt' | 'done' | 'cycle'
>;

export interface Evidence {
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
}

/** `POST /api/findings/:id/evidence` answer. */
export type UploadedEvidence = Pick<
  Evidence,
  'id' | 'filename' | 'size' | 'sha256' | 'kind' | 'uploadedAt'
>;

export type Review = Pick<
  ReviewRow,
  'level' | 'decision' | 'comment' | 'reviewerId' | 'at' | 'cycle'
>;
export type Escalation = Pick<
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
export type StageReport = Omit<StageReportRow, 'id' | 'findingId'>;
export type LookBack = Omit<LookBackRow, 'id' | 'findingId'>;

export interface HistoryEntry {
  at: string;
  actorId: string | null;
  action: string;
  detail: Record<string, unknown> | null;
}

export interface FindingDetail
  extends
    FindingSummary,
    Pick<FindingRow, 'areaTitle' | 'themeTitle' | 'lastReport' | 'createdAt' | 'updatedAt'> {
  measures: Measure[];
  evidence: Evidence[];
  reviews: Review[];
  openTasks: Task[];
  escalations: Escalation[];
  stageReports: StageReport[];
  lookBacks: LookBack[];
  history: HistoryEntry[];
}

export interface Round {
  id: string;
  title: string;
  source: RoundSource;
  inspectingBody: string | null;
  feedbackDate: string | null;
  dueAt: string | null;
  publication: Publication | null;
  createdBy: string;
  createdAt: string;
}

export interface RoundWithCounts extends Round {
  counts: { total: number; byStage: Record<Stage, number> };
}

export interface CreateRoundBody {
  title: string;
  source: RoundSource;
  inspectingBody?: string;
  feedbackDate?: string;
  dueAt?: string;
}

/** The long-term section's own entry for a finding, and how the import tied it there. */
export interface PreviewLongTermEntry {
  title: string;
  progress: string;
  match: 'title' | 'contains' | 'words' | 'own' | 'office';
}

/** A previewed finding; `ref` names it when the corrected tree is confirmed. */
export interface PreviewFinding {
  ref: number;
  line?: number;
  title: string;
  measures?: string[];
  longTerm?: boolean;
  longTermEntry?: PreviewLongTermEntry;
  leadDepartmentCode?: string;
  responsibleLeaderUsername?: string;
  dueAt?: string;
}

/** An outline to preview: what the importer parsed. */
export interface PreviewArea {
  title: string;
  themes: { title: string; findings: PreviewFinding[] }[];
}

/** The document an import was read from. */
export interface ImportedDocument {
  kind: 'text' | 'docx' | 'pdf' | 'xlsx';
  filename: string | null;
  sha256: string;
  bytes: number;
  pages?: number;
  paragraphs?: number;
  numbered?: number;
  readMs?: number;
}

/** `POST /api/rounds/:id/import` answer; `tree` is the parsed outline where the API sends it. */
export interface ImportAnswer {
  areas: number;
  themes: number;
  findings: number;
  measures: number;
  longTermItems: number;
  publication: Publication | null;
  warnings: string[];
  findingIds: string[];
  tree?: PreviewArea[];
  /** A dry run of a document: sent back with a corrected tree to confirm it. */
  origin?: string;
  document?: ImportedDocument;
  /** A corrected preview: what was changed against the parsed document. */
  corrections?: { kind: string }[];
}

export interface DepartmentFigures {
  departmentId: string;
  code: string;
  name: string;
  open: number;
  overdue: number;
  closed: number;
  sentBack: number;
  onTimeRate: number | null;
  escalated?: number;
  accountability?: number;
}

export interface Dashboard {
  byStage: Partial<Record<Stage, number>>;
  overdue: number;
  escalated: number;
  closed: number;
  total: number;
  byDepartment: DepartmentFigures[];
  byLight?: Partial<Record<Light, number>>;
}

export interface InboxCounts {
  total: number;
  overdue: number;
  byKind: Partial<Record<TaskKind, number>>;
}

export interface Notice {
  id: string;
  kind: NoticeKind;
  findingId: string | null;
  taskId: string | null;
  title: string;
  body: string;
  createdAt: string;
  read: boolean;
  readAt: string | null;
}

export interface NoticePage extends Page<Notice> {
  unread: number;
}

export type TaskInput<K extends TaskKind> = TaskInputByKind[K];

export interface CompleteAnswer {
  task: Task;
  finding: FindingDetail;
}

export type { ParsedArea, Publication };
