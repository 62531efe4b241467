import type { AuditEventView, AuditVerification } from './audit-views';
import type { CommentFileView, CommentPage, CommentView } from './comment-views';
import type { ErrorAnswer } from './error-views';
import type { DashboardView, InboxCounts, Page, TrendView } from './figure-views';
import type {
  CompleteTaskAnswer,
  FindingDetail,
  FindingSummary,
  TaskView,
  UploadedEvidence,
} from './finding-views';
import type { MeetingDecisionsAnswer, MeetingDetail, MeetingPage } from './meeting-views';
import type { InboxSavedView, InboxSavedViewList } from './inbox-view-views';
import type { HealthUnavailableAnswer, HealthView } from './health-views';
import type { NoticePage, NoticeReadAllAnswer, NoticeReadAnswer } from './notice-views';
import type {
  DemoUsersAnswer,
  DepartmentView,
  LoginAnswer,
  PublicSettings,
  TemporaryPasswordAnswer,
  UserView,
  UserWithPassword,
} from './organisation-views';
import type { BatchAssignAnswer, ImportAnswer, RoundView, RoundWithCounts } from './round-views';
import type { PublicationList, PublicationView, PublicRoundView } from './publication-views';
import type { ScorecardView } from './scorecard-views';
import type { SignInProviders } from './sign-in-views';
import type {
  LookBackSample,
  LookBackStarted,
  NudgeSent,
  SupervisionOrderIssued,
  SupervisionPage,
  SupervisionRecordPage,
  SupervisionRecordView,
} from './supervision-views';
import type {
  BatchApproveAnswer,
  BatchClaimAnswer,
  TaskDraftSaved,
  TaskDraftView,
} from './task-step-views';
import type { BatchSummary, BatchView, UnitEvaluationView, UnitView } from './unit-views';
import type {
  PublicCommentReceipt,
  PublicCommentStatusView,
  PublicCommentView,
  PublicFindingList,
} from './public-comment-views';
import type { OutcomeList, OutcomeView } from './outcome-views';

/**
 * Every JSON answer of the API, by the name of its schema in the OpenAPI document. The schemas
 * are generated from this interface (`npm run openapi:schemas` writes
 * apps/api/src/openapi/response-schemas.json), and the API's `@ApiRoute({ answer })` checks at
 * compile time that a handler returns the type its name stands for.
 */
export interface ApiResponses {
  CommentFileView: CommentFileView;
  CommentPage: CommentPage;
  CommentView: CommentView;
  AuditEventPage: Page<AuditEventView>;
  AuditVerification: AuditVerification;
  BatchApproveAnswer: BatchApproveAnswer;
  BatchAssignAnswer: BatchAssignAnswer;
  BatchClaimAnswer: BatchClaimAnswer;
  BatchPage: Page<BatchView>;
  BatchSummary: BatchSummary;
  BatchView: BatchView;
  CompleteTaskAnswer: CompleteTaskAnswer;
  DashboardView: DashboardView;
  TrendView: TrendView;
  DemoUsersAnswer: DemoUsersAnswer;
  DepartmentPage: Page<DepartmentView>;
  DepartmentView: DepartmentView;
  ErrorAnswer: ErrorAnswer;
  FindingDetail: FindingDetail;
  FindingSummary: FindingSummary;
  FindingSummaryPage: Page<FindingSummary>;
  HealthUnavailableAnswer: HealthUnavailableAnswer;
  HealthView: HealthView;
  ImportAnswer: ImportAnswer;
  InboxCounts: InboxCounts;
  InboxSavedView: InboxSavedView;
  InboxSavedViewList: InboxSavedViewList;
  LoginAnswer: LoginAnswer;
  MeetingDecisionsAnswer: MeetingDecisionsAnswer;
  PublicationList: PublicationList;
  PublicationView: PublicationView;
  PublicRoundView: PublicRoundView;
  MeetingDetail: MeetingDetail;
  MeetingPage: MeetingPage;
  NoticePage: NoticePage;
  OutcomeList: OutcomeList;
  OutcomeView: OutcomeView;
  NoticeReadAllAnswer: NoticeReadAllAnswer;
  NoticeReadAnswer: NoticeReadAnswer;
  RoundPage: Page<RoundView>;
  RoundView: RoundView;
  RoundWithCounts: RoundWithCounts;
  ScorecardView: ScorecardView;
  SignInProviders: SignInProviders;
  NudgeSent: NudgeSent;
  SupervisionOrderIssued: SupervisionOrderIssued;
  LookBackStarted: LookBackStarted;
  LookBackSample: LookBackSample;
  SupervisionPage: SupervisionPage;
  SupervisionRecordPage: SupervisionRecordPage;
  SupervisionRecordView: SupervisionRecordView;
  TaskDraftSaved: TaskDraftSaved;
  TaskDraftView: TaskDraftView;
  TaskPage: Page<TaskView>;
  TaskView: TaskView;
  UnitEvaluationList: UnitEvaluationView[];
  UnitEvaluationView: UnitEvaluationView;
  UnitPage: Page<UnitView>;
  UnitView: UnitView;
  UploadedEvidence: UploadedEvidence;
  PublicSettings: PublicSettings;
  PublicCommentReceipt: PublicCommentReceipt;
  PublicCommentStatusView: PublicCommentStatusView;
  PublicCommentView: PublicCommentView;
  PublicFindingList: PublicFindingList;
  TemporaryPasswordAnswer: TemporaryPasswordAnswer;
  UserList: { items: UserView[] };
  UserPage: Page<UserView>;
  UserView: UserView;
  UserWithPassword: UserWithPassword;
}
