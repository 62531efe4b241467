import { Entity, Index, PrimaryColumn } from 'typeorm';
import type { RoundSource } from '@rectiflow/domain';
import type { PublicationBlock } from '@rectiflow/contracts';
import { IdColumn, IntColumn, JsonColumn, NameColumn, TextColumn, TimeColumn } from '../columns';

export type { PublicationBlock };

/** 巡察轮次: one inspection (or audit…) and its feedback. */
@Entity('rounds')
@Index('idx_rounds_unit', ['unitId', 'createdAt'])
export class RoundEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() unitId!: string;
  /** The inspecting side's batch this round is a unit's part of, if any. */
  @IdColumn({ nullable: true }) batchId!: string | null;
  /** When the inspecting office handed the unit its feedback list (rounds it prepared). */
  @TimeColumn({ nullable: true }) handedOverAt!: string | null;
  @TextColumn() title!: string;
  @NameColumn() source!: RoundSource;
  @TextColumn({ nullable: true }) inspectingBody!: string | null;
  @TimeColumn({ nullable: true }) feedbackDate!: string | null;
  @TimeColumn({ nullable: true }) dueAt!: string | null;
  @JsonColumn({ nullable: true }) publication!: PublicationBlock | null;
  /** 下一步工作计划 as the office wrote it for the progress report (null: generated). */
  @TextColumn({ nullable: true }) nextSteps!: string | null;
  /** Numbers findings within the round; bumped in the creating transaction. */
  @IntColumn({ default: 0 }) findingSeq!: number;
  @IdColumn() createdBy!: string;
  @TimeColumn() createdAt!: string;
}

/** 聚焦…方面: the top grouping of a round's findings. */
@Entity('areas')
@Index(['roundId', 'seq'])
export class AreaEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() roundId!: string;
  @IntColumn() seq!: number;
  @TextColumn() title!: string;
}

/** 问题类别: the second grouping. */
@Entity('themes')
@Index(['areaId', 'seq'])
export class ThemeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() roundId!: string;
  @IdColumn() areaId!: string;
  @IntColumn() seq!: number;
  @TextColumn() title!: string;
}
