import { Entity, Index, PrimaryColumn } from 'typeorm';
import { IdColumn, IntColumn, NameColumn, TextColumn, TimeColumn } from '../columns';

/**
 * What the supervisor (督办/纪委) records beside the workflow: an admonition talk (约谈 — when,
 * held by whom, with whom, about which findings) or an accountability decision (问责 — its kind
 * from the configured list, its subject, the findings it answers). Written once, never edited;
 * audited; counted per department in the figures and the ledger.
 */
@Entity('supervision_records')
@Index('idx_supervision_records_unit', ['unitId', 'occurredOn'])
@Index('idx_supervision_records_department', ['departmentId', 'kind'])
export class SupervisionRecordEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() unitId!: string;
  /** `talk` (约谈) or `accountability` (问责). */
  @IdColumn({ length: 16 }) kind!: 'talk' | 'accountability';
  /** The calendar day it took place (YYYY-MM-DD, in the organisation's time zone). */
  @IdColumn({ length: 16 }) occurredOn!: string;
  /** The department concerned, if one is (the findings' lead department as a rule). */
  @IdColumn({ nullable: true }) departmentId!: string | null;
  /** 约谈: with whom; 问责: who is held accountable (a person or a department's leadership). */
  @NameColumn() subject!: string;
  /** 约谈: who held it; empty for 问责. */
  @NameColumn() heldBy!: string;
  /** 问责: 批评教育, 诫勉谈话 … (one of ACCOUNTABILITY_KINDS); empty for 约谈. */
  @NameColumn() accountabilityKind!: string;
  @TextColumn() note!: string;
  @IdColumn() recordedBy!: string;
  @TimeColumn() createdAt!: string;
}

/** The findings a supervision record is about (one or more, of the record's unit). */
@Entity('supervision_record_findings')
@Index('idx_supervision_record_findings_finding', ['findingId'])
export class SupervisionRecordFindingEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) recordId!: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) findingId!: string;
}

/**
 * A file of a supervision record (the talk's minutes, the decision's document): uploaded first
 * by the supervisor (under the evidence upload rules, bytes stored by content hash), then named
 * by the record that carries it, which it never leaves.
 */
@Entity('supervision_record_files')
@Index('idx_supervision_record_files_record', ['recordId'])
export class SupervisionRecordFileEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  /** The record that carries it; null until one does. */
  @IdColumn({ nullable: true }) recordId!: string | null;
  @NameColumn() filename!: string;
  @NameColumn() mimeType!: string;
  @IntColumn() size!: number;
  @NameColumn({ length: 64 }) sha256!: string;
  @IdColumn() uploadedBy!: string;
  @TimeColumn() uploadedAt!: string;
}
