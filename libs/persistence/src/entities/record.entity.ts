import { Entity, Index, PrimaryColumn } from 'typeorm';
import type { EvidenceKind } from '@rectiflow/domain';
import { IdColumn, IntColumn, NameColumn, TextColumn, TimeColumn } from '../columns';

/** 佐证材料: metadata of an uploaded file; the bytes are stored by content hash. */
@Entity('evidence')
@Index(['findingId', 'uploadedAt'])
export class EvidenceEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() findingId!: string;
  @IdColumn({ nullable: true }) measureId!: string | null;
  @NameColumn() kind!: EvidenceKind;
  @NameColumn() filename!: string;
  @NameColumn() mimeType!: string;
  @IntColumn() size!: number;
  @Column64() sha256!: string;
  @IdColumn() uploadedBy!: string;
  @TimeColumn() uploadedAt!: string;
}

function Column64() {
  return NameColumn({ length: 64 });
}

/** A notice to one user (reminder, escalation, send-back…), written once per notice and user. */
@Entity('notifications')
@Index(['userId', 'createdAt'])
@Index(['noticeId', 'userId'], { unique: true })
export class NotificationEntity {
  @PrimaryColumn({ type: 'varchar', length: 80 }) id!: string;
  @IdColumn() noticeId!: string;
  @IdColumn() userId!: string;
  @NameColumn() kind!: string;
  @IdColumn({ nullable: true }) findingId!: string | null;
  @IdColumn({ nullable: true }) taskId!: string | null;
  @TextColumn() title!: string;
  @TextColumn() body!: string;
  @TimeColumn() createdAt!: string;
  @TimeColumn({ nullable: true }) readAt!: string | null;
  @TimeColumn({ nullable: true }) emailedAt!: string | null;
}

/**
 * The audit log: append-only, each event's hash covers the previous event's hash, so an
 * edited or deleted row breaks the chain (`GET /api/audit/verify`).
 */
@Entity('audit_events')
@Index(['entityId', 'seq'])
@Index(['findingId', 'seq'])
export class AuditEventEntity {
  @PrimaryColumn({ type: 'integer' }) seq!: number;
  @NameColumn({ length: 80, unique: true }) eventId!: string;
  @TimeColumn() at!: string;
  @IdColumn({ nullable: true }) actorId!: string | null;
  @NameColumn() action!: string;
  @NameColumn() entityType!: string;
  @NameColumn() entityId!: string;
  @IdColumn({ nullable: true }) findingId!: string | null;
  /** The event's data as the JSON text that was hashed. */
  @TextColumn() data!: string;
  @NameColumn({ length: 64 }) hash!: string;
  @NameColumn({ length: 64 }) prevHash!: string;
}

/** One row: the chain's head. Appending locks it, which serialises appenders everywhere. */
@Entity('audit_head')
export class AuditHeadEntity {
  @PrimaryColumn({ type: 'integer' }) id!: number;
  @IntColumn() seq!: number;
  @NameColumn({ length: 64 }) hash!: string;
}

/** Answers to requests that carried an `Idempotency-Key`, replayed to a retry. */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 300 }) key!: string;
  @IntColumn() status!: number;
  @TextColumn() response!: string;
  @TimeColumn() createdAt!: string;
}

/**
 * What a creating transaction promised Temporal about a finding's workflow (an outbox row):
 * `start` is written with the finding and deleted once its workflow runs; `terminate` is
 * written when a failed creation is rolled back, and deleted once the workflow is gone. Rows an
 * API left behind (it stopped, or Temporal was down) are carried out by the next sweep
 * (FindingCreationService), so no finding stays without its workflow, and no rolled-back
 * finding keeps one.
 */
@Entity('workflow_outbox')
export class WorkflowOutboxEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) findingId!: string;
  @NameColumn() action!: 'start' | 'terminate';
  /** For `start`: the workflow's input (FindingWorkflowInput) as JSON; empty for `terminate`. */
  @TextColumn() input!: string;
  @TimeColumn() createdAt!: string;
}
