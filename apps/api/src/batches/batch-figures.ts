import type { DataSource } from 'typeorm';
import type { CompletionFigures } from '@rectiflow/contracts';
import { FindingEntity, RoundEntity } from '@rectiflow/persistence';
import { escalatedCondition } from '../findings/light-sql';

/** What the genre counts (CompletionFigures), plus lateness, per unit of a batch. */
export interface UnitFigures extends CompletionFigures {
  unitId: string;
  overdue: number;
  escalated: number;
}

/** Under review or long-term: 基本完成、持续推进. */
const IN_PROGRESS = ['long_term', 'review_1', 'review_2', 'review_3'];

/**
 * The completion figures of a batch's units, counted by the database in one statement: every
 * finding of the batch's rounds but withdrawn ones, by unit. A unit with no findings yet has no row.
 */
export async function batchFigures(
  dataSource: DataSource,
  batchId: string,
  now: Date,
): Promise<UnitFigures[]> {
  const inProgress = IN_PROGRESS.map((s) => `'${s}'`).join(', ');
  const rows = await dataSource
    .createQueryBuilder()
    .select('f.unitId', 'unitId')
    .addSelect('COUNT(*)', 'findings')
    .addSelect(`SUM(CASE WHEN f.stage = 'closed' THEN 1 ELSE 0 END)`, 'completed')
    .addSelect(`SUM(CASE WHEN f.stage IN (${inProgress}) THEN 1 ELSE 0 END)`, 'inProgress')
    .addSelect(
      `SUM(CASE WHEN f.stage <> 'closed' AND f.stage NOT IN (${inProgress}) THEN 1 ELSE 0 END)`,
      'notCompleted',
    )
    .addSelect(`SUM(CASE WHEN f.nextDueAt < :now THEN 1 ELSE 0 END)`, 'overdue')
    .addSelect(`SUM(CASE WHEN ${escalatedCondition('f')} THEN 1 ELSE 0 END)`, 'escalated')
    .from(FindingEntity, 'f')
    .innerJoin(RoundEntity, 'r', 'r.id = f.roundId')
    .where('r.batchId = :batchId', { batchId, now: now.toISOString() })
    // A withdrawn finding (撤回) is no work of the unit's: in no figure.
    .andWhere('NOT f.withdrawn')
    .groupBy('f.unitId')
    .getRawMany<Record<string, string | number>>();
  return rows.map((r) => {
    const findings = Number(r.findings);
    const completed = Number(r.completed);
    return {
      unitId: String(r.unitId),
      findings,
      completed,
      inProgress: Number(r.inProgress),
      notCompleted: Number(r.notCompleted),
      completionRate: findings === 0 ? 0 : completed / findings,
      overdue: Number(r.overdue),
      escalated: Number(r.escalated),
    };
  });
}
