import type { DataSource } from 'typeorm';
import type { ScopedActor } from '@rectiflow/domain';
import { SupervisionRecordEntity } from '@rectiflow/persistence';
import { scopeToUnits } from '../units/unit-scope';

export interface RecordCounts {
  talks: number;
  accountabilityRecords: number;
}

/**
 * 约谈 and 问责 records per department, over the units the caller sees; with a round, only
 * the records about at least one of its findings. One grouped query, for the dashboard's and
 * the ledger's department rows alike.
 */
export async function recordCountsByDepartment(
  dataSource: DataSource,
  actor: ScopedActor,
  filter: { roundId?: string; unitId?: string },
): Promise<Map<string, RecordCounts>> {
  const qb = scopeToUnits(
    dataSource.getRepository(SupervisionRecordEntity).createQueryBuilder('r'),
    actor,
    'r.unitId',
    filter.unitId,
  )
    .select('r.departmentId', 'departmentId')
    .addSelect(`SUM(CASE WHEN r.kind = 'talk' THEN 1 ELSE 0 END)`, 'talks')
    .addSelect(
      `SUM(CASE WHEN r.kind = 'accountability' THEN 1 ELSE 0 END)`,
      'accountabilityRecords',
    )
    .andWhere('r.departmentId IS NOT NULL')
    .groupBy('r.departmentId');
  if (filter.roundId)
    qb.andWhere(
      `EXISTS (SELECT 1 FROM "supervision_record_findings" "rf" INNER JOIN "findings" "rff" ON "rff"."id" = "rf"."findingId" WHERE "rf"."recordId" = r.id AND "rff"."roundId" = :recordRoundId)`,
      { recordRoundId: filter.roundId },
    );
  const rows = await qb.getRawMany<{
    departmentId: string;
    talks: string | number | null;
    accountabilityRecords: string | number | null;
  }>();
  return new Map(
    rows.map((r) => [
      r.departmentId,
      { talks: Number(r.talks ?? 0), accountabilityRecords: Number(r.accountabilityRecords ?? 0) },
    ]),
  );
}
