import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import { STAGES, type Light, type Stage } from '@rectiflow/domain';
import { DepartmentEntity, FindingEntity } from '@rectiflow/persistence';
import type { DashboardView, DepartmentFigures } from '@rectiflow/contracts';
import type { AuthUser } from '../auth/auth.decorators';
import { APP_CONFIG } from '../config/config.module';
import { FindingsService, seesAllFindings } from '../findings/findings.service';
import { lightConditions, lightParameters, selectLightCounts } from '../findings/light-sql';
import { scopeToUnits } from '../units/unit-scope';
import { RoundsService } from '../rounds/rounds.service';
import { recordCountsByDepartment, type RecordCounts } from '../supervision/record-counts';

/** A COUNT or SUM as the driver hands it over (a string for PostgreSQL's bigint and numeric). */
type Num = string | number | null;

/** One department's row, as `departmentFigures` (libs/reports) counts it for the ledger. */
function departmentRow(
  d: { id: string; code: string; name: string },
  sums: Record<string, Num> | undefined,
  records: RecordCounts | undefined,
): DepartmentFigures {
  const n = (key: string) => Number(sums?.[key] ?? 0);
  const closed = n('closed');
  return {
    departmentId: d.id,
    code: d.code,
    name: d.name,
    total: n('total'),
    open: n('total') - closed,
    overdue: n('overdue'),
    closed,
    sentBack: n('sentBack'),
    escalated: n('escalated'),
    accountability: n('accountability'),
    talks: records?.talks ?? 0,
    accountabilityRecords: records?.accountabilityRecords ?? 0,
    onTimeRate: closed > 0 ? Math.round((n('onTime') / closed) * 10_000) / 10_000 : null,
  };
}

/**
 * Figures of a round (or of all rounds) for the office and for appraisal (绩效考核). A
 * department's staff see the same figures over the findings they may see (led by or
 * co-operating with their department) and only their own department's row.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly rounds: RoundsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async dashboard(
    roundId: string | undefined,
    actor: AuthUser,
    unitId?: string,
  ): Promise<DashboardView> {
    if (roundId) await this.rounds.mustSee(roundId, actor);
    const now = new Date();
    const findings = () => {
      const q = this.dataSource.getRepository(FindingEntity).createQueryBuilder('f');
      if (roundId) q.where('f.roundId = :roundId', { roundId });
      return this.findings.scope(q, actor, 'f', unitId);
    };
    const warnMs = this.config.timing.warnBeforeMs;
    // Figures are SQL aggregates over the findings the caller may see: nothing is loaded row by
    // row, whatever the number of findings (a city's inspections hold 100,000).
    // Overdue as a finding's own light says (findingSummary): live, with a next due time passed.
    const overdueSql = `(NOT f.withdrawn AND (f.stage <> 'closed' OR f.nextDueAt IS NOT NULL) AND f.nextDueAt < :lightNow)`;
    // Escalation records count too: a finding whose ladder was resolved was still escalated.
    const escalatedSql = `(f.escalationLevel > 0 OR EXISTS (SELECT 1 FROM "escalations" "e" WHERE "e"."findingId" = f.id))`;
    const onTimeSql = `(f.stage = 'closed' AND f.closedAt IS NOT NULL AND f.dueAt IS NOT NULL AND f.closedAt <= f.dueAt)`;
    const sum = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
    // A withdrawn finding (撤回) is in no figure: it is not work, open or done.
    const live = () =>
      findings().andWhere('NOT f.withdrawn').setParameters(lightParameters(now, warnMs));
    const stageRows = await live()
      .select('f.stage', 'stage')
      .addSelect('COUNT(*)', 'n')
      .addSelect(sum(overdueSql), 'overdue')
      .addSelect(sum(escalatedSql), 'escalated')
      .addSelect(sum('f.longTerm = :yes'), 'longTerm')
      .setParameter('yes', true)
      .groupBy('f.stage')
      .getRawMany<{ stage: Stage; n: Num; overdue: Num; escalated: Num; longTerm: Num }>();
    const byStage = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
    let total = 0;
    let overdue = 0;
    let escalated = 0;
    let longTerm = 0;
    for (const r of stageRows) {
      byStage[r.stage] = Number(r.n);
      total += Number(r.n);
      overdue += Number(r.overdue ?? 0);
      escalated += Number(r.escalated ?? 0);
      longTerm += Number(r.longTerm ?? 0);
    }
    const closed = byStage.closed;
    const departmentRows = await live()
      .select('f.leadDepartmentId', 'departmentId')
      .addSelect('COUNT(*)', 'total')
      .addSelect(sum(`f.stage = 'closed'`), 'closed')
      .addSelect(sum(onTimeSql), 'onTime')
      .addSelect(sum(overdueSql), 'overdue')
      .addSelect('SUM(f.sentBackCount)', 'sentBack')
      .addSelect(sum(escalatedSql), 'escalated')
      .addSelect('SUM(f.accountabilityCount)', 'accountability')
      .andWhere('f.leadDepartmentId IS NOT NULL')
      .groupBy('f.leadDepartmentId')
      .getRawMany<Record<string, Num> & { departmentId: string }>();
    const sums = new Map(departmentRows.map((r) => [r.departmentId, r]));
    const recordSums = await recordCountsByDepartment(this.dataSource, actor, { roundId, unitId });

    const departments = await scopeToUnits(
      this.dataSource.getRepository(DepartmentEntity).createQueryBuilder('d'),
      actor,
      'd.unitId',
      unitId,
    )
      .orderBy('d.code', 'ASC')
      .getMany();
    const lights = await selectLightCounts(findings().select([]), now, warnMs).getRawOne<
      Record<string, string | number | null>
    >();
    const byLight = Object.fromEntries(
      (['green', 'yellow', 'red', 'unassigned'] as const).map((l) => [
        l,
        Number(lights?.[`light_${l}`] ?? 0),
      ]),
    ) as Record<Light | 'unassigned', number>;
    const leaders = await findings()
      .select('f.responsibleLeaderId', 'leaderId')
      .addSelect(`SUM(CASE WHEN f.stage <> 'closed' THEN 1 ELSE 0 END)`, 'open')
      .addSelect(`SUM(CASE WHEN ${lightConditions().red} THEN 1 ELSE 0 END)`, 'overdue')
      .addSelect(`SUM(CASE WHEN f.stage = 'closed' THEN 1 ELSE 0 END)`, 'closed')
      .andWhere('f.responsibleLeaderId IS NOT NULL')
      .andWhere('NOT f.withdrawn')
      .setParameters(lightParameters(now, warnMs))
      .groupBy('f.responsibleLeaderId')
      .orderBy('f.responsibleLeaderId', 'ASC')
      .getRawMany<{ leaderId: string; open: string; overdue: string; closed: string }>();
    const visible = seesAllFindings(actor)
      ? departments
      : departments.filter((d) => d.id === actor.departmentId);
    return {
      roundId: roundId ?? null,
      total,
      byStage,
      overdue,
      escalated,
      closed,
      longTerm,
      byDepartment: visible.map((d) => departmentRow(d, sums.get(d.id), recordSums.get(d.id))),
      byLight,
      byLeader: leaders.map((l) => ({
        leaderId: l.leaderId,
        open: Number(l.open),
        overdue: Number(l.overdue),
        closed: Number(l.closed),
      })),
      asOf: now.toISOString(),
    };
  }
}
