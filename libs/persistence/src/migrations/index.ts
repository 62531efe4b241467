import { InitialSchema1764100000000 } from './1764100000000-initial-schema';
import { InboxCoveringIndex1764300000000 } from './1764300000000-inbox-covering-index';
import { WorkflowOutbox1764400000000 } from './1764400000000-workflow-outbox';
import { NoticeCodes1764500000000 } from './1764500000000-notice-codes';
import { LongTermEntries1765010000000 } from './1765010000000-long-term-entries';
import { UserSessions1767100000000 } from './1767100000000-user-sessions';
import { CanonicalUsernames1767200000000 } from './1767200000000-canonical-usernames';
import { HaltedFindings1767300000000 } from './1767300000000-halted-findings';
import { Units1768000000000 } from './1768000000000-units';
import { Organisation1768100000000 } from './1768100000000-organisation';
import { WithdrawnFindings1768200000000 } from './1768200000000-withdrawn-findings';
import { FindingComments1768300000000 } from './1768300000000-finding-comments';
import { EvidenceWithdrawal1768400000000 } from './1768400000000-evidence-withdrawal';
import { TaskDrafts1768500000000 } from './1768500000000-task-drafts';
import { Contributions1768600000000 } from './1768600000000-contributions';
import { InboxViews1768800000000 } from './1768800000000-inbox-views';
import { CommentFiles1768810000000 } from './1768810000000-comment-files';
import { SupervisionRecords1768900000000 } from './1768900000000-supervision-records';
import { SupervisionOrders1769000000000 } from './1769000000000-supervision-orders';
import { Meetings1769300000000 } from './1769300000000-meetings';
import { RoundNextSteps1769400000000 } from './1769400000000-round-next-steps';
import { Publications1769500000000 } from './1769500000000-publications';
import { PublicComments1769600000000 } from './1769600000000-public-comments';
import { FindingOutcomes1769700000000 } from './1769700000000-finding-outcomes';
import { SupervisionRecordFiles1769800000000 } from './1769800000000-supervision-record-files';
import { MeetingAgenda1769900000000 } from './1769900000000-meeting-agenda';
import { DashboardCoveringIndexes1770200000000 } from './1770200000000-dashboard-covering-indexes';
import { ProjectionSeq1770300000000 } from './1770300000000-projection-seq';
import { InboxIndexKind1770400000000 } from './1770400000000-inbox-index-kind';
import { FindingSums1770500000000 } from './1770500000000-finding-sums';
import { InboxOrderedIndexes1770600000000 } from './1770600000000-inbox-ordered-indexes';
import { DueByGroup1770700000000 } from './1770700000000-due-by-group';
import { TaskDepartmentStatistics1770800000000 } from './1770800000000-task-department-statistics';

/** Every migration, in order. The schema changes only through these (`synchronize` is off). */
export const MIGRATIONS = [
  InitialSchema1764100000000,
  InboxCoveringIndex1764300000000,
  WorkflowOutbox1764400000000,
  NoticeCodes1764500000000,
  LongTermEntries1765010000000,
  UserSessions1767100000000,
  CanonicalUsernames1767200000000,
  HaltedFindings1767300000000,
  Units1768000000000,
  Organisation1768100000000,
  WithdrawnFindings1768200000000,
  FindingComments1768300000000,
  EvidenceWithdrawal1768400000000,
  TaskDrafts1768500000000,
  Contributions1768600000000,
  InboxViews1768800000000,
  CommentFiles1768810000000,
  SupervisionRecords1768900000000,
  SupervisionOrders1769000000000,
  Meetings1769300000000,
  RoundNextSteps1769400000000,
  Publications1769500000000,
  PublicComments1769600000000,
  FindingOutcomes1769700000000,
  SupervisionRecordFiles1769800000000,
  MeetingAgenda1769900000000,
  DashboardCoveringIndexes1770200000000,
  ProjectionSeq1770300000000,
  InboxIndexKind1770400000000,
  FindingSums1770500000000,
  InboxOrderedIndexes1770600000000,
  DueByGroup1770700000000,
  TaskDepartmentStatistics1770800000000,
];
