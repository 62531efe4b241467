import type { DataSource, SelectQueryBuilder } from 'typeorm';
import type { ScopedActor } from '@rectiflow/domain';
import {
  FindingEntity,
  SupervisionOrderEntity,
  SupervisionRecordEntity,
  SupervisionRecordFindingEntity,
} from '@rectiflow/persistence';
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

/** Per finding: its 约谈 and 问责 records, the 督办单 issued on it and those not yet accepted. */
export interface FindingSupervisionCounts extends RecordCounts {
  ordersIssued: number;
  openOrders: number;
}

const NO_COUNTS: FindingSupervisionCounts = {
  talks: 0,
  accountabilityRecords: 0,
  ordersIssued: 0,
  openOrders: 0,
};

/**
 * The supervision figures of each finding, either of the listed findings or of every finding of
 * a round (joined in SQL, so a round of thousands binds no list of ids): two grouped queries.
 */
export async function supervisionCountsByFinding(
  dataSource: DataSource,
  of: { findingIds: string[] } | { roundId: string },
): Promise<(findingId: string) => FindingSupervisionCounts> {
  const counts = new Map<string, FindingSupervisionCounts>();
  if ('findingIds' in of && of.findingIds.length === 0) return () => ({ ...NO_COUNTS });
  const within = <T extends object>(
    qb: SelectQueryBuilder<T>,
    column: string,
  ): SelectQueryBuilder<T> =>
    'findingIds' in of
      ? qb.where(`${column} IN (:...ids)`, { ids: of.findingIds })
      : qb
          .innerJoin(FindingEntity, 'cf', `cf.id = ${column}`)
          .where('cf.roundId = :countRoundId', { countRoundId: of.roundId });
  const entry = (id: string) => {
    const c = counts.get(id) ?? { ...NO_COUNTS };
    counts.set(id, c);
    return c;
  };
  const records = await within(
    dataSource
      .getRepository(SupervisionRecordFindingEntity)
      .createQueryBuilder('rf')
      .innerJoin(SupervisionRecordEntity, 'r', 'r.id = rf.recordId'),
    'rf.findingId',
  )
    .select('rf.findingId', 'findingId')
    .addSelect('r.kind', 'kind')
    .addSelect('COUNT(*)', 'n')
    .groupBy('rf.findingId')
    .addGroupBy('r.kind')
    .getRawMany<{ findingId: string; kind: string; n: string | number }>();
  for (const r of records) {
    if (r.kind === 'talk') entry(r.findingId).talks = Number(r.n);
    else entry(r.findingId).accountabilityRecords = Number(r.n);
  }
  // 督办单: every one issued except those a withdrawal or a returned assignment cancelled, and
  // those still open or answered (not yet accepted).
  const orders = await within(
    dataSource.getRepository(SupervisionOrderEntity).createQueryBuilder('o'),
    'o.findingId',
  )
    .select('o.findingId', 'findingId')
    .addSelect(`SUM(CASE WHEN o.status <> 'cancelled' THEN 1 ELSE 0 END)`, 'issued')
    .addSelect(`SUM(CASE WHEN o.status IN ('open', 'answered') THEN 1 ELSE 0 END)`, 'open')
    .groupBy('o.findingId')
    .getRawMany<{ findingId: string; issued: string | number; open: string | number }>();
  for (const r of orders) {
    const c = entry(r.findingId);
    c.ordersIssued = Number(r.issued ?? 0);
    c.openOrders = Number(r.open ?? 0);
  }
  return (id) => counts.get(id) ?? { ...NO_COUNTS };
}
