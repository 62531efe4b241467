import { DepartmentEntity, UserEntity, UserOverseesEntity } from './organisation.entity';
import { BatchEntity, UnitEntity, UnitEvaluationEntity } from './unit.entity';
import { AreaEntity, RoundEntity, ThemeEntity } from './round.entity';
import { LongTermEntryEntity } from './long-term-entry.entity';
import {
  ContributionEntity,
  SupervisionOrderEntity,
  EscalationEntity,
  FindingEntity,
  LookBackEntity,
  MeasureEntity,
  ReviewEntity,
  StageReportEntity,
  TaskEntity,
} from './finding.entity';
import { AuditEventEntity, AuditHeadEntity } from './audit-event.entity';
import { EvidenceEntity } from './evidence.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { NotificationEntity } from './notification.entity';
import { FindingCommentEntity } from './comment.entity';
import { TaskDraftEntity } from './task-draft.entity';
import {
  SupervisionRecordEntity,
  SupervisionRecordFileEntity,
  SupervisionRecordFindingEntity,
} from './supervision-record.entity';
import { InboxViewEntity } from './inbox-view.entity';
import { CommentFileEntity } from './comment-file.entity';
import { WorkflowOutboxEntity } from './workflow-outbox.entity';
import { MeetingDecisionEntity, MeetingEntity } from './meeting.entity';
import { PublicationEntity } from './publication.entity';
import { PublicCommentEntity } from './public-comment.entity';
import { FindingOutcomeEntity } from './finding-outcome.entity';
import { FindingSumEntity } from './finding-sums.entity';

export * from './organisation.entity';
export * from './unit.entity';
export * from './round.entity';
export * from './finding.entity';
export * from './audit-event.entity';
export * from './evidence.entity';
export * from './idempotency-key.entity';
export * from './notification.entity';
export * from './workflow-outbox.entity';
export * from './long-term-entry.entity';
export * from './comment.entity';
export * from './task-draft.entity';
export * from './supervision-record.entity';
export * from './inbox-view.entity';
export * from './comment-file.entity';
export * from './meeting.entity';
export * from './publication.entity';
export * from './public-comment.entity';
export * from './finding-outcome.entity';
export * from './finding-sums.entity';

export const ENTITIES = [
  UnitEntity,
  BatchEntity,
  UnitEvaluationEntity,
  DepartmentEntity,
  UserEntity,
  UserOverseesEntity,
  RoundEntity,
  AreaEntity,
  ThemeEntity,
  FindingEntity,
  MeasureEntity,
  TaskEntity,
  ReviewEntity,
  EscalationEntity,
  StageReportEntity,
  LookBackEntity,
  ContributionEntity,
  SupervisionOrderEntity,
  EvidenceEntity,
  NotificationEntity,
  AuditEventEntity,
  AuditHeadEntity,
  IdempotencyKeyEntity,
  WorkflowOutboxEntity,
  LongTermEntryEntity,
  FindingCommentEntity,
  TaskDraftEntity,
  SupervisionRecordEntity,
  SupervisionRecordFindingEntity,
  SupervisionRecordFileEntity,
  InboxViewEntity,
  CommentFileEntity,
  MeetingEntity,
  MeetingDecisionEntity,
  PublicationEntity,
  PublicCommentEntity,
  FindingOutcomeEntity,
  FindingSumEntity,
];
