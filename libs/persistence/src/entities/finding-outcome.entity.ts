import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AmountKind, OutcomeKind, RegulationKind } from '@rectiflow/domain';
import { IdColumn, IntColumn, NameColumn, TextColumn, TimeColumn } from '../columns';

/** PostgreSQL hands a bigint over as a string; amounts stay far inside 2^53 分. */
const bigintAsNumber = {
  to: (v: number | null) => v,
  from: (v: string | number | null) => (v === null ? null : Number(v)),
};

/**
 * 整改成效 recorded on a finding: a regulation adopted or revised (建章立制), an amount of money
 * (清退/追回/挽回, integer 分), or people dealt with (count and kind). The columns of the other
 * kinds are null. Written by the lead department or the office, never edited; a wrong one is
 * removed (`removedAt`), kept for the audit chain and left out of every sum.
 */
@Entity('finding_outcomes')
@Index('idx_finding_outcomes_finding', ['findingId', 'recordedAt'])
@Index('idx_finding_outcomes_round', ['roundId', 'kind'])
export class FindingOutcomeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() findingId!: string;
  @IdColumn() roundId!: string;
  @IdColumn() unitId!: string;
  @IdColumn({ length: 16 }) kind!: OutcomeKind;
  @TextColumn({ nullable: true }) title!: string | null;
  @IdColumn({ length: 16, nullable: true }) regulationKind!: RegulationKind | null;
  @NameColumn({ nullable: true }) issuer!: string | null;
  /** The calendar day it was issued (YYYY-MM-DD). */
  @IdColumn({ length: 16, nullable: true }) issuedOn!: string | null;
  /** An evidence file of the finding (the regulation's text), if one was named. */
  @IdColumn({ nullable: true }) evidenceId!: string | null;
  @IdColumn({ length: 16, nullable: true }) amountKind!: AmountKind | null;
  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  amountFen!: number | null;
  @IntColumn({ nullable: true }) peopleCount!: number | null;
  @NameColumn({ nullable: true }) peopleKind!: string | null;
  @TextColumn() note!: string;
  @IdColumn() recordedBy!: string;
  @TimeColumn() recordedAt!: string;
  @TimeColumn({ nullable: true }) removedAt!: string | null;
  @IdColumn({ nullable: true }) removedBy!: string | null;
}
