import { Entity, Index, PrimaryColumn } from 'typeorm';
import { IdColumn, IntColumn, NameColumn, TextColumn, TimeColumn } from '../columns';

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
