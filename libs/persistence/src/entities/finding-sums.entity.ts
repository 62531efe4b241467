import { Entity, Index, PrimaryColumn } from 'typeorm';
import { IntColumn } from '../columns';

/** The kept figures (after the key columns in the two grouping indexes). */
const KEPT = ['n', 'lit', 'onTime', 'sentBack', 'accountability', 'longTerm', 'escalated'];

/**
 * The dashboard's figures that do not depend on the clock, per unit, stage, lead department and
 * responsible leader, kept by the database itself: triggers on `findings` (migration
 * 1770500000000) add a finding's share when its row is written and take the old share away,
 * whatever writes it (the projection, the API, a repair by SQL). Withdrawn findings (撤回) have
 * no share, as in every figure. A missing department or leader is `''` (a key column cannot be
 * null). The dashboard of all rounds sums these; a round's own dashboard reads its findings.
 */
@Entity('finding_sums')
// The dashboard's two groupings read the figures in group order (migration 1770500000000).
@Index('idx_finding_sums_stage_leader', ['stage', 'responsibleLeaderId', ...KEPT])
@Index('idx_finding_sums_department', ['leadDepartmentId', 'stage', ...KEPT])
export class FindingSumEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) unitId!: string;
  @PrimaryColumn({ type: 'varchar', length: 200 }) stage!: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) leadDepartmentId!: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) responsibleLeaderId!: string;
  /** Findings in the group. */
  @IntColumn() n!: number;
  /** Those that can have a light: assigned, and not closed or closed with a look-back pending. */
  @IntColumn() lit!: number;
  /** Closed by their deadline (closedAt ≤ dueAt). */
  @IntColumn() onTime!: number;
  @IntColumn() sentBack!: number;
  @IntColumn() accountability!: number;
  @IntColumn() longTerm!: number;
  /** Escalated: on the ladder now (escalationLevel > 0) or once before (escalatedOnce). */
  @IntColumn() escalated!: number;
}
