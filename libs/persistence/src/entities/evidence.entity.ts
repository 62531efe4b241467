import { Entity, Index, PrimaryColumn } from 'typeorm';
import type { EvidenceKind } from '@rectiflow/domain';
import { IdColumn, IntColumn, NameColumn, TimeColumn } from '../columns';

/** 佐证材料: metadata of an uploaded file; the bytes are stored by content hash. */
@Entity('evidence')
@Index(['findingId', 'uploadedAt'])
export class EvidenceEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() findingId!: string;
  @IdColumn() unitId!: string;
  @IdColumn({ nullable: true }) measureId!: string | null;
  @NameColumn() kind!: EvidenceKind;
  @NameColumn() filename!: string;
  @NameColumn() mimeType!: string;
  @IntColumn() size!: number;
  @Column64() sha256!: string;
  @IdColumn() uploadedBy!: string;
  @TimeColumn() uploadedAt!: string;
  /** The first step that cited the file; from then on it cannot be withdrawn. */
  @IdColumn({ nullable: true }) submittedTaskId!: string | null;
  /** Withdrawn (撤回) before any submission: kept, but no longer shown or citable. */
  @TimeColumn({ nullable: true }) withdrawnAt!: string | null;
  @IdColumn({ nullable: true }) withdrawnBy!: string | null;
}

function Column64() {
  return NameColumn({ length: 64 });
}
