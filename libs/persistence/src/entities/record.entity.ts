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
 * A finding's workflow start that its creating transaction promised (an outbox row): written
 * with the finding, deleted once the workflow runs. A row left behind by an API that stopped
 * between the two is started by the next sweep (FindingCreationService), so no finding is left
 * in the read model without its workflow.
 */
@Entity('pending_workflow_starts')
export class PendingWorkflowStartEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) findingId!: string;
  /** The workflow's input (FindingWorkflowInput) as JSON. */
  @TextColumn() input!: string;
  @TimeColumn() createdAt!: string;
}
