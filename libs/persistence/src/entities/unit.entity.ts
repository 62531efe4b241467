import { Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { UnitSettings } from '@rectiflow/contracts';
import { BoolColumn, IdColumn, JsonColumn, NameColumn, TextColumn, TimeColumn } from '../columns';

/**
 * 被巡察单位: an inspected unit (党组织). Its departments, users, rounds and everything below
 * belong to it; `settings` holds where it differs from the deployment's defaults.
 */
@Entity('units')
@Unique('UQ_units_code', ['code'])
export class UnitEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @NameColumn({ length: 40 }) code!: string;
  @NameColumn() name!: string;
  @BoolColumn() active!: boolean;
  @JsonColumn({ nullable: true }) settings!: UnitSettings | null;
  @TimeColumn() createdAt!: string;
}

/**
 * An inspection batch of the inspecting side (e.g. 十二届区委第二轮巡察) over several units;
 * each unit's feedback is a round of the batch.
 */
@Entity('batches')
export class BatchEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @TextColumn() title!: string;
  @JsonColumn() unitIds!: string[];
  @IdColumn() createdBy!: string;
  @TimeColumn() createdAt!: string;
}

/** 整改成效评估: the inspecting office's evaluation of one unit's rectification in a batch. */
@Entity('unit_evaluations')
@Index('idx_unit_evaluations_batch', ['batchId', 'unitId'])
export class UnitEvaluationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() batchId!: string;
  @IdColumn() unitId!: string;
  @NameColumn() rating!: string;
  @TextColumn() note!: string;
  /** Files stored like evidence: [{ filename, sha256, size, mimeType }]. */
  @JsonColumn() files!: { filename: string; sha256: string; size: number; mimeType: string }[];
  @IdColumn() evaluatedBy!: string;
  @TimeColumn() at!: string;
}
