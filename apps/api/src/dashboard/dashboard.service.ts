import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@rectiflow/config';
import { STAGES, type Light, type Stage } from '@rectiflow/domain';
import { DepartmentEntity, EscalationEntity, FindingEntity } from '@rectiflow/persistence';
import type { DashboardView } from '@rectiflow/contracts';
import { departmentFigures } from '@rectiflow/reports';
import type { AuthUser } from '../auth/auth.decorators';
import { APP_CONFIG } from '../config/config.module';
import { findingSummary } from '../findings/finding-views';
import { FindingsService, seesAllFindings } from '../findings/findings.service';
import { lightConditions, lightParameters, selectLightCounts } from '../findings/light-sql';
import { scopeToUnits } from '../units/unit-scope';
import { RoundsService } from '../rounds/rounds.service';

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
    const qb = findings();
    // Escalation records count too: a finding whose ladder was resolved was still escalated.
    qb.addSelect(
      (sub) => sub.select('COUNT(*)').from(EscalationEntity, 'e').where('e.findingId = f.id'),
      'escalation_records',
    );
    // A withdrawn finding (撤回) is in no figure: it is not work, open or done.
    qb.andWhere('NOT f.withdrawn');
    const { entities: rows, raw } = await qb.getRawAndEntities<{
      escalation_records: string | number;
    }>();

    const byStage = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
    let overdue = 0;
    let escalated = 0;
    let closed = 0;
    let longTerm = 0;
    const figures = rows.map((f, i) => {
      const summary = findingSummary(f, now, this.config.timing.warnBeforeMs);
      const wasEscalated = f.escalationLevel > 0 || Number(raw[i].escalation_records) > 0;
      byStage[f.stage] += 1;
      if (summary.overdue) overdue++;
      if (wasEscalated) escalated++;
      if (f.stage === 'closed') closed++;
      if (f.longTerm) longTerm++;
      return {
        leadDepartmentId: f.leadDepartmentId,
        stage: f.stage,
        overdue: summary.overdue,
        dueAt: f.dueAt,
        closedAt: f.closedAt,
        sentBackCount: f.sentBackCount,
        escalated: wasEscalated,
        accountabilityCount: f.accountabilityCount,
      };
    });

    const departments = await scopeToUnits(
      this.dataSource.getRepository(DepartmentEntity).createQueryBuilder('d'),
      actor,
      'd.unitId',
      unitId,
    )
      .orderBy('d.code', 'ASC')
      .getMany();
    const warnMs = this.config.timing.warnBeforeMs;
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
      total: rows.length,
      byStage,
      overdue,
      escalated,
      closed,
      longTerm,
      byDepartment: departmentFigures(visible, figures),
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
