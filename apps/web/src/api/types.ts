// The HTTP shapes of API.md are declared once, in libs/contracts (views/): the API's handlers
// return them and the web app reads them. Here they are named as the app's code calls them.
// Type-only: nothing from these libraries but the pure vocabulary reaches the bundle.
import type { TaskInputByKind } from '@rectiflow/contracts';
import type { TaskKind } from '@rectiflow/domain';

export type {
  AuditEventView as AuditEvent,
  AuditVerification,
  UserWithPassword,
  CompleteTaskAnswer as CompleteAnswer,
  CreateRoundBody,
  DashboardView as Dashboard,
  DemoUser,
  DemoUsersAnswer,
  DepartmentFigures,
  DepartmentView as Department,
  EscalationView as Escalation,
  EvidenceView as Evidence,
  FindingDetail,
  FindingSummary,
  HistoryEntry,
  ImportAnswer,
  ImportedDocument,
  ImportLongTermEntry as PreviewLongTermEntry,
  ImportPreviewArea as PreviewArea,
  ImportPreviewFinding as PreviewFinding,
  InboxCounts,
  LoginAnswer,
  LookBackView as LookBack,
  MeasureView as Measure,
  NoticePage,
  NoticeView as Notice,
  Page,
  PublicationBlock as Publication,
  ReviewView as Review,
  RoundView as Round,
  RoundWithCounts,
  SignInProviders,
  StageReportView as StageReport,
  TaskView as Task,
  UploadedEvidence,
  UserView as User,
  UnitView as Unit,
  BatchView as Batch,
  BatchSummary,
  UnitSummary,
  SupervisionItem,
  SupervisionPage,
  UnitEvaluationView as UnitEvaluation,
  CommentView as Comment,
  CommentPage,
  NoticeReadAllAnswer,
} from '@rectiflow/contracts';
export type { ParsedArea } from '@rectiflow/importer';

export type TaskInput<K extends TaskKind> = TaskInputByKind[K];
