import { DepartmentEntity, UserEntity } from './organisation.entity';
import { AreaEntity, RoundEntity, ThemeEntity } from './round.entity';
import { LongTermEntryEntity } from './long-term-entry.entity';
import {
  EscalationEntity,
  FindingEntity,
  LookBackEntity,
  MeasureEntity,
  ReviewEntity,
  StageReportEntity,
  TaskEntity,
} from './finding.entity';
import {
  AuditEventEntity,
  AuditHeadEntity,
  EvidenceEntity,
  IdempotencyKeyEntity,
  NotificationEntity,
  WorkflowOutboxEntity,
} from './record.entity';

export * from './organisation.entity';
export * from './round.entity';
export * from './finding.entity';
export * from './record.entity';
export * from './long-term-entry.entity';

export const ENTITIES = [
  DepartmentEntity,
  UserEntity,
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
  EvidenceEntity,
  NotificationEntity,
  AuditEventEntity,
  AuditHeadEntity,
  IdempotencyKeyEntity,
  WorkflowOutboxEntity,
  LongTermEntryEntity,
];
